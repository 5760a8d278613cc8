package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/sello-mx/sello"
)

// ftsTable is the name of a catalog's full-text index.
func ftsTable(catalog string) string { return "catalog_fts_" + hex.EncodeToString([]byte(catalog)) }

// indexCatalog replaces a catalog's full-text index with one built from its
// current entries, in rowid order, which is code order (ReplaceCatalog
// inserts sorted). Dropping the old index costs nothing next to deleting
// its rows one by one.
func indexCatalog(ctx context.Context, tx *sql.Tx, catalog string) error {
	t := ftsTable(catalog)
	for _, q := range []string{
		`DROP TABLE IF EXISTS ` + t,
		`CREATE VIRTUAL TABLE ` + t + ` USING fts5 (search, content = 'catalog_entries',
			content_rowid = 'rowid', detail = none, columnsize = 0, tokenize = 'unicode61')`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return failed(err, "catalog", "")
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+t+` (rowid, search)
		SELECT rowid, search FROM catalog_entries WHERE catalog = $1 ORDER BY rowid`, catalog)
	if err != nil {
		return failed(err, "catalog", "")
	}
	return nil
}

// ftsQuery turns a folded query into an FTS5 query for one catalog: the
// words of the query as quoted terms, the last one a prefix (the word
// being typed),
// split where the unicode61 tokenizer splits, so no character of the input
// has a meaning in FTS5 syntax. It is "" when the query has no word.
func ftsQuery(folded string) string {
	words := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) == 0 {
		return ""
	}
	var terms []string
	for i, w := range words {
		t := `"` + w + `"`
		if i == len(words)-1 {
			t += "*" // the word being typed
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

// searchCatalog answers FindCatalogEntries with a query: every word of the
// query is a word of the entry's search text, the last one a prefix (its code, description
// and similar words). The count comes from the index alone; the page
// streams from the index in rowid order, which is code order.
func (db *DB) searchCatalog(ctx context.Context, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, int, error) {
	m := ftsQuery(f.Query)
	if m == "" {
		return nil, false, 0, nil
	}
	t := ftsTable(f.Catalog)
	limit := f.Limit
	if limit <= 0 || limit > maxLimit {
		limit = min(max(limit, defaultLimit), maxLimit)
	}
	where := t + ` MATCH $1`
	args := []any{m}
	if f.ValidOn != "" {
		where += ` AND (e.valid_from = '' OR e.valid_from <= $2) AND (e.valid_to = '' OR e.valid_to >= $2)`
		args = append(args, f.ValidOn)
	}
	from := ` FROM ` + t + ` CROSS JOIN catalog_entries e ON e.rowid = ` + t + `.rowid WHERE `
	countSQL := `SELECT count(*)` + from + where
	if f.ValidOn == "" {
		countSQL = `SELECT count(*) FROM ` + t + ` WHERE ` + where
	}
	countArgs := slices.Clone(args)
	pageWhere := where
	if f.After != nil {
		args = append(args, f.Catalog, f.After.Key)
		n := len(args)
		pageWhere += ` AND ` + t + `.rowid > coalesce((SELECT rowid FROM catalog_entries
			WHERE catalog = $` + strconv.Itoa(n-1) + ` AND code <= $` + strconv.Itoa(n) + ` ORDER BY code DESC LIMIT 1), 0)`
	}
	pageSQL := `SELECT e.code, e.description, e.valid_from, e.valid_to, e.extra` + from + pageWhere +
		` ORDER BY ` + t + `.rowid LIMIT ` + strconv.Itoa(limit+1)
	if f.After == nil && f.Offset > 0 {
		pageSQL += ` OFFSET ` + strconv.Itoa(f.Offset)
	}
	tx, err := db.reader().BeginTx(ctx, nil)
	if err != nil {
		return nil, false, 0, failed(err, "catalog", "")
	}
	defer tx.Rollback()
	var imported int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM catalogs WHERE name = $1`, f.Catalog).Scan(&imported); err != nil {
		return nil, false, 0, failed(err, "catalog", "")
	}
	if imported == 0 {
		return nil, false, 0, nil
	}
	var total int
	if err := tx.QueryRowContext(ctx, countSQL, countArgs...).Scan(&total); err != nil {
		return nil, false, 0, failed(err, "catalog", "")
	}
	rows, err := tx.QueryContext(ctx, pageSQL, args...)
	if err != nil {
		return nil, false, 0, failed(err, "catalog", "")
	}
	defer rows.Close()
	var out []*sello.CatalogEntry
	for rows.Next() {
		var (
			e     sello.CatalogEntry
			extra string
		)
		if err := rows.Scan(&e.Code, &e.Description, &e.From, &e.To, &extra); err != nil {
			return nil, false, 0, failed(err, "catalog", "")
		}
		if err := json.Unmarshal([]byte(extra), &e.Extra); err != nil {
			return nil, false, 0, failed(err, "catalog", "")
		}
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, false, 0, failed(err, "catalog", "")
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, total, nil
}
