package main

import (
	"flag"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/stripe"
)

// paymentOptions configures the lease of background jobs, and payments'
// Stripe, at STRIPE_API_URL when set (stripe-mock in tests), else Stripe's
// API, whose checkout comes back to PUBLIC_URL (else http://addr). Stripe
// is used only for teams that connect it.
func paymentOptions(e *env, lease time.Duration, addr string) []sello.ServiceOption {
	public := e.getenv("PUBLIC_URL")
	if public == "" {
		public = "http://" + addr
	}
	return []sello.ServiceOption{sello.WithJobLease(lease), sello.WithProcessor(stripe.New(e.getenv("STRIPE_API_URL")), public)}
}

// jobLeaseFlag is --job-lease: how long a claimed job (a payment's
// automation, a pending invoice's next attempt) is reserved for its worker
// before another process takes it over (default 2m, or SELLO_JOB_LEASE).
// --payment-lease and SELLO_PAYMENT_LEASE, its name before every kind of
// background work shared one lease, still set it.
func jobLeaseFlag(fs *flag.FlagSet, e *env) *time.Duration {
	def := 2 * time.Minute
	for _, name := range []string{"SELLO_PAYMENT_LEASE", "SELLO_JOB_LEASE"} {
		if d, err := time.ParseDuration(e.getenv(name)); err == nil && d > 0 {
			def = d
		}
	}
	lease := fs.Duration("job-lease", def, "how long a claimed job (a payment automation, a pending invoice's next attempt) is reserved for its worker before another process takes it over (SELLO_JOB_LEASE)")
	fs.DurationVar(lease, "payment-lease", def, "the former name of -job-lease (SELLO_PAYMENT_LEASE)")
	return lease
}
