package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
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
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_entries WHERE catalog = $1`, name); err != nil {
		return failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO catalogs (name, row_count, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET row_count = excluded.row_count, imported_at = excluded.imported_at`,
		name, len(entries), toStamp(at)); err != nil {
		return failed(err, "catalog", "")
	}
	texts := make([]string, len(entries))
	for i := range entries {
		texts[i] = entries[i].SearchText()
	}
	grams := make(chan map[string]int, 1) // counted on another core meanwhile
	go func() { grams <- sello.ShortSubstringCounts(texts) }()
	err = insertEntries(ctx, tx, name, entries, texts)
	counts := <-grams
	if err != nil {
		return err
	}
	if err := writeGrams(ctx, tx, name, counts); err != nil {
		return err
	}
	// Fresh statistics, so that q chooses between the trigram index and
	// the code order from the new row counts.
	if _, err := tx.ExecContext(ctx, `ANALYZE catalog_entries`); err != nil {
		return failed(err, "catalog", "")
	}
	if err := tx.Commit(); err != nil {
		return failed(err, "catalog", "")
	}
	// Move the new trigrams from the index's pending list, which every
	// search would otherwise read to its end, into the index proper. Only
	// the index's owner may; the import stands either way, and autovacuum
	// does the same later, so a refusal is not an error of the import.
	_, _ = db.writer().ExecContext(ctx, `SELECT gin_clean_pending_list('catalog_entries_search')`)
	return nil
}

// insertEntries sends the entries as arrays, entriesPerInsert at a time,
// so an import of 150,000 rows takes a few round trips instead of one per row.
func insertEntries(ctx context.Context, tx *sql.Tx, name string, entries []sello.CatalogEntry, texts []string) error {
	for len(entries) > 0 {
		n := min(len(entries), entriesPerInsert)
		cols := make([][]string, 6)
		for i := range cols {
			cols[i] = make([]string, n)
		}
		for i := range entries[:n] {
			e := &entries[i]
			extra, err := json.Marshal(e.Extra)
			if err != nil {
				return sello.Wrap(sello.Internal, err, "cannot encode catalog entry")
			}
			cols[0][i], cols[1][i], cols[2][i], cols[3][i] = e.Code, e.Description, e.From, e.To
			cols[4][i], cols[5][i] = string(extra), texts[i]
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO catalog_entries
			(catalog, code, description, valid_from, valid_to, extra, search)
			SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
			name, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5])
		if err != nil {
			return failed(err, "catalog entry", "")
		}
		entries, texts = entries[n:], texts[n:]
	}
	return nil
}

// entriesPerInsert bounds the rows of one INSERT of an import.
const entriesPerInsert = 10000

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
