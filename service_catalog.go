package sello

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sello-mx/sello/sat"
)

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
	if name == "c_CodigoPostal" {
		s.zones.forget()
	}
	return nil
}

// CatalogSummary describes a catalog the API serves: built in, imported, or
// one of the big catalogs not imported yet (Rows 0).
type CatalogSummary struct {
	Name     string
	Rows     int
	Imported bool
}

// bigCatalogs are served even before they are imported (API.md §12).
var bigCatalogs = []string{"c_ClaveProdServ", "c_ClaveUnidad", "c_CodigoPostal", "c_Estado"}

// Catalogs lists every catalog served, sorted by name: the built-in ones,
// the big ones and anything imported. An imported catalog's rows replace
// the built-in ones.
func (s *Service) Catalogs(ctx context.Context) ([]CatalogSummary, error) {
	infos, err := s.store.FindCatalogInfos(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalogs: %w", err)
	}
	byName := map[string]CatalogSummary{}
	for _, c := range sat.Catalogs() {
		byName[string(c)] = CatalogSummary{Name: string(c), Rows: len(sat.Entries(c))}
	}
	byName[TasaOCuota] = CatalogSummary{Name: TasaOCuota, Rows: len(sat.TasaOCuotaRules())}
	for _, n := range bigCatalogs {
		if _, ok := byName[n]; !ok {
			byName[n] = CatalogSummary{Name: n}
		}
	}
	for _, i := range infos {
		byName[i.Name] = CatalogSummary{Name: i.Name, Rows: i.Rows, Imported: true}
	}
	out := make([]CatalogSummary, 0, len(byName))
	for _, c := range byName {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CatalogSummary) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// FindCatalogEntries returns one page of a catalog's entries in code order:
// from the store when the catalog was imported, from package sat when it is
// built in. Query is folded here.
func (s *Service) FindCatalogEntries(ctx context.Context, imported bool, f CatalogEntryFilter) ([]*CatalogEntry, bool, int, error) {
	f.Query = Fold(f.Query)
	if !imported {
		rows, _ := builtinEntries(f.Catalog)
		page, more, total := pageEntries(rows, f)
		return page, more, total, nil
	}
	es, more, total, err := s.store.FindCatalogEntries(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("catalog %s: %w", f.Catalog, err)
	}
	return es, more, total, nil
}

// pageEntries filters and pages entries held in memory the way the stores
// do: q as a substring of the folded search text, validity on a day, keyset
// after a code or an offset.
func pageEntries(rows []CatalogEntry, f CatalogEntryFilter) ([]*CatalogEntry, bool, int) {
	var match []*CatalogEntry
	for i := range rows {
		e := &rows[i]
		if f.Query != "" && !strings.Contains(e.SearchText(), f.Query) {
			continue
		}
		if f.ValidOn != "" && !(sat.Entry{From: e.From, To: e.To}).ValidAt(f.ValidOn) {
			continue
		}
		match = append(match, e)
	}
	total := len(match)
	start := min(f.Offset, total)
	if f.After != nil {
		start, _ = slices.BinarySearchFunc(match, f.After.Key, func(e *CatalogEntry, k string) int {
			if e.Code <= k {
				return -1
			}
			return 1
		})
	}
	limit := min(f.Limit, 100)
	if limit <= 0 {
		limit = 20
	}
	end := min(start+limit, total)
	return match[start:end], end < total, total
}
