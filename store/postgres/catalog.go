package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// ReplaceCatalog replaces a catalog's entries in one transaction, then
// moves the new trigrams from the search index's pending list, which every
// search would otherwise read to its end, into the index proper. Only the
// index's owner may; the import stands either way, and autovacuum does the
// same later, so a refusal is not an error of the import.
func (db *DB) ReplaceCatalog(ctx context.Context, name string, entries []sello.CatalogEntry, at time.Time) error {
	if err := db.DB.ReplaceCatalog(ctx, name, entries, at); err != nil {
		return err
	}
	_, _ = db.pool.ExecContext(ctx, `SELECT gin_clean_pending_list('catalog_entries_search')`)
	return nil
}

// insertEntries sends the entries as arrays, entriesPerInsert at a time,
// so an import of 150,000 rows takes a few round trips instead of one per row.
func insertCatalog(ctx context.Context, tx *sql.Tx, name string, entries []sello.CatalogEntry, texts []string) error {
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
			return sqlstore.Failed(err, "catalog entry", "")
		}
		entries, texts = entries[n:], texts[n:]
	}
	return nil
}

// entriesPerInsert bounds the rows of one INSERT of an import.
const entriesPerInsert = 10000
