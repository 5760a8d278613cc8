package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// Paging limits of every list (API.md §6).
const (
	defaultLimit = 20
	maxLimit     = 100
)

// list builds and runs the two queries behind every list: one page of rows in
// the requested order (keyset after a cursor, or by offset) and the count of
// all matches ignoring paging. Conditions are written with ? placeholders that
// become $1..$n in the order they are added, so callers never number them.
type list struct {
	columns string              // selected columns, in the order scan reads them
	from    string              // the table, with joins if any
	id      string              // the id column, the tie-breaker of every order; "id" if empty
	created string              // the creation time column: timestamp order and date range
	name    string              // the column of order_by=name
	time    func(time.Time) any // the stored form of a time

	conds []string
	args  []any

	// searched tells that an engine hook wrote the list's condition on q
	// (ListQuery.Search).
	searched bool

	// count, when set, replaces the count of all matches: a query with its
	// own arguments, run in the same snapshot (client_search.go).
	count     string
	countArgs []any

	txOptions *sql.TxOptions // the engine's snapshot for count and page
}

// PageLimit is the page size of a list asked for limit rows: the default
// when none is given, at most the maximum.
func PageLimit(limit int) int {
	if limit <= 0 {
		return defaultLimit
	}
	return min(limit, maxLimit)
}

// newList starts a list of columns from a table, ordered by created_at or,
// for order_by=name, by name.
func (db *DB) newList(columns, from, name string) list {
	return list{columns: columns, from: from, created: `created_at`, name: name,
		time: db.t, txOptions: db.d.ListTx}
}

// ListQuery is a list's query as an engine hook may narrow it (Hooks).
type ListQuery struct{ l *list }

// From replaces the table the list reads, e.g. to name an index.
func (q ListQuery) From(from string) { q.l.from = from }

// Where adds a condition; each ? in cond takes the next of args.
func (q ListQuery) Where(cond string, args ...any) { q.l.where(cond, args...) }

// Search adds the list's condition on q in place of the shared one (a
// substring of the search text): cond must hold exactly for the rows whose
// text holds q, written as the engine's index serves best.
func (q ListQuery) Search(cond string, args ...any) {
	q.l.where(cond, args...)
	q.l.searched = true
}

// Count replaces the count of all matches by query, with its own ?
// placeholders and arguments, run in the same snapshot as the page.
func (q ListQuery) Count(query string, args ...any) { q.l.count, q.l.countArgs = Dollars(query), args }

// SearchAlone says that an invoice list filters by q and nothing else but
// status and type, which a search index's side table holds: its page and
// count can come from the matches (PageFromMatches).
func SearchAlone(f sello.InvoiceFilter) bool {
	return f.ClientID == "" && f.Series == "" && f.PaymentMethod == "" && len(f.Metadata) == 0 &&
		f.PaysInvoice == "" && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero()
}

// maxMatchIDs bounds the ids of a page PageFromMatches chooses: offset +
// limit + 1.
const maxMatchIDs = 1000

// PageFromMatches has the page of a list by q chosen among its matches, in
// time order, and its total counted there, when an engine finds the
// matches' ids and creation times apart from the list's table (a search
// index's side table): only the page's rows are then read. matches is the
// FROM of the matching rows (ending in a WHERE clause) with its ?
// placeholders' args; created and id are its columns of the creation time
// and the id, and stored gives a time as the engine stores it. The ids are
// chosen in the page's own statement, so the page and its count read one
// snapshot. It reports false, having changed nothing, for a list it does
// not serve: by name, or more than maxMatchIDs ids (offset + limit + 1).
func PageFromMatches(q ListQuery, o sello.ListOptions, matches string, args []any,
	created, id string, stored func(time.Time) any) (bool, error) {
	w, ok, err := timeWindow(o, created, id, stored)
	if !ok || err != nil {
		return false, err
	}
	q.Search(`id IN (SELECT `+id+matches+w.after+` ORDER BY `+w.order+` LIMIT ?)`, append(append(slices.Clone(args), w.afterArgs...), w.n)...)
	q.Count(`SELECT count(*)`+matches, args...)
	return true, nil
}

// window is how a page in time order is chosen among matches apart from
// the list's table: its first n in order, after the cursor.
type window struct {
	n         int    // offset + limit + 1 (limit + 1 after a cursor)
	order     string // ORDER BY of the creation time and the id
	after     string // " AND …" after the cursor, or ""
	afterArgs []any
}

// timeWindow is the window of a page of o over matches whose creation time
// and id are the columns created and id, or ok false for a page it does not
// serve: by name, or more than maxMatchIDs ids.
func timeWindow(o sello.ListOptions, created, id string, stored func(time.Time) any) (w window, ok bool, err error) {
	w.n = PageLimit(o.Limit) + 1
	if o.After == nil {
		w.n += o.Offset
	}
	if (o.OrderBy != "" && o.OrderBy != "timestamp") || w.n > maxMatchIDs {
		return w, false, nil
	}
	dir, cmp := " ASC", ">"
	if o.Desc {
		dir, cmp = " DESC", "<"
	}
	w.order = created + dir + `, ` + id + dir
	if o.After != nil {
		key, err := strconv.ParseInt(o.After.Key, 10, 64)
		if err != nil {
			return w, false, sello.Errorf(sello.Invalid, "malformed cursor")
		}
		w.after = ` AND (` + created + `, ` + id + `) ` + cmp + ` (?, ?)`
		w.afterArgs = []any{stored(time.Unix(0, key)), o.After.ID}
	}
	return w, true, nil
}

