package sello

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Job is one piece of background work. It is stored in the same
// transaction as the change that causes it, so a crash never loses it;
// a worker claims it with a lease (Lease), so one whose worker died is
// claimed again when the lease ends, and a worker whose lease ended writes
// nothing; and it ends done, with its last error when it failed. One table
// holds every kind (Store.ClaimJobs), and one loop runs them
// (Service.RunJobs).
type Job struct {
	ID       string // pjob_… for a payment's automations; job_<invoice id> for an invoice's
	Kind     string // JobInvoice, or one of a payment's automations
	TeamID   TeamID
	Livemode bool
	// Ref is the object the job works on: the payment of an automation,
	// the invoice of JobInvoice.
	Ref string
	// Arg is the kind's one number: the index in Payment.Installments a
	// complement pays; 0 for the other kinds.
	Arg   int
	RunAt time.Time // when it is due
	// Lease is the end of the claim that holds the job (zero when none
	// does): until then no other worker claims it, and writes of the job
	// by its worker count only while the claim still holds it.
	Lease     time.Time
	Attempts  int
	LastError string
	DoneAt    time.Time // zero while open
	CreatedAt time.Time
}

// The kinds of jobs.
const (
	// JobInvoice stamps a pending invoice or asks the provider about its
	// pending cancellation. The store keeps it in step with the invoice:
	// open while the invoice has a NextStampAt, done once it has none.
	JobInvoice = "invoice"

	// A payment's automations (docs/PAYMENTS.md): one per payment, kind and
	// installment.
	JobPUEInvoice = "pue_invoice" // the PUE invoice of a succeeded payment
	JobPPDInvoice = "ppd_invoice" // the PPD invoice of a requested payment
	JobComplement = "complement"  // the complement of one installment
	JobReceipt    = "receipt"     // the receipt of a succeeded payment
	// JobInvoicePayment stores the payment an invoice's own automation
	// asks for (automation_type payment or payment_and_complement). The
	// invoice's commit opens it; the request runs it right after.
	JobInvoicePayment = "invoice_payment"

	// JobEmail e-mails a new invoice that asked for it (send_email) once it
	// is stamped. The store opens it in the transaction that stamps the
	// invoice (stored stamped, or a pending or draft invoice stamped), so a
	// crash before the e-mail leaves it to a worker; the process that
	// stamped the invoice claims it at once after the commit (mailIssued).
	JobEmail = "email"

	// JobDelivery is one webhook delivery's next attempt, run by the
	// webhook worker (Store.ClaimDeliveries). The store keeps it in step
	// with the delivery: open while it is pending, due at NextAttemptAt.
	JobDelivery = "delivery"
)

// JobKinds lists every kind of job, in the order /metrics reports them.
var JobKinds = []string{JobInvoice, JobEmail, JobInvoicePayment, JobPUEInvoice, JobPPDInvoice, JobComplement,
	JobReceipt, JobDelivery}

// The leases of claimed jobs. A payment's automation is created already
// claimed by the request that stored it, which runs it at once; a worker
// takes it only when that request died. A lease must exceed the time one
// job takes: a stamp is two provider calls of at most stampTimeout.
const (
	defaultPaymentLease = 2 * time.Minute // Config.PaymentLease
	defaultJobLease     = 2 * time.Minute // Config.JobLease: JobInvoice and JobEmail
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
			s.runHeld(ctx, j)
		}
	}
	return n, nil
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

// runHeld runs a job this process holds, whatever becomes of the request
// that asked for it; a job that cannot finish now is logged and left to
// the worker.
func (s *Service) runHeld(ctx context.Context, j *Job) {
	if err := s.runJob(context.WithoutCancel(ctx), j); err != nil {
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

// runJobNow claims the job id of a kind and runs it: what opened a job
// runs it right after the commit; if it cannot (a worker holds it, or it
// failed), the worker runs it.
func (s *Service) runJobNow(ctx context.Context, id, kind string) {
	if j := s.claimNow(ctx, id, kind); j != nil {
		s.runHeld(ctx, j)
	}
}

// JobWorker runs RunJobs every interval until ctx ends.
func (s *Service) JobWorker(ctx context.Context, interval time.Duration) {
	s.poll(ctx, "job worker", interval, 20, s.RunJobs)
}

// QueueStat is the state of one queue of background work: the open jobs
// of one kind.
type QueueStat struct {
	Queue   string
	Waiting int       // items not finished, due or not
	NextDue time.Time // the earliest due time among them; zero when none waits
}

// QueueStats reports the depth of each queue and the age of its oldest due
// item (for /metrics). Database when storage fails.
func (s *Service) QueueStats(ctx context.Context) ([]QueueStat, error) {
	return s.store.QueueStats(ctx)
}
