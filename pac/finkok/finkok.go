// Package finkok is a sello.Stamper for Finkok, a PAC, over its published
// SOAP services (docs/PAC.md lists the sources): the stamp service (stamp,
// quick_stamp, stamped) and the cancel service (cancel, get_sat_status,
// get_receipt). It has been tested only against finkoktest, the local fake
// in this repository, never against Finkok itself.
package finkok

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // the SAT's dates are Mexico City time, whatever the host has installed.

	sello "github.com/sello-mx/sello"
)

// The base URLs of Finkok's SOAP services; the service name ("stamp",
// "cancel") is appended.
const (
	DemoURL       = "https://demo-facturacion.finkok.com/servicios/soap/"
	ProductionURL = "https://facturacion.finkok.com/servicios/soap/"
)

// DefaultTimeout bounds one SOAP call when Config.Timeout is zero. Finkok's
// stamp waits for the SAT, so it is generous.
const DefaultTimeout = 30 * time.Second

var _ sello.Stamper = (*PAC)(nil)

// Config configures a Finkok adapter.
type Config struct {
	// URL is DemoURL, ProductionURL or a fake's base URL, ending in "/".
	URL string
	// Username and Password are the Finkok account's credentials, sent in
	// every call. Password also encrypts the CSD key sent to cancel.
	Username, Password string
	// HTTPClient sends the calls; nil means a new http.Client.
	HTTPClient *http.Client
	// Timeout bounds each SOAP call; zero means DefaultTimeout.
	Timeout time.Duration
	// Quick makes Stamp use quick_stamp, which answers before the SAT has
	// the document, instead of stamp.
	Quick bool
	// Rand is the source of the salt and IV that protect the CSD key sent to
	// cancel; nil means crypto/rand.
	Rand io.Reader
}

// PAC is the Finkok adapter. It implements sello.Stamper and is safe for
// concurrent use; it keeps no state besides its configuration.
type PAC struct {
	stampURL, cancelURL string
	username, password  string
	client              *http.Client
	timeout             time.Duration
	quick               bool
	random              io.Reader
	mexico              *time.Location
}

// New returns a Finkok adapter. It fails when URL, Username or Password is
// missing.
func New(cfg Config) (*PAC, error) {
	if cfg.URL == "" || cfg.Username == "" || cfg.Password == "" {
		return nil, errors.New("finkok: Config needs URL, Username and Password")
	}
	base := cfg.URL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	mexico, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return nil, fmt.Errorf("finkok: %w", err)
	}
	p := &PAC{
		stampURL: base + "stamp", cancelURL: base + "cancel",
		username: cfg.Username, password: cfg.Password,
		client: cfg.HTTPClient, timeout: cfg.Timeout, quick: cfg.Quick, random: cfg.Rand, mexico: mexico,
	}
	if p.client == nil {
		p.client = &http.Client{}
	}
	if p.timeout <= 0 {
		p.timeout = DefaultTimeout
	}
	if p.random == nil {
		p.random = rand.Reader
	}
	return p, nil
}
