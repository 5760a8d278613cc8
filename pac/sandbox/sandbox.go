// Package sandbox is Sello's offline PAC for test mode. It refuses what a
// real PAC refuses (codes 301–303, 305–308 and 401, CFDI.md §12), so test
// mode fails where production would, and stamps the rest with a
// TimbreFiscalDigital 1.1 signed by a locally generated "sandbox SAT"
// certificate. Under a fixed clock and random source its output is byte for
// byte deterministic.
package sandbox

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	_ "time/tzdata" // Fecha is Mexico City time, whatever the host has installed.

	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/sat"
)

// RfcProvCertif is the RFC of the sandbox PAC and of its certificate:
// SPR190613I52, the RFC of the SAT's own test certificate "SAT PRUEBAS"
// (sat-certs/30001000000500003456.cer). It has a valid check digit and is
// plainly a test identity, never a real PAC's.
const RfcProvCertif = "SPR190613I52"

// authorityName is the holder name of generated sandbox SAT certificates.
const authorityName = "SELLO SANDBOX SAT"

// authorityYears is the validity of a generated authority, like the SAT's
// four-year certificates.
const authorityYears = 4

// Config configures a sandbox PAC.
type Config struct {
	// Certificate and Key are the sandbox SAT's certificate (DER) and its
	// encrypted PKCS#8 key, as GenerateAuthority returns them; Password
	// decrypts Key. The certificate's number becomes NoCertificadoSAT and its
	// RFC the RfcProvCertif.
	Certificate, Key, Password []byte
	// Now is the clock: it gives FechaTimbrado and judges Fecha (401).
	Now func() time.Time
	// Rand is the source of the UUIDs.
	Rand io.Reader
	// PendingCancellations simulates cancellations the receiver must accept
	// (CFDI.md §10): Cancel answers pending, and the next
	// CancellationStatus of that UUID answers accepted. When false, Cancel
	// answers accepted at once.
	PendingCancellations bool
	// Zone is the time zone of a LugarExpedicion, in which Fecha is read
	// (401) as a real PAC reads it; nil means sat.ZoneOfZip, Mexico's
	// zones by postal code.
	Zone func(zip string) *time.Location
}

// PAC is the sandbox stamping provider. It implements sello.Stamper and is
// safe for concurrent use. It remembers the Sello of every document it
// stamped, in memory, to answer 307 for a second attempt: the memory grows by
// one entry (about 400 bytes) per stamp and is lost on restart, which is
// fine for test mode; the store, not the PAC, is what prevents double
// stamping in Sello. It also keeps the last maxStamps stamps themselves, for
// Stamped, and the cancellations asked of it, for CancellationStatus.
type PAC struct {
	authority *csd.CSD
	now       func() time.Time
	mexico    *time.Location
	zone      func(zip string) *time.Location

	mu      sync.Mutex
	random  io.Reader
	stamped map[string]bool             // by Sello
	certs   map[string]*csd.Certificate // parsed Certificado attributes, by their text
	stamps  stampMemory                 // the stamps themselves, by the sealed bytes
	pending bool                        // Config.PendingCancellations
	cancels map[string]*cancellation    // by uppercase UUID
}

// New returns a sandbox PAC. It fails when Now or Rand is missing or when
// the authority does not load (csd.Load at Now: wrong password, expired…).
func New(cfg Config) (*PAC, error) {
	if cfg.Now == nil || cfg.Rand == nil {
		return nil, errors.New("sandbox: Config needs Now and Rand")
	}
	authority, err := csd.Load(cfg.Certificate, cfg.Key, cfg.Password, cfg.Now())
	if err != nil {
		return nil, fmt.Errorf("sandbox: authority: %w", err)
	}
	mexico, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	zone := cfg.Zone
	if zone == nil {
		zone = sat.ZoneOfZip
	}
	return &PAC{
		authority: authority, now: cfg.Now, mexico: mexico, zone: zone, random: cfg.Rand,
		stamped: map[string]bool{}, certs: map[string]*csd.Certificate{},
		stamps: newStampMemory(maxStamps), pending: cfg.PendingCancellations,
		cancels: map[string]*cancellation{},
	}, nil
}

// Certificate returns the sandbox SAT certificate, whose number is the
// NoCertificadoSAT of every stamp: a verifier needs it to check SelloSAT.
func (p *PAC) Certificate() *csd.Certificate { return p.authority.Certificate }

// GenerateAuthority makes a sandbox SAT certificate and key (see
// csd.GenerateSandbox) for RfcProvCertif, valid for four years from now, with
// the key encrypted under password. The caller persists both and passes them
// to New in Config. The serial and the key encryption come from random, the
// RSA key itself from crypto/rand (Go 1.26 ignores random there).
func GenerateAuthority(password []byte, now time.Time, random io.Reader) (cerDER, keyDER []byte, err error) {
	from := now.Add(-time.Minute)
	cerDER, keyDER, err = csd.GenerateSandbox(RfcProvCertif, authorityName, password, from, from.AddDate(authorityYears, 0, 0), random)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	return cerDER, keyDER, nil
}
