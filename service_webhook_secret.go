package sello

import (
	"encoding/base64"
	"strings"
)

// sealedSecretPrefix starts a webhook signing secret as stored when it is
// sealed with the master key; a plain one starts with whsec_.
const sealedSecretPrefix = "sealed1:"

// sealWebhookSecrets returns the copy of w to store: its signing secrets
// sealed with the master key (the AES-256-GCM seal of the CSDs, bound to the
// webhook's team, mode and id) when the server has one, plain otherwise.
// Secrets already sealed stay as they are.
func (s *Service) sealWebhookSecrets(w *Webhook) (*Webhook, error) {
	c := *w
	if len(s.masterKey) == 0 {
		return &c, nil
	}
	for _, p := range []*string{&c.Secret, &c.PreviousSecret} {
		if *p == "" || strings.HasPrefix(*p, sealedSecretPrefix) {
			continue
		}
		sealed, err := s.seal([]byte(*p), webhookAD(&c))
		if err != nil {
			return nil, err
		}
		*p = sealedSecretPrefix + base64.RawStdEncoding.EncodeToString(sealed)
	}
	return &c, nil
}

// OpenWebhookSecrets replaces the sealed signing secrets of a stored webhook
// with the plain ones, for signing; plain ones are kept. DataIntegrity when
// one does not open with the master key; Unavailable without a master key.
func (s *Service) OpenWebhookSecrets(w *Webhook) error {
	for _, p := range []*string{&w.Secret, &w.PreviousSecret} {
		b64, ok := strings.CutPrefix(*p, sealedSecretPrefix)
		if !ok {
			continue
		}
		sealed, err := base64.RawStdEncoding.DecodeString(b64)
		if err != nil {
			return Wrap(DataIntegrity, err, "A sealed webhook secret is malformed")
		}
		plain, err := s.unseal(sealed, webhookAD(w))
		if err != nil {
			return err
		}
		*p = string(plain)
	}
	return nil
}

// webhookAD binds a sealed secret to its webhook: it opens in either slot
// (current or previous) of that webhook only.
func webhookAD(w *Webhook) string { return sealAD("webhook", w.TeamID, w.Livemode, w.ID) }
