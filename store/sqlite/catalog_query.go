package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Catalog search (q) is a substring of the folded search text (the code,
// the description, the similar words). Each imported catalog has a trigram
// index, catalog_trigram_<hex of the name>, in which a query of three
// characters or more is a phrase of trigrams: an exact substring match, and
// the index alone counts the matches. A shorter query takes its total from
// catalog_grams and reads the catalog in code order for its page.

// trigramTable is the name of a catalog's trigram index.
func trigramTable(catalog string) string {
	return "catalog_trigram_" + hex.EncodeToString([]byte(catalog))
}

// indexCatalog replaces a catalog's trigram index with one built from its
// current entries, in rowid order, which is code order (ReplaceCatalog
// inserts sorted), and its counts of short substrings. Dropping the old
// index costs nothing next to deleting its rows one by one. The word index
// of earlier versions (catalog_fts_<hex>) goes too.
func indexCatalog(ctx context.Context, tx *sql.Tx, catalog string, grams map[string]int) error {
	t := trigramTable(catalog)
	for _, q := range []string{
		`DROP TABLE IF EXISTS catalog_fts_` + hex.EncodeToString([]byte(catalog)),
		`DROP TABLE IF EXISTS ` + t,
		`CREATE VIRTUAL TABLE ` + t + ` USING fts5 (search, content = 'catalog_entries',
			content_rowid = 'rowid', detail = full, columnsize = 0, tokenize = 'trigram case_sensitive 1')`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return sqlstore.Failed(err, "catalog", "")
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+t+` (rowid, search)
		SELECT rowid, search FROM catalog_entries WHERE catalog = $1 ORDER BY rowid`, catalog)
	if err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_grams WHERE catalog = $1`, catalog); err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO catalog_grams (catalog, gram, entries) VALUES ($1, $2, $3)`)
	if err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	defer st.Close()
	for g, n := range grams {
		if _, err := st.ExecContext(ctx, catalog, g, n); err != nil {
			return sqlstore.Failed(err, "catalog", "")
		}
	}
	return nil
}

// trigramQuery returns the FTS5 query of a folded text: one quoted phrase,
// which the trigram tokenizer matches as a substring. It is "" when the
// index cannot answer: fewer than three characters, or text FTS5 does not
// take (invalid UTF-8, NUL).
func trigramQuery(folded string) string {
	if sello.ShortQuery(folded) || !utf8.ValidString(folded) || strings.ContainsRune(folded, 0) {
		return ""
	}
	return `"` + strings.ReplaceAll(folded, `"`, `""`) + `"`
}

// catalogSearch is the SQL of one search: the rows and their order, the
// count, and the condition that continues after a cursor.
type catalogSearch struct {
	from, where, order string
	args               []any
	count              string // "" when total is known
	total              int
	// after is the condition of the rows after the entry of code key, its
	// arguments (returned) numbered from n.
	after func(n int, catalog, key string) (string, []any)
}

// searchCatalog answers FindCatalogEntries with a query, reading one
// snapshot: how it finds the matches is chosen from what the catalog has
// (trigram index or not) and the length of the query.
func (db *DB) searchCatalog(ctx context.Context, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, int, error) {
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, 0, sqlstore.Failed(err, "catalog", "")
	}
	defer tx.Rollback()
	t := trigramTable(f.Catalog)
	var imported, indexed int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM catalogs WHERE name = $1),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $2)`, f.Catalog, t).Scan(&imported, &indexed); err != nil {
		return nil, false, 0, sqlstore.Failed(err, "catalog", "")
	}
	if imported == 0 {
		return nil, false, 0, nil
	}
	var s catalogSearch
	if m := trigramQuery(f.Query); indexed == 1 && m != "" {
		s = trigramSearch(t, m, f)
	} else {
		s = scanSearch(f)
		if indexed == 1 && f.ValidOn == "" && utf8.ValidString(f.Query) {
			s.count = ""
			err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT entries FROM catalog_grams
				WHERE catalog = $1 AND gram = $2), 0)`, f.Catalog, f.Query).Scan(&s.total)
			if err != nil {
				return nil, false, 0, sqlstore.Failed(err, "catalog", "")
			}
		}
	}
	if s.count != "" {
		if err := tx.QueryRowContext(ctx, s.count, s.args...).Scan(&s.total); err != nil {
			return nil, false, 0, sqlstore.Failed(err, "catalog", "")
		}
	}
	if s.total == 0 {
		return nil, false, 0, nil
	}
	out, more, err := s.page(ctx, tx, f)
	if err != nil {
		return nil, false, 0, err
	}
	return out, more, s.total, nil
}

