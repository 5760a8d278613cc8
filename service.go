package sello

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Service holds Sello's use cases. It is the one place business rules live:
// the HTTP adapter and the command line both call it, and it reaches storage
// only through the Store interface.
type Service struct {
	store Store
	now   func() time.Time
	ids   IDGenerator

	authTTL time.Duration
	auth    authCache

	secretsMu    sync.Mutex
	secrets      map[string][]byte // in memory: configured, or read from the store
	fixedSecrets map[string]bool   // configured (Config.Secrets): never stored nor rotated

	render EventRenderer

	codes            codeCache   // imported catalog codes (service_catalog.go)
	zones            zoneCache   // postal codes' zones from c_CodigoPostal (service_zone.go)
	masterKey        []byte      // seals CSD keys and webhook secrets (service_csd.go)
	signers          signerCache // opened CSDs (service_csd.go)
	webhookHTTPHosts []string    // http hosts allowed as webhook URLs (service_webhook.go)

	stampers [2]Stamper    // test, live (service_invoice.go)
	proc     *processState // this process's record; nil: none (service_recover.go)
	mailer   Mailer        // nil: mail is recorded, not sent
	log      *slog.Logger
	sandbox  sandboxCSDs // test-mode CSDs of teams without one

	balances sync.Mutex    // serialises payment complements (service_complement.go)
	payLease time.Duration // lease of a claimed payment automation (job.go)
	jobLease time.Duration // lease of a claimed invoice or e-mail job (job.go)
	payProc  Processor     // Stripe; nil: no team can connect it (service_stripe.go)
	payBase  string        // PUBLIC_URL, where the checkout comes back to
}

// Now returns the Service's current time.
func (s *Service) Now() time.Time { return s.now() }

// Ping checks that storage is reachable. Unavailable when it is not.
func (s *Service) Ping(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return Wrap(Unavailable, err, "Storage is not ready")
	}
	return nil
}

// logger is the logger of background work and best-effort steps.
func (s *Service) logger() *slog.Logger {
	if s.log != nil {
		return s.log
	}
	return slog.Default()
}

// stamper is the stamping provider of a mode (nil: none configured).
// noStamper is the refusal of a document of a mode without a stamping
// provider.
func noStamper(livemode bool) error {
	if livemode {
		return Errorf(Rejected, "No stamping provider is configured for live mode")
	}
	return Errorf(Rejected, "No stamping provider is configured for test mode")
}

func (s *Service) stamper(livemode bool) Stamper {
	if livemode {
		return s.stampers[1]
	}
	return s.stampers[0]
}
