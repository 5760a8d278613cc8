package sello

import (
	"log/slog"
	"strings"
	"time"
)

// Config is everything a Service is made from, in one place. Store is
// required; every other field has a default.
type Config struct {
	// Store is where everything is kept.
	Store Store
	// Now is the clock (default time.Now); tests fix it.
	Now func() time.Time
	// IDs makes identifiers and secrets; tests fix it.
	IDs IDGenerator

	// TestStamper stamps test-mode invoices (the sandbox); LiveStamper
	// live-mode ones (nil: live invoicing is refused until a provider is
	// configured).
	TestStamper, LiveStamper Stamper
	// Mailer e-mails invoices (nil: the e-mail is recorded, not sent).
	Mailer Mailer
	// Logger logs background work and best-effort steps (default
	// slog.Default()).
	Logger *slog.Logger

	// MasterKey seals CSD private keys, their passwords and webhook
	// secrets at rest (AES-256-GCM). Without it, CSD uploads are
	// Unavailable.
	MasterKey []byte
	// Secrets are server secrets supplied by configuration instead of the
	// store, by name (for example KeySigningSecret); they are never stored
	// nor rotated.
	Secrets map[string][]byte
	// EventRenderer renders event objects (the API's JSON view). Without
	// it, events carry the object's id only: {"id":"…"}.
	EventRenderer EventRenderer
	// AuthCacheTTL is how long a verified key and its team are remembered
	// in process (0: the default 5 s; negative: no cache). A key revoked
	// through this Service is refused at once; a key revoked by another
	// process (another replica or `sello keys revoke`) at the latest after
	// AuthCacheTTL.
	AuthCacheTTL time.Duration

	// PaymentLease is how long a claimed payment automation is left to its
	// worker before another may take it (default 2 minutes). It must exceed
	// the time one invoice takes to stamp.
	PaymentLease time.Duration
	// JobLease is how long a claimed invoice job (a pending invoice's next
	// attempt) or e-mail job is left to its worker before another may take
	// it (default 2 minutes). It must exceed the time one stamp (two
	// provider calls of at most 15 s) or one e-mail takes.
	JobLease time.Duration

	// Processor is the payment processor teams connect (Stripe), and
	// PublicURL where Sello's payment pages are served (the processor's
	// checkout comes back to them). Without it requested payments offer
	// bank transfers only.
	Processor Processor
	PublicURL string

	// WebhookHTTPHosts lets live-mode webhooks use plain http to these
	// hosts (an operator's allow-list); test mode always may.
	WebhookHTTPHosts []string
}

// NewService returns the Service that c describes.
func NewService(c Config) *Service {
	s := &Service{
		store:            c.Store,
		now:              c.Now,
		ids:              c.IDs,
		authTTL:          5 * time.Second,
		secrets:          map[string][]byte{},
		fixedSecrets:     map[string]bool{},
		render:           c.EventRenderer,
		stampers:         [2]Stamper{c.TestStamper, c.LiveStamper},
		mailer:           c.Mailer,
		log:              c.Logger,
		masterKey:        append([]byte(nil), c.MasterKey...),
		payLease:         c.PaymentLease,
		jobLease:         c.JobLease,
		payProc:          c.Processor,
		payBase:          strings.TrimRight(c.PublicURL, "/"),
		webhookHTTPHosts: append([]string(nil), c.WebhookHTTPHosts...),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if len(c.MasterKey) == 0 {
		s.masterKey = nil
	}
	switch {
	case c.AuthCacheTTL > 0:
		s.authTTL = c.AuthCacheTTL
	case c.AuthCacheTTL < 0:
		s.authTTL = 0
	}
	for name, value := range c.Secrets {
		s.secrets[name] = append([]byte(nil), value...)
		s.fixedSecrets[name] = true
	}
	s.auth.entries = map[string]*authEntry{}
	return s
}
