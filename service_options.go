package sello

import (
	"log/slog"
	"strings"
	"time"
)

// ServiceOption configures a Service. Every option of NewService is in this
// file: what a Service is configured with beyond its store, clock and ids.
type ServiceOption func(*Service)

// WithAuthCacheTTL sets how long a verified key and its team are remembered
// in process (default 5 s; 0 disables the cache). A key revoked through this
// Service is refused at once; a key revoked by another process (another
// replica or `sello keys revoke`) is refused at the latest after ttl.
func WithAuthCacheTTL(ttl time.Duration) ServiceOption {
	return func(s *Service) { s.authTTL = ttl }
}

// WithSecret supplies a server secret from configuration instead of the
// store (for example the API key signing secret, named "api_key_signing").
func WithSecret(name string, value []byte) ServiceOption {
	return func(s *Service) {
		s.secrets[name] = append([]byte(nil), value...)
		s.fixedSecrets[name] = true
	}
}

// WithEventRenderer sets how event objects are rendered (the API's JSON
// view). Without it, events carry the object's id only: {"id":"…"}.
func WithEventRenderer(r EventRenderer) ServiceOption {
	return func(s *Service) { s.render = r }
}

// WithStampers sets the stamping providers: test stamps test-mode invoices
// (the sandbox), live stamps live-mode ones (nil: live invoicing is refused
// until a provider is configured).
func WithStampers(test, live Stamper) ServiceOption {
	return func(s *Service) { s.stampers = [2]Stamper{test, live} }
}

// WithMailer sets how invoices are e-mailed (nil: recorded, not sent).
func WithMailer(m Mailer) ServiceOption {
	return func(s *Service) { s.mailer = m }
}

// WithLogger sets the logger of background work and best-effort steps.
func WithLogger(l *slog.Logger) ServiceOption {
	return func(s *Service) { s.log = l }
}

// WithMasterKey sets the server master key that seals CSD private keys and
// their passwords at rest (AES-256-GCM). Without it, CSD uploads are
// Unavailable.
func WithMasterKey(key []byte) ServiceOption {
	return func(s *Service) { s.masterKey = append([]byte(nil), key...) }
}

// WithJobLease sets how long a claimed invoice job (a pending invoice's
// next attempt) or e-mail job is left to its worker before another may
// take it (default 2 minutes). It must exceed the time one stamp (two
// provider calls of at most 15 s) or one e-mail takes.
func WithJobLease(d time.Duration) ServiceOption {
	return func(s *Service) { s.jobLease = d }
}

// WithPaymentLease sets how long a claimed payment automation is left to
// its worker before another may take it (default 2 minutes). It must
// exceed the time one invoice takes to stamp.
func WithPaymentLease(d time.Duration) ServiceOption {
	return func(s *Service) { s.payLease = d }
}

// WithProcessor sets the payment processor teams connect (Stripe), and
// publicURL, where Sello's payment pages are served (the processor's
// checkout comes back to them). Without it requested payments offer bank
// transfers only.
func WithProcessor(p Processor, publicURL string) ServiceOption {
	return func(s *Service) { s.payProc, s.payBase = p, strings.TrimRight(publicURL, "/") }
}

// WithWebhookHTTPHosts lets live-mode webhooks use plain http to these
// hosts (an operator's allow-list); test mode always may.
func WithWebhookHTTPHosts(hosts ...string) ServiceOption {
	return func(s *Service) { s.webhookHTTPHosts = append(s.webhookHTTPHosts, hosts...) }
}
