package main

import (
	"flag"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/stripe"
)

// paymentConfig configures payments' processor: Stripe, at STRIPE_API_URL
// when set (stripe-mock in tests), else Stripe's API, whose checkout comes
// back to PUBLIC_URL (else http://addr). Stripe is used only for teams that
// connect it.
func paymentConfig(e *env, addr string, cfg *sello.Config) {
	cfg.PublicURL = e.getenv("PUBLIC_URL")
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + addr
	}
	cfg.Processor = stripe.New(e.getenv("STRIPE_API_URL"))
}

// paymentLeaseFlag is --payment-lease: how long a claimed payment
// automation is reserved for its worker before another process takes it
// over (default 2m, or SELLO_PAYMENT_LEASE).
func paymentLeaseFlag(fs *flag.FlagSet, e *env) *time.Duration {
	def := 2 * time.Minute
	if d, err := time.ParseDuration(e.getenv("SELLO_PAYMENT_LEASE")); err == nil && d > 0 {
		def = d
	}
	return fs.Duration("payment-lease", def, "how long a claimed payment automation is reserved for its worker before another process takes it over (SELLO_PAYMENT_LEASE)")
}

// jobLeaseFlag is --job-lease: how long a claimed invoice or e-mail job is
// reserved for its worker before another process takes it over (default
// 2m, or SELLO_JOB_LEASE).
func jobLeaseFlag(fs *flag.FlagSet, e *env) *time.Duration {
	def := 2 * time.Minute
	if d, err := time.ParseDuration(e.getenv("SELLO_JOB_LEASE")); err == nil && d > 0 {
		def = d
	}
	return fs.Duration("job-lease", def, "how long a claimed job (a pending invoice's next attempt, an invoice e-mail) is reserved for its worker before another process takes it over (SELLO_JOB_LEASE)")
}
