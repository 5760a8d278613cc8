package sqlite

import (
	"context"
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

// clientIDsCap is how many matches a search reads by id; past it, the
// search walks the team's clients in list order instead.
const clientIDsCap = 500

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
	var n int
	err := db.read.QueryRowContext(ctx, sqlstore.Dollars(`SELECT count(*) FROM (SELECT 1`+clientMatches+` LIMIT ?)`),
		m, f.TeamID, f.Livemode, clientIDsCap+1).Scan(&n)
	if err != nil {
		return false, sqlstore.Failed(err, "client", "")
	}
	switch {
	case n == 0:
		return false, nil
	case n <= clientIDsCap:
		// Look the few up by primary key (sqlite_autoindex_clients_1, the
		// key of the WITHOUT ROWID table); the planner would rather walk
		// the team's clients and test each one.
		q.From(`clients INDEXED BY sqlite_autoindex_clients_1`)
		q.Where(`id IN (SELECT s.id`+clientMatches+`)`, m, f.TeamID, f.Livemode)
	case onlyText(f):
		q.Count(`SELECT count(*)`+clientMatches, m, f.TeamID, f.Livemode)
	}
	return true, nil
}

// onlyText reports whether f filters by nothing but q and name, which the
// index alone can count.
func onlyText(f sello.ClientFilter) bool {
	return f.Email == "" && f.TaxID == "" && f.NameIs == "" && len(f.Metadata) == 0 &&
		f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero()
}
