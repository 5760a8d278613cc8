package sello

import (
	"context"
	"fmt"
	"sync"
	"time"

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

// CatalogCodes returns the codes of an imported catalog for validation
// (sat.CheckCode), or nil when it was never imported: codes are then checked
// by shape only. Database when storage fails.
func (s *Service) CatalogCodes(ctx context.Context, name string) (sat.Codes, error) {
	now := s.now()
	s.codes.mu.Lock()
	c, ok := s.codes.sets[name]
	s.codes.mu.Unlock()
	if ok && now.Sub(c.at) < codesTTL && now.Sub(c.at) >= 0 {
		return c.codes, nil
	}
	list, err := s.store.CatalogCodes(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	c = cachedCodes{at: now}
	if len(list) > 0 {
		c.codes = sat.NewCodeSet(list...)
	}
	s.codes.mu.Lock()
	if s.codes.sets == nil {
		s.codes.sets = map[string]cachedCodes{}
	}
	s.codes.sets[name] = c
	s.codes.mu.Unlock()
	return c.codes, nil
}

// ImportCatalog replaces the entries of a catalog (atomically) and drops
// its cached codes. Invalid for an empty catalog or a bad name.
func (s *Service) ImportCatalog(ctx context.Context, name string, entries []CatalogEntry) error {
	if _, err := CatalogName(name + ".csv"); err != nil {
		return err
	}
	if len(entries) == 0 {
		return Errorf(Invalid, "catalog %s has no entries", name)
	}
	if err := s.store.ReplaceCatalog(ctx, name, entries, s.now().UTC()); err != nil {
		return fmt.Errorf("import catalog %s: %w", name, err)
	}
	s.codes.mu.Lock()
	delete(s.codes.sets, name)
	s.codes.mu.Unlock()
	return nil
}
