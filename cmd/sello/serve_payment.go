package main

import (
	"flag"
	"time"
)

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
