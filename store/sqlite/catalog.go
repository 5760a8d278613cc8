package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// insertCatalog inserts a catalog's entries with one prepared statement;
// SQLite's cost is per statement execution, not per round trip.
func insertCatalog(ctx context.Context, tx *sql.Tx, name string, entries []sello.CatalogEntry, texts []string) error {
	// A bigger page cache for this connection: building the full-text index
	// of a big catalog rewrites many index pages.
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO catalog_entries
		(catalog, code, description, valid_from, valid_to, extra, search) VALUES ($1, $2, $3, $4, $5, $6, $7)`)
	if err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	defer st.Close()
	for i := range entries {
		e := &entries[i]
		extra, err := json.Marshal(e.Extra)
		if err != nil {
			return sello.Wrap(sello.Internal, err, "cannot encode catalog entry")
		}
		if _, err := st.ExecContext(ctx, name, e.Code, e.Description, e.From, e.To, string(extra), texts[i]); err != nil {
			return sqlstore.Failed(err, "catalog entry "+e.Code, "")
		}
	}
	return nil
}
