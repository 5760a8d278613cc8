package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail"
	"github.com/sello-mx/sello/pac/finkok"
	"github.com/sello-mx/sello/pac/sandbox"
)

// sandboxAuthority names the server secret holding the sandbox PAC's "SAT"
// certificate and key, so that every replica stamps with the same one.
const sandboxAuthority = "sandbox_pac_authority"

const sandboxAuthorityPassword = "sello-sandbox-sat"

// sandboxAuthorityPair reads the secret sandboxAuthority: the DER
// certificate and the encrypted key.
func sandboxAuthorityPair(raw []byte) ([2][]byte, error) {
	var pair [2][]byte
	if err := json.Unmarshal(raw, &pair); err != nil {
		return pair, fmt.Errorf("sandbox PAC: %w", err)
	}
	return pair, nil
}

// invoiceConfig sets the stamping providers and the mailer of cfg from
// the environment: the sandbox stamps test mode; live mode needs a PAC
// (docs/PAC.md); SMTP_URL configures e-mail, else mail is logged.
func invoiceConfig(ctx context.Context, e *env, logger *slog.Logger, cfg *sello.Config) error {
	raw, err := cfg.Store.Secret(ctx, sandboxAuthority, func() ([]byte, error) {
		cer, key, err := sandbox.GenerateAuthority([]byte(sandboxAuthorityPassword), time.Now(), rand.Reader)
		if err != nil {
			return nil, err
		}
		return json.Marshal([2][]byte{cer, key})
	})
	if err != nil {
		return fmt.Errorf("sandbox PAC: %w", err)
	}
	pair, err := sandboxAuthorityPair(raw)
	if err != nil {
		return err
	}
	test, err := sandbox.New(sandbox.Config{Certificate: pair[0], Key: pair[1], Password: []byte(sandboxAuthorityPassword),
		Now: time.Now, Rand: rand.Reader, Zone: sello.CatalogZones(cfg.Store)})
	if err != nil {
		return fmt.Errorf("sandbox PAC: %w", err)
	}
	live, err := livePAC(e)
	if err != nil {
		return err
	}
	if live == nil {
		logger.Info("no PAC configured: live-mode invoices are refused (see docs/PAC.md)")
	}
	cfg.TestStamper, cfg.LiveStamper = test, live
	mc, ok, err := mail.ConfigFromEnv(e.getenv)
	if err != nil {
		return fmt.Errorf("SMTP_URL: %w", err)
	}
	if ok {
		m, err := mail.New(mc)
		if err != nil {
			return fmt.Errorf("SMTP_URL: %w", err)
		}
		cfg.Mailer = m
	} else {
		logger.Info("no SMTP_URL: invoice e-mails are logged, not sent")
		cfg.Mailer = mail.NewLog(logger)
	}
	return nil
}

// livePAC returns the live-mode stamping provider configured in the
// environment, or nil when none is.
// Finkok is configured with FINKOK_USERNAME, FINKOK_PASSWORD and
// FINKOK_URL (default Finkok's demo service; docs/PAC.md).
func livePAC(e *env) (sello.Stamper, error) {
	user := e.getenv("FINKOK_USERNAME")
	if user == "" {
		return nil, nil
	}
	url := e.getenv("FINKOK_URL")
	if url == "" {
		url = finkok.DemoURL
	}
	p, err := finkok.New(finkok.Config{URL: url, Username: user, Password: e.getenv("FINKOK_PASSWORD")})
	if err != nil {
		return nil, fmt.Errorf("finkok: %w", err)
	}
	return p, nil
}