// Dollars numbers the ? placeholders of query $1, $2… in order.
func Dollars(query string) string {
	parts := strings.Split(query, "?")
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("$" + strconv.Itoa(i))
		}
		b.WriteString(p)
	}
	return b.String()
}

// where adds a condition; each ? in cond takes the next of args.
func (l *list) where(cond string, args ...any) {
	for _, a := range args {
		l.args = append(l.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(l.args)), 1)
	}
	l.conds = append(l.conds, cond)
}

func (l *list) whereSQL() string {
	if len(l.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(l.conds, " AND ")
}

// run calls scan for each row of the page and returns whether more rows
// follow and how many match in total. Both queries read one snapshot.
func (l *list) run(ctx context.Context, db *sql.DB, o sello.ListOptions, scan func(*sql.Rows) error) (hasMore bool, total int, err error) {
	if l.id == "" {
		l.id = "id"
	}
	sortCol, err := l.sortColumn(o.OrderBy)
	if err != nil {
		return false, 0, err
	}
	if !o.CreatedGTE.IsZero() {
		l.where(l.created+" >= ?", l.time(o.CreatedGTE))
	}
	if !o.CreatedLTE.IsZero() {
		l.where(l.created+" <= ?", l.time(o.CreatedLTE))
	}
	countSQL, countArgs := `SELECT count(*) FROM `+l.from+l.whereSQL(), append([]any(nil), l.args...)
	if l.count != "" {
		countSQL, countArgs = l.count, l.countArgs
	}
	pageSQL, limit, err := l.pageSQL(o, sortCol)
	if err != nil {
		return false, 0, err
	}

	tx, err := db.BeginTx(ctx, l.txOptions)
	if err != nil {
		return false, 0, failed(err, "list", "")
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, countSQL, countArgs...).Scan(&total); err != nil {
		return false, 0, failed(err, "list", "")
	}
	rows, err := tx.QueryContext(ctx, pageSQL, l.args...)
	if err != nil {
		return false, 0, failed(err, "list", "")
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if n++; n > limit {
			hasMore = true
			break
		}
		if err := scan(rows); err != nil {
			return false, 0, failed(err, "list", "")
		}
	}
	if err := rows.Err(); err != nil {
		return false, 0, failed(err, "list", "")
	}
	return hasMore, total, nil
}

func (l *list) sortColumn(orderBy string) (string, error) {
	switch orderBy {
	case "", "timestamp":
		return l.created, nil
	case "name":
		return l.name, nil
	}
	return "", sello.Errorf(sello.Invalid, "cannot order by %q", orderBy)
}

// pageSQL adds the cursor condition and returns the page query, which fetches
// one row more than the limit to learn whether more follow.
func (l *list) pageSQL(o sello.ListOptions, sortCol string) (string, int, error) {
	limit := PageLimit(o.Limit)
	dir, cmp := " ASC", ">"
	if o.Desc {
		dir, cmp = " DESC", "<"
	}
	if o.After != nil {
		key, err := l.cursorKey(o.After.Key, sortCol)
		if err != nil {
			return "", 0, err
		}
		l.where("("+sortCol+", "+l.id+") "+cmp+" (?, ?)", key, o.After.ID)
	}
	q := `SELECT ` + l.columns + ` FROM ` + l.from + l.whereSQL() +
		` ORDER BY ` + sortCol + dir + `, ` + l.id + dir
	l.args = append(l.args, limit+1)
	q += ` LIMIT $` + strconv.Itoa(len(l.args))
	if o.After == nil && o.Offset > 0 {
		l.args = append(l.args, o.Offset)
		q += ` OFFSET $` + strconv.Itoa(len(l.args))
	}
	return q, limit, nil
}

// cursorKey converts a cursor's sort key to the stored type of sortCol: the
// engine's time for the creation time (the key holds unix nanoseconds), text
// otherwise.
func (l *list) cursorKey(key, sortCol string) (any, error) {
	if sortCol != l.created {
		return key, nil
	}
	n, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return nil, sello.Errorf(sello.Invalid, "malformed cursor")
	}
	return l.time(time.Unix(0, n)), nil
}

// keptListCount makes the total of q the sum of list_counts under the
// facets of a list (migration 00120 names them), which triggers keep in the
// transaction of every change, instead of a count of q's matches.
func keptListCount(q *list, name string, team sello.TeamID, livemode bool, facets ...string) {
	args := []any{name, team, livemode}
	for _, f := range slices.Compact(slices.Sorted(slices.Values(facets))) {
		args = append(args, f)
	}
	ListQuery{q}.Count(`SELECT coalesce(sum(n), 0) FROM list_counts WHERE list = ? AND team_id = ? AND livemode = ?
		AND facet IN (`+marks(len(args)-3)+`)`, args...)
}

// statusClientFacets are the facets of payments and receipts (migration
// 00130) whose counts sum to the total of a list by any of statuses (none:
// every status) and, when not empty, one client.
func statusClientFacets(client string, statuses ...string) []string {
	prefix := ""
	if client != "" {
		prefix = "c=" + client
	}
	if len(statuses) == 0 {
		return []string{prefix}
	}
	var facets []string
	for _, s := range statuses {
		if prefix != "" {
			facets = append(facets, prefix+"|s="+s)
		} else {
			facets = append(facets, "s="+s)
		}
	}
	return facets
}
