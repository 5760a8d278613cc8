package sello

import (
	"context"
	"sync"
	"time"

	"github.com/sello-mx/sello/sat"
)

// zoneOf is the time zone of Fecha for a LugarExpedicion (Anexo 20: the
// local time of the place of issue): the imported c_CodigoPostal's row
// when it names one (sat.ZoneFromCatalog), else Mexico's zones by postal
// code (sat.ZoneOfZip). Kept in memory as the catalog's codes are.
func (s *Service) zoneOf(ctx context.Context, zip string) (*time.Location, error) {
	codes, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return nil, err
	}
	if codes == nil || !codes.Has(zip) {
		return sat.ZoneOfZip(zip), nil
	}
	now := s.now()
	s.codes.mu.Lock()
	z, ok := s.codes.zones[zip]
	s.codes.mu.Unlock()
	if ok && now.Sub(z.at) < codesTTL && now.Sub(z.at) >= 0 {
		return z.zone, nil
	}
	zone, err := catalogZone(ctx, s.store, zip)
	if err != nil {
		return nil, err
	}
	s.codes.mu.Lock()
	if s.codes.zones == nil || len(s.codes.zones) > 10_000 {
		s.codes.zones = map[string]cachedZone{}
	}
	s.codes.zones[zip] = cachedZone{zone: zone, at: now}
	s.codes.mu.Unlock()
	return zone, nil
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

// CatalogZones returns the time zone of a LugarExpedicion as Sello issues
// Fecha in it, for a stamping provider that judges Fecha (the sandbox PAC):
// by the c_CodigoPostal imported into store, else by sat.ZoneOfZip. A row
// is read again after a minute, as the Service does.
func CatalogZones(store Store) func(zip string) *time.Location {
	var mu sync.Mutex
	cache := map[string]cachedZone{}
	return func(zip string) *time.Location {
		mu.Lock()
		z, ok := cache[zip]
		mu.Unlock()
		if ok && time.Since(z.at) < codesTTL {
			return z.zone
		}
		zone, err := catalogZone(context.Background(), store, zip)
		if err != nil {
			return sat.ZoneOfZip(zip)
		}
		mu.Lock()
		if len(cache) > 10_000 {
			cache = map[string]cachedZone{}
		}
		cache[zip] = cachedZone{zone: zone, at: time.Now()}
		mu.Unlock()
		return zone
	}
}
