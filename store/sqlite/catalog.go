package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// ReplaceCatalog replaces a catalog's entries in one transaction.
func (db *DB) ReplaceCatalog(ctx context.Context, name string, entries []sello.CatalogEntry, at time.Time) error {
	tx, err := db.writer().BeginTx(ctx, nil)
	if err != nil {
		return failed(err, "catalog", "")
	}
	defer tx.Rollback()
	// A bigger page cache for this connection: building the full-text index
	// of a big catalog rewrites many index pages.
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
		return failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_entries WHERE catalog = $1`, name); err != nil {
		return failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO catalogs (name, row_count, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET row_count = excluded.row_count, imported_at = excluded.imported_at`,
		name, len(entries), toStamp(at)); err != nil {
		return failed(err, "catalog", "")
	}
	sorted := slices.Clone(entries) // rowid order is code order (catalog_query.go)
	slices.SortFunc(sorted, func(a, b sello.CatalogEntry) int { return strings.Compare(a.Code, b.Code) })
	texts := make([]string, len(sorted))
	for i := range sorted {
		texts[i] = sorted[i].SearchText()
	}
	grams := make(chan map[string]int, 1) // counted on another core meanwhile
	go func() { grams <- sello.ShortSubstringCounts(texts) }()
	err = insertEntries(ctx, tx, name, sorted, texts)
	counts := <-grams
	if err != nil {
		return err
	}
	if err := indexCatalog(ctx, tx, name, counts); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return failed(err, "catalog", "")
	}
	return nil
}

// insertEntries inserts with one prepared statement; SQLite's cost is per
// statement execution, not per round trip.
func insertEntries(ctx context.Context, tx *sql.Tx, name string, entries []sello.CatalogEntry, texts []string) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO catalog_entries
		(catalog, code, description, valid_from, valid_to, extra, search) VALUES ($1, $2, $3, $4, $5, $6, $7)`)
	if err != nil {
		return failed(err, "catalog", "")
	}
	defer st.Close()
	for i := range entries {
		e := &entries[i]
		extra, err := json.Marshal(e.Extra)
		if err != nil {
			return sello.Wrap(sello.Internal, err, "cannot encode catalog entry")
		}
		if _, err := st.ExecContext(ctx, name, e.Code, e.Description, e.From, e.To, string(extra), texts[i]); err != nil {
			return failed(err, "catalog entry "+e.Code, "")
		}
	}
	return nil
}

// FindCatalogInfos lists the imported catalogs by name.
func (db *DB) FindCatalogInfos(ctx context.Context) ([]sello.CatalogInfo, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT name, row_count, imported_at FROM catalogs ORDER BY name`)
	if err != nil {
		return nil, failed(err, "catalogs", "")
	}
	defer rows.Close()
	var out []sello.CatalogInfo
	for rows.Next() {
		var (
			c  sello.CatalogInfo
			at stamp
		)
		if err := rows.Scan(&c.Name, &c.Rows, &at); err != nil {
			return nil, failed(err, "catalogs", "")
		}
		c.ImportedAt = fromStamp(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "catalogs", "")
	}
	return out, nil
}

// FindCatalogEntries returns one page of a catalog's entries in code order.
func (db *DB) FindCatalogEntries(ctx context.Context, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, int, error) {
	q := list{columns: `e.code, e.description, e.valid_from, e.valid_to, e.extra`,
		from: `catalog_entries e`, id: `e.code`, created: `e.catalog`, name: `e.code`}
	if f.Query != "" {
		return db.searchCatalog(ctx, f)
	}
	q.where(`e.catalog = ?`, f.Catalog)
	if f.ValidOn != "" {
		q.where(`(e.valid_from = '' OR e.valid_from <= ?) AND (e.valid_to = '' OR e.valid_to >= ?)`, f.ValidOn, f.ValidOn)
	}
	opts := f.ListOptions
	opts.OrderBy, opts.Desc, opts.CreatedGTE, opts.CreatedLTE = "name", false, time.Time{}, time.Time{}
	var out []*sello.CatalogEntry
	hasMore, total, err := q.run(ctx, db.reader(), opts, func(rows *sql.Rows) error {
		var (
			e     sello.CatalogEntry
			extra string
		)
		if err := rows.Scan(&e.Code, &e.Description, &e.From, &e.To, &extra); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(extra), &e.Extra); err != nil {
			return err
		}
		out = append(out, &e)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// CatalogCodes returns every code of an imported catalog.
func (db *DB) CatalogCodes(ctx context.Context, name string) ([]string, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT code FROM catalog_entries WHERE catalog = $1`, name)
	if err != nil {
		return nil, failed(err, "catalog", "")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, failed(err, "catalog", "")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "catalog", "")
	}
	return out, nil
}
