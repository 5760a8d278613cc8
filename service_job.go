package sello

import (
	"context"
	"fmt"
	"slices"
	"time"
)

func (s *Service) paymentLease() time.Duration {
	if s.payLease > 0 {
		return s.payLease
	}
	return defaultPaymentLease
}

func (s *Service) invoiceLease() time.Duration {
	if s.jobLease > 0 {
		return s.jobLease
	}
	return defaultJobLease
}

// jobGroups are the kinds RunJobs claims together, with their lease; the
// webhook worker claims the deliveries.
func (s *Service) jobGroups() []struct {
	kinds []string
	lease time.Duration
} {
	return []struct {
		kinds []string
		lease time.Duration
	}{
		{[]string{JobInvoice, JobEmail}, s.invoiceLease()},
		{[]string{JobInvoicePayment, JobPUEInvoice, JobPPDInvoice, JobComplement, JobReceipt}, s.paymentLease()},
	}
}

// leaseFor is the lease of a kind of job: its group's.
func (s *Service) leaseFor(kind string) time.Duration {
	for _, g := range s.jobGroups() {
		if slices.Contains(g.kinds, kind) {
			return g.lease
		}
	}
	return defaultJobLease
}

// runHeld runs a job this process holds with run, its kind's step,
// whatever becomes of the request that asked for it; a job that cannot
// finish now is logged and left to the worker.
func (s *Service) runHeld(ctx context.Context, j *Job, run func(context.Context, *Job) error) {
	if err := run(context.WithoutCancel(ctx), j); err != nil {
		s.logger().Warn("job left for later", "job", j.ID, "kind", j.Kind, "ref", j.Ref, "err", err)
	}
}

// endJob ends a held job with why as its last error.
func (s *Service) endJob(ctx context.Context, j *Job, why string) error {
	j.DoneAt, j.LastError = s.now(), why
	return s.store.UpdateJob(ctx, j)
}

// retryJob handles a passing failure of a held job: the next attempt on
// the invoice schedule (retryDelay), or, after max attempts, the job's end
// with what it gave up on. It reports whether the job ended.
func (s *Service) retryJob(ctx context.Context, j *Job, cause error, max int) (ended bool, err error) {
	j.Attempts++
	if j.Attempts >= max {
		j.DoneAt, j.LastError = s.now(), gaveUp(j.Attempts, cause.Error())
	} else {
		j.RunAt, j.LastError = s.now().Add(retryDelay(j.Attempts)), cause.Error()
	}
	return !j.DoneAt.IsZero(), s.store.UpdateJob(ctx, j)
}

// claimNow claims the job id of a kind, if it is due and free, with the
// kind's lease; nil when it is not (done, gone, or a worker holds it: that
// worker runs it).
func (s *Service) claimNow(ctx context.Context, id, kind string) *Job {
	j, err := s.store.ClaimJob(ctx, id, s.now(), s.leaseFor(kind))
	if err != nil {
		if ErrorCode(err) != NotFound {
			s.logger().Warn("job left to the worker", "job", id, "err", err)
		}
		return nil
	}
	return j
}

// runJobNow claims the job id of a kind and runs it with run: what opened
// a job runs it right after the commit; if it cannot (a worker holds it,
// or it failed), the worker runs it.
func (s *Service) runJobNow(ctx context.Context, id, kind string, run func(context.Context, *Job) error) {
	if j := s.claimNow(ctx, id, kind); j != nil {
		s.runHeld(ctx, j, run)
	}
}

// retryDelay is the wait before stamping attempt n+1 of a pending invoice.
func retryDelay(n int) time.Duration {
	steps := []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute}
	if n-1 < len(steps) {
		return steps[max(n-1, 0)]
	}
	return time.Hour
}

// maxJobAttempts bounds the attempts of a payment automation that fails
// for a passing reason (storage, the provider unreachable, an unexpected
// error): the delays of retryDelay add up to about five hours, then the
// job ends as failed. Waiting for another job or for the job worker
// (wait) is not an attempt.
const maxJobAttempts = 10

// gaveUp is the error text of work that failed attempts times.
func gaveUp(attempts int, last string) string {
	return fmt.Sprintf("gave up after %d attempts: %s", attempts, last)
}
