package sqlite

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Client search: q and name are substrings of the folded search texts
// (the shared FindClients checks them with instr on every row it returns or counts).
// client_fts, a trigram index of every live client's texts (migration
// 00045), narrows the rows to check: a query of three characters or more
// that few of the team's clients match is looked up in the index, and only
// those clients are read. One that many match reads the team's clients in
// list order, where matches come soon, and counts from the index.

// trigramIDsCap is how many matches a search reads by id and sorts; past
// it, the search walks the team's rows in list order instead, checking
// each row's text. (Keeping up to ten times more by id as the list walks
// was slower: SQLite then reads the few by id and sorts them.)
const trigramIDsCap = 500

// clientMatch returns the FTS5 query of f's q and name, "" when the index
// cannot answer (neither is given, or one is too short).
func clientMatch(f sello.ClientFilter) string {
	var parts []string
	for _, p := range []struct{ col, text string }{{"search", f.Query}, {"name_search", f.Name}} {
		if p.text == "" {
			continue
		}
		m := trigramQuery(p.text)
		if m == "" {
			return ""
		}
		parts = append(parts, `{`+p.col+`} : `+m)
	}
	return strings.Join(parts, " AND ")
}

// clientMatches is the team's clients in the index matching m.
const clientMatches = ` FROM client_fts CROSS JOIN client_search s ON s.n = client_fts.rowid
	WHERE client_fts MATCH ? AND s.team_id = ? AND s.livemode = ?`

// narrowClients adds to q what the trigram index knows of f's q and name
// filters, and reports false when no client can match.
func (db *DB) narrowClients(ctx context.Context, q sqlstore.ListQuery, f sello.ClientFilter) (bool, error) {
	if f.Query != "" && f.Email == "" && f.TaxID == "" && f.OrderBy != "name" {
		// q scans the team's clients: on clients_team, which ends with
		// search, that reads the index alone (the planner, without
		// statistics, would pick clients_email and read every row).
		q.From(`clients INDEXED BY clients_team`)
	}
	m := clientMatch(f)
	if m == "" {
		return true, nil
	}
	// The few are looked up by primary key (sqlite_autoindex_clients_1, the
	// key of the WITHOUT ROWID table); the planner would rather walk the
	// team's clients and test each one.
	return db.narrowByTrigrams(ctx, q, trigramList{what: "client", matches: clientMatches,
		byID: `clients INDEXED BY sqlite_autoindex_clients_1`, countable: onlyText(f)}, m, f.TeamID, f.Livemode)
}

// onlyText reports whether f filters by nothing but q and name, which the
// index alone can count.
func onlyText(f sello.ClientFilter) bool {
	return f.Email == "" && f.TaxID == "" && f.NameIs == "" && len(f.Metadata) == 0 &&
		f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero()
}

// trigramList is a list whose q a trigram index narrows.
type trigramList struct {
	what string // what the list holds, for errors
	// matches is the team's rows in the index matching a query: FROM and
	// WHERE whose first three ? placeholders take the query, the team and
	// the mode, and any more take matchArgs.
	matches   string
	matchArgs []any
	// kind are more conditions on the indexed rows, with their arguments.
	kind     []string
	kindArgs []any
	byID     string // the table to read by primary key
	// countable says that the list filters by nothing but the index's
	// query and kind, so that the index can count all its matches.
	countable bool
}

// query is FROM and WHERE of the team's rows in the index of l matching
// the FTS5 query m and l's other conditions, with its arguments.
func (l trigramList) query(m string, team sello.TeamID, live bool) (string, []any) {
	matches := l.matches
	for _, k := range l.kind {
		matches += ` AND ` + k
	}
	return matches, append(append([]any{m, team, live}, l.matchArgs...), l.kindArgs...)
}

// narrowByTrigrams adds to q what the index of l knows of the FTS5 query
// m, and reports false when nothing can match (narrowToIDs), counting its
// matches in the index when l is countable.
func (db *DB) narrowByTrigrams(ctx context.Context, q sqlstore.ListQuery, l trigramList, m string, team sello.TeamID, live bool) (bool, error) {
	matches, args := l.query(m, team, live)
	var count string
	if l.countable {
		count = `SELECT count(*)` + matches
	}
	return db.narrowToIDs(ctx, q, l.what, l.byID, `SELECT s.id`+matches, args, count)
}

// narrowToIDs narrows q to the rows whose ids the query ids selects (with
// args), and reports false when it selects none. Few (up to
// trigramIDsCap) are read by id from byID; more are found by the list's
// own walk in its order, where they come soon, and counted by count (in
// the page's snapshot) unless it is "".
func (db *DB) narrowToIDs(ctx context.Context, q sqlstore.ListQuery, what, byID, ids string, args []any, count string) (bool, error) {
	limit := cmp.Or(db.trigramCap, trigramIDsCap)
	rows, err := db.read.QueryContext(ctx, sqlstore.Dollars(ids+` LIMIT ?`), append(slices.Clone(args), limit+1)...)
	if err != nil {
		return false, sqlstore.Failed(err, what, "")
	}
	defer rows.Close()
	var found []any
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return false, sqlstore.Failed(err, what, "")
		}
		found = append(found, id)
	}
	if err := rows.Err(); err != nil {
		return false, sqlstore.Failed(err, what, "")
	}
	switch {
	case len(found) == 0:
		return false, nil
	case len(found) <= limit:
		q.From(byID)
		q.Where(`id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(found)), ", ")+`)`, found...)
	case count != "":
		q.Count(count, args...)
	}
	return true, nil
}
