package sello

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/sat"
)

// codesTTL is how long the codes of an imported catalog are kept in memory
// before they are read again, so an import by another process (the CLI)
// reaches a running server. An import through this Service applies at once.
const codesTTL = time.Minute

// codeCache keeps the codes of imported catalogs in memory for validation.
type codeCache struct {
	mu   sync.Mutex
	sets map[string]cachedCodes
}

type cachedCodes struct {
	codes sat.Codes // nil: not imported
	at    time.Time
}

// signerKey names a team's CSD in one mode.
type signerKey struct {
	team     TeamID
	livemode bool
}

// signerCache keeps opened CSDs: unsealing and decrypting a key costs about a
// millisecond (PBKDF2 and RSA), as much as sealing a CFDI. An entry is used
// only while the stored CSD is the one it was opened from.
type signerCache struct {
	mu      sync.Mutex
	entries map[signerKey]signerEntry
}

type signerEntry struct {
	noCertificado string
	connectedAt   time.Time
	csd           *csd.CSD
}

func (c *signerCache) get(k signerKey, rec *TeamCSD) *csd.CSD {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.noCertificado != rec.NoCertificado || !e.connectedAt.Equal(rec.ConnectedAt) {
		return nil
	}
	return e.csd
}

func (c *signerCache) put(k signerKey, rec *TeamCSD, v *csd.CSD) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[signerKey]signerEntry{} // bounded; refills on demand
	}
	c.entries[k] = signerEntry{noCertificado: rec.NoCertificado, connectedAt: rec.ConnectedAt, csd: v}
}

type sandboxCSDs struct {
	mu sync.Mutex
	m  map[string]*csd.CSD
}

// check refuses a revoked key and returns who the key acts as.
func (e *authEntry) check() (*Auth, error) {
	if e.revoked {
		return nil, Errorf(InvalidToken, "API key has been revoked")
	}
	t := *e.team // a copy: the cached team is shared by concurrent requests
	return &Auth{Team: &t, Livemode: e.livemode, KeyID: e.keyID}, nil
}

// authCache remembers verified keys, by their full text, for a short time
// so the hot path neither checks the signature again nor queries storage.
// Only keys whose signature verified are ever inserted.
type authCache struct {
	mu      sync.RWMutex
	entries map[string]*authEntry
}

type authEntry struct {
	keyID    string
	hash     []byte
	team     *Team
	livemode bool
	revoked  bool
	expires  time.Time
}

func (c *authCache) get(token string, now time.Time) *authEntry {
	c.mu.RLock()
	e := c.entries[token]
	c.mu.RUnlock()
	if e == nil || !now.Before(e.expires) {
		return nil
	}
	return e
}

func (c *authCache) put(token string, e *authEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) > 10000 {
		clear(c.entries) // bounded memory; entries refill on demand
	}
	c.entries[token] = e
}

// forget drops every cached token of a key.
func (c *authCache) forget(keyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for token, e := range c.entries {
		if e.keyID == keyID {
			delete(c.entries, token)
		}
	}
}

// processState is this Service's own record as a running process.
type processState struct {
	mu    sync.Mutex
	self  Process
	alive Liveness
	beat  atomic.Int64 // unix nanoseconds of the last recorded beat
	loops sync.WaitGroup
	// issuing counts the issue calls running (a request's, or a background
	// job's): StopProcess waits for them. inflight holds the ids of their
	// invoices once they write an Issuing record, so that this process
	// recovers its own records only when nothing works on them.
	issuing  atomic.Int32
	inflight sync.Map
	// epoch counts the times this process recorded itself again after
	// being judged dead: a folio reserved in an earlier epoch was handed
	// back and may be this process's again for another call.
	epoch atomic.Int64
}

// zoneCache keeps the zones of postal codes read from c_CodigoPostal for
// codesTTL, as the catalog's codes are kept.
type zoneCache struct {
	mu    sync.Mutex
	zones map[string]cachedZone
}

type cachedZone struct {
	zone *time.Location
	at   time.Time
}

// of returns the zone of zip at now, read again from store when older than
// codesTTL.
func (c *zoneCache) of(ctx context.Context, store Store, zip string, now time.Time) (*time.Location, error) {
	c.mu.Lock()
	z, ok := c.zones[zip]
	c.mu.Unlock()
	if ok && now.Sub(z.at) < codesTTL && now.Sub(z.at) >= 0 {
		return z.zone, nil
	}
	zone, err := catalogZone(ctx, store, zip)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.zones == nil || len(c.zones) > 10_000 {
		c.zones = map[string]cachedZone{}
	}
	c.zones[zip] = cachedZone{zone: zone, at: now}
	c.mu.Unlock()
	return zone, nil
}

// forget has every zone read again (c_CodigoPostal was imported).
func (c *zoneCache) forget() {
	c.mu.Lock()
	c.zones = nil
	c.mu.Unlock()
}

// catalogZone is the zone of zip by its c_CodigoPostal row in store, else
// by sat.ZoneOfZip.
func catalogZone(ctx context.Context, store Store, zip string) (*time.Location, error) {
	entries, _, _, err := store.FindCatalogEntries(ctx, CatalogEntryFilter{Catalog: "c_CodigoPostal", Query: zip,
		ListOptions: ListOptions{Limit: 10}})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Code == zip {
			if loc, ok := sat.ZoneFromCatalog(e.Extra); ok {
				return loc, nil
			}
		}
	}
	return sat.ZoneOfZip(zip), nil
}