// validOn adds the condition of f.ValidOn as argument n.
func validOn(where string, n int) string {
	p := "$" + strconv.Itoa(n)
	return where + ` AND (e.valid_from = '' OR e.valid_from <= ` + p + `) AND (e.valid_to = '' OR e.valid_to >= ` + p + `)`
}

// trigramSearch streams the matches from the catalog's trigram index in
// rowid order, which is code order; the index alone counts them unless a
// validity date needs the entries.
func trigramSearch(t, match string, f sello.CatalogEntryFilter) catalogSearch {
	s := catalogSearch{
		from:  t + ` CROSS JOIN catalog_entries e ON e.rowid = ` + t + `.rowid`,
		where: t + ` MATCH $1`, order: t + `.rowid`, args: []any{match},
	}
	s.count = `SELECT count(*) FROM ` + t + ` WHERE ` + s.where
	if f.ValidOn != "" {
		s.args = append(s.args, f.ValidOn)
		s.where = validOn(s.where, 2)
		s.count = `SELECT count(*) FROM ` + s.from + ` WHERE ` + s.where
	}
	s.after = func(n int, catalog, key string) (string, []any) {
		return t + `.rowid > coalesce((SELECT rowid FROM catalog_entries
			WHERE catalog = $` + strconv.Itoa(n) + ` AND code <= $` + strconv.Itoa(n+1) + ` ORDER BY code DESC LIMIT 1), 0)`,
			[]any{catalog, key}
	}
	return s
}

// scanSearch reads the catalog in code order, checking each entry: the
// search of a query too short for the index, or of a catalog imported
// before there were trigram indexes.
func scanSearch(f sello.CatalogEntryFilter) catalogSearch {
	s := catalogSearch{
		from:  `catalog_entries e`,
		where: `e.catalog = $1 AND instr(e.search, $2) > 0`, order: `e.code`, args: []any{f.Catalog, f.Query},
	}
	if f.ValidOn != "" {
		s.args = append(s.args, f.ValidOn)
		s.where = validOn(s.where, 3)
	}
	s.count = `SELECT count(*) FROM ` + s.from + ` WHERE ` + s.where
	s.after = func(n int, _, key string) (string, []any) { return `e.code > $` + strconv.Itoa(n), []any{key} }
	return s
}

// page reads one page of s in code order, after f's cursor or from f's
// offset, and reports whether more follow.
func (s catalogSearch) page(ctx context.Context, tx *sql.Tx, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, error) {
	limit := sqlstore.PageLimit(f.Limit)
	where, args := s.where, s.args
	if f.After != nil {
		cond, more := s.after(len(args)+1, f.Catalog, f.After.Key)
		where, args = where+` AND `+cond, append(args, more...)
	}
	q := `SELECT e.code, e.description, e.valid_from, e.valid_to, e.extra FROM ` + s.from + ` WHERE ` + where +
		` ORDER BY ` + s.order + ` LIMIT ` + strconv.Itoa(limit+1)
	if f.After == nil && f.Offset > 0 {
		q += ` OFFSET ` + strconv.Itoa(f.Offset)
	}
	return sqlstore.CatalogPage(ctx, tx, q, args, limit)
}
