package sello

import (
	"context"
	"fmt"
	"time"
)

// RunJobs runs the background work that is due: it claims up to limit
// jobs of each group with the group's lease (safe with several workers and
// replicas) and takes each one a step further, one after another. A job
// whose lease is half gone before its turn is given back, so that no job
// starts when its claim may end before it does. It returns how many jobs
// it claimed.
func (s *Service) RunJobs(ctx context.Context, limit int) (int, error) {
	n := 0
	for _, g := range s.jobGroups() {
		jobs, err := s.store.ClaimJobs(ctx, s.now(), g.lease, limit, g.kinds...)
		if err != nil {
			return n, fmt.Errorf("claim jobs: %w", err)
		}
		n += len(jobs)
		for i, j := range jobs {
			if s.now().After(j.Lease.Add(-g.lease / 2)) {
				for _, rest := range jobs[i:] {
					if err := s.store.ReleaseJob(ctx, rest); err != nil {
						s.logger().Warn("job not given back; claimed again after its lease", "job", rest.ID, "err", err)
					}
				}
				break
			}
			s.runHeld(ctx, j, s.runJob)
		}
	}
	return n, nil
}

// runJob runs one claimed job by its kind.
func (s *Service) runJob(ctx context.Context, j *Job) error {
	switch j.Kind {
	case JobInvoice:
		return s.runInvoiceJob(ctx, j)
	case JobEmail:
		return s.runEmailJob(ctx, j)
	case JobInvoicePayment:
		return s.runInvoicePaymentJob(ctx, j)
	case JobPUEInvoice, JobPPDInvoice, JobComplement, JobReceipt:
		return s.runPaymentJob(ctx, j)
	}
	return s.endJob(ctx, j, fmt.Sprintf("unknown job kind %q", j.Kind))
}

// JobWorker runs RunJobs every interval until ctx ends.
func (s *Service) JobWorker(ctx context.Context, interval time.Duration) {
	s.poll(ctx, "job worker", interval, 20, s.RunJobs)
}

// QueueStats reports the depth of each queue and the age of its oldest due
// item (for /metrics). Database when storage fails.
func (s *Service) QueueStats(ctx context.Context) ([]QueueStat, error) {
	return s.store.QueueStats(ctx)
}
