package sqlstore

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
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return failed(err, "catalog", "")
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_entries WHERE catalog = $1`, name); err != nil {
		return failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO catalogs (name, row_count, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET row_count = excluded.row_count, imported_at = excluded.imported_at`,
		name, len(entries), db.t(at)); err != nil {
		return failed(err, "catalog", "")
	}
	sorted := slices.Clone(entries) // code order (SQLite's rowid order)
	slices.SortFunc(sorted, func(a, b sello.CatalogEntry) int { return strings.Compare(a.Code, b.Code) })
	texts := make([]string, len(sorted))
	for i := range sorted {
		texts[i] = sorted[i].SearchText()
	}
	grams := make(chan map[string]int, 1) // counted on another core meanwhile
	go func() { grams <- sello.ShortSubstringCounts(texts) }()
	err = db.h.InsertCatalog(ctx, tx, name, sorted, texts)
	counts := <-grams
	if err != nil {
		return err
	}
	if err := db.h.IndexCatalog(ctx, tx, name, counts); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return failed(err, "catalog", "")
	}
	return nil
}

// FindCatalogInfos lists the imported catalogs by name.
func (db *DB) FindCatalogInfos(ctx context.Context) ([]sello.CatalogInfo, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, row_count, imported_at FROM catalogs ORDER BY name`)
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
	if f.Query != "" {
		return db.h.SearchCatalog(ctx, f)
	}
	q := list{columns: `e.code, e.description, e.valid_from, e.valid_to, e.extra`,
		from: `catalog_entries e`, id: `e.code`, created: `e.catalog`, name: `e.code`, txOptions: db.d.ListTx}
	q.where(`e.catalog = ?`, f.Catalog)
	if f.ValidOn != "" {
		q.where(`(e.valid_from = '' OR e.valid_from <= ?) AND (e.valid_to = '' OR e.valid_to >= ?)`, f.ValidOn, f.ValidOn)
	}
	opts := f.ListOptions
	opts.OrderBy, opts.Desc, opts.CreatedGTE, opts.CreatedLTE = "name", false, time.Time{}, time.Time{}
	var out []*sello.CatalogEntry
	hasMore, total, err := q.run(ctx, db.read, opts, func(rows *sql.Rows) error {
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
	rows, err := db.read.QueryContext(ctx, `SELECT code FROM catalog_entries WHERE catalog = $1`, name)
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

// CatalogPage runs q, a query of catalog entries (code, description,
// valid_from, valid_to, extra) that asks for one row more than limit, and
// returns its first limit entries and whether more follow.
func CatalogPage(ctx context.Context, tx *sql.Tx, q string, args []any, limit int) ([]*sello.CatalogEntry, bool, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, failed(err, "catalog", "")
	}
	defer rows.Close()
	var out []*sello.CatalogEntry
	for rows.Next() {
		var (
			e     sello.CatalogEntry
			extra string
		)
		if err := rows.Scan(&e.Code, &e.Description, &e.From, &e.To, &extra); err != nil {
			return nil, false, failed(err, "catalog", "")
		}
		if err := json.Unmarshal([]byte(extra), &e.Extra); err != nil {
			return nil, false, failed(err, "catalog", "")
		}
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, false, failed(err, "catalog", "")
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}
