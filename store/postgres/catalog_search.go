package postgres

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Catalog search (q) is a substring of the folded search text (the code,
// the description, the similar words), checked with strpos on every entry
// it returns or counts. The pg_trgm index narrows the entries to check
// with a LIKE pattern of the query's words of three characters or more;
// the short ones ("de", "y") are left out because their trigrams are in
// nearly every entry and reading them would cost more than they save. A
// query of one or two characters takes its total from catalog_grams.
//
// Knowing the exact total first, the page is read the way that suits it: a
// few matches from the index, sorted; many by walking the catalog in code
// order, where they come soon.

// sparseMatches is the most matches whose page is read from the index.
const sparseMatches = 1000

// trigramPattern returns a LIKE pattern that every text holding folded
// matches and pg_trgm can serve: its words of three characters or more,
// in order, "" when it has none.
func trigramPattern(folded string) string {
	words := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	var long []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 {
			long = append(long, sqlstore.LikeEscape(w))
		}
	}
	if len(long) == 0 {
		return ""
	}
	return "%" + strings.Join(long, "%") + "%"
}

// searchCatalog answers FindCatalogEntries with a query, reading one
// snapshot.
func (db *DB) searchCatalog(ctx context.Context, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, int, error) {
	if !storable(f.Query) {
		return nil, false, 0, nil // in no stored text
	}
	tx, err := db.pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, false, 0, sqlstore.Failed(err, "catalog", "")
	}
	defer tx.Rollback()
	var (
		imported, counted bool
		grams             sql.NullInt64
	)
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM catalogs WHERE name = $1),
		(SELECT entries FROM catalog_grams WHERE catalog = $1 AND gram = $2),
		EXISTS (SELECT 1 FROM catalog_grams WHERE catalog = $1)`, f.Catalog, f.Query).Scan(&imported, &grams, &counted)
	if err != nil {
		return nil, false, 0, sqlstore.Failed(err, "catalog", "")
	}
	if !imported {
		return nil, false, 0, nil
	}
	where, args := `e.catalog = $1 AND strpos(e.search, $2) > 0`, []any{f.Catalog, f.Query}
	if f.ValidOn != "" {
		args = append(args, f.ValidOn)
		where += ` AND (e.valid_from = '' OR e.valid_from <= $3) AND (e.valid_to = '' OR e.valid_to >= $3)`
	}
	indexed := where
	pattern := trigramPattern(f.Query)
	if pattern != "" {
		indexed += ` AND e.search LIKE $` + strconv.Itoa(len(args)+1) + ` ESCAPE '\'`
	}
	var total int
	if sello.ShortQuery(f.Query) && counted && f.ValidOn == "" {
		total = int(grams.Int64)
	} else {
		countArgs := args
		if pattern != "" {
			countArgs = append(countArgs[:len(countArgs):len(countArgs)], pattern)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM catalog_entries e WHERE `+indexed, countArgs...).Scan(&total); err != nil {
			return nil, false, 0, sqlstore.Failed(err, "catalog", "")
		}
	}
	if total == 0 {
		return nil, false, 0, nil
	}
	// A few: from the index, sorted by an expression the primary key
	// cannot serve. Many: along the primary key.
	order := `e.code`
	if pattern != "" && total <= sparseMatches {
		where, args, order = indexed, append(args, pattern), `e.code || ''`
	}
	out, more, err := catalogPage(ctx, tx, where, args, order, f)
	if err != nil {
		return nil, false, 0, err
	}
	return out, more, total, nil
}

// catalogPage reads one page of the entries matching where, in code order
// (sorted by order), after f's cursor or from f's offset.
func catalogPage(ctx context.Context, tx *sql.Tx, where string, args []any, order string, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, error) {
	limit := sqlstore.PageLimit(f.Limit)
	if f.After != nil {
		args = append(args, f.After.Key)
		where += ` AND e.code > $` + strconv.Itoa(len(args))
	}
	q := `SELECT e.code, e.description, e.valid_from, e.valid_to, e.extra FROM catalog_entries e WHERE ` + where +
		` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(limit+1)
	if f.After == nil && f.Offset > 0 {
		q += ` OFFSET ` + strconv.Itoa(f.Offset)
	}
	return sqlstore.CatalogPage(ctx, tx, q, args, limit)
}

// indexCatalog replaces a catalog's counts of short substrings and
// refreshes the statistics, so that q chooses between the trigram index and
// the code order from the new row counts.
func indexCatalog(ctx context.Context, tx *sql.Tx, catalog string, grams map[string]int) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_grams WHERE catalog = $1`, catalog); err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	keys, counts := make([]string, 0, len(grams)), make([]int64, 0, len(grams))
	for g, n := range grams {
		keys, counts = append(keys, g), append(counts, int64(n))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO catalog_grams (catalog, gram, entries)
		SELECT $1, * FROM unnest($2::text[], $3::int[])`, catalog, keys, counts)
	if err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	if _, err := tx.ExecContext(ctx, `ANALYZE catalog_entries`); err != nil {
		return sqlstore.Failed(err, "catalog", "")
	}
	return nil
}

// storable reports whether PostgreSQL can hold s as text: valid UTF-8
// without NUL. A query that is not is a substring of no stored text.
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
