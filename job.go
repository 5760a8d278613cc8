package sello

import (
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

// QueueStat is the state of one queue of background work: the open jobs
// of one kind.
type QueueStat struct {
	Queue   string
	Waiting int       // items not finished, due or not
	NextDue time.Time // the earliest due time among them; zero when none waits
}
