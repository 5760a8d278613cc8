package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// Invoice search (q) by parties, on both engines (docs/LISTS.md): an
// invoice's search text is its own part (UUID, id, series and folio) and
// its client's part, a party, kept once per team and mode. Each engine keeps
// per invoice in a side table its party's key, creation time, status and
// type, and invoice_counts keeps how many invoices each party has under the
// facet 'q<key>' (pending ones aside). An engine finds the parties whose
// text holds q and the invoices whose own part does; the page and total of
// a search by q alone are then found here: each party's invoices are read
// in time order from its index, a page at most, and its total is summed.

// MaxBranchParties is how many parties a search page reads one by one; a
// q that more parties hold (a word of most clients' names) matches a large
// share of the invoices, and the list's own walk in time order finds them
// soon.
const MaxBranchParties = 64

// PartySearch is what an engine found of an invoice search q.
type PartySearch struct {
	Texts  string              // the side table: team_id, livemode, created_at, status, type and party
	ID     string              // its column of the invoice's id
	Stored func(time.Time) any // a time as the engine stores it

	Team sello.TeamID
	Live bool
	// Kind are the list's conditions on status and type (columns of Texts
	// and of invoice_counts), with their arguments.
	Kind     []string
	KindArgs []any

	// Parties are the keys of the parties whose text holds q, when at
	// most MaxBranchParties; otherwise PartiesSQL (with PartiesArgs)
	// selects them all as column party.
	Parties     []any
	PartiesSQL  string
	PartiesArgs []any

	// Own selects the invoices of the team and mode whose own part holds
	// q, as columns m_id, m_at (creation time) and m_party, ending in a
	// WHERE clause to which Kind is added; "" when none can.
	Own     string
	OwnArgs []any
}

// own is the query of Own under Kind, with its arguments.
func (p PartySearch) own() (string, []any) {
	return p.Own + kindWhere(p.Kind), append(slices.Clone(p.OwnArgs), p.KindArgs...)
}

// Many says that more parties hold q than a page reads one by one.
func (p PartySearch) Many() bool { return p.PartiesSQL != "" }

// partyIn is the condition that column is one of p's parties.
func (p PartySearch) partyIn(column string) (string, []any) {
	if p.Many() {
		return column + ` IN (SELECT party FROM (` + p.PartiesSQL + `) x)`, p.PartiesArgs
	}
	if len(p.Parties) == 0 {
		return `false`, nil
	}
	return column + ` IN (` + marks(len(p.Parties)) + `)`, p.Parties
}

// kindWhere joins kind conditions after a WHERE clause.
func kindWhere(kind []string) string {
	if len(kind) == 0 {
		return ""
	}
	return ` AND ` + strings.Join(kind, ` AND `)
}

// Matches selects the ids (column m_id) of the invoices that p found: its
// parties' and those whose own part holds q.
func (p PartySearch) Matches() (string, []any) {
	in, inArgs := p.partyIn(`party`)
	query := `SELECT ` + p.ID + ` AS m_id FROM ` + p.Texts + ` WHERE team_id = ? AND livemode = ? AND ` + in + kindWhere(p.Kind)
	args := append(append([]any{p.Team, p.Live}, inArgs...), p.KindArgs...)
	if p.Own != "" {
		own, ownArgs := p.own()
		query += ` UNION SELECT m_id FROM (` + own + `) o`
		args = append(args, ownArgs...)
	}
	return query, args
}

// PartyCount has a search by q alone counted from kept counts: the
// parties' facets summed, their pending invoices counted on the side
// table's index of pending ones, and the invoices whose own part holds q
// counted unless a party counted them.
func PartyCount(q ListQuery, p PartySearch) {
	var facets string
	var facetArgs []any
	if p.Many() {
		facets, facetArgs = `facet IN (SELECT 'q' || party FROM (`+p.PartiesSQL+`) x)`, p.PartiesArgs
	} else if len(p.Parties) > 0 {
		facets = `facet IN (` + marks(len(p.Parties)) + `)`
		for _, k := range p.Parties {
			facetArgs = append(facetArgs, "q"+fmt.Sprint(k))
		}
	} else {
		facets = `false`
	}
	in, inArgs := p.partyIn(`party`)
	query := `SELECT (SELECT coalesce(sum(n), 0) FROM invoice_counts WHERE team_id = ? AND livemode = ?` +
		kindWhere(p.Kind) + ` AND ` + facets + `)
		+ (SELECT count(*) FROM ` + p.Texts + ` WHERE team_id = ? AND livemode = ? AND status = 'pending'` +
		kindWhere(p.Kind) + ` AND ` + in + `)`
	args := append(append(append([]any{p.Team, p.Live}, p.KindArgs...), facetArgs...), p.Team, p.Live)
	args = append(append(args, p.KindArgs...), inArgs...)
	if p.Own != "" {
		own, ownArgs := p.own()
		notIn, notInArgs := p.partyIn(`o.m_party`)
		query += ` + (SELECT count(*) FROM (` + own + `) o WHERE o.m_party IS NULL OR NOT (` + notIn + `))`
		args = append(append(args, ownArgs...), notInArgs...)
	}
	q.Count(query, args...)
}

// PartyPage has the page of a search by q alone in time order chosen among
// the first rows of each party's invoices and of the invoices whose own
// part holds q, each read from its index up to a page: only the page's
// invoices are then read. It reports false, having changed nothing, when it
// cannot: another order, a page past maxMatchIDs, or more parties than
// MaxBranchParties.
func PartyPage(q ListQuery, o sello.ListOptions, p PartySearch) (bool, error) {
	w, ok, err := timeWindow(o, `m_at`, `m_id`, p.Stored)
	if !ok || err != nil || p.Many() {
		return false, err
	}
	var branches []string
	var args []any
	for i, k := range p.Parties {
		branches = append(branches, `SELECT * FROM (SELECT m_id, m_at FROM (SELECT `+p.ID+` AS m_id, created_at AS m_at FROM `+p.Texts+`
			WHERE team_id = ? AND livemode = ? AND party = ?`+kindWhere(p.Kind)+`) t WHERE true`+w.after+`
			ORDER BY `+w.order+` LIMIT ?) b`+strconv.Itoa(i))
		args = append(append(append(append(args, p.Team, p.Live, k), p.KindArgs...), w.afterArgs...), w.n)
	}
	if p.Own != "" {
		own, ownArgs := p.own()
		branches = append(branches, `SELECT * FROM (SELECT m_id, m_at FROM (`+own+`) o WHERE true`+w.after+`
			ORDER BY `+w.order+` LIMIT ?) bo`)
		args = append(append(append(args, ownArgs...), w.afterArgs...), w.n)
	}
	if len(branches) == 0 {
		q.Search(`false`)
		return true, nil
	}
	q.Search(`id IN (SELECT m_id FROM (`+strings.Join(branches, ` UNION `)+`) u ORDER BY `+w.order+` LIMIT ?)`,
		append(args, w.n)...)
	return true, nil
}

// FirstParties returns the keys of the parties that the query parties (its
// column party, with ? placeholders) selects on db, up to one more than
// MaxBranchParties: more make PartySearch.Many.
func FirstParties(ctx context.Context, db *sql.DB, parties string, args []any) ([]any, error) {
	rows, err := db.QueryContext(ctx, Dollars(`SELECT party FROM (`+parties+`) x LIMIT `+strconv.Itoa(MaxBranchParties+1)), args...)
	if err != nil {
		return nil, Failed(err, "invoice", "")
	}
	defer rows.Close()
	var keys []any
	for rows.Next() {
		var k any
		if err := rows.Scan(&k); err != nil {
			return nil, Failed(err, "invoice", "")
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, Failed(err, "invoice", "")
	}
	return keys, nil
}
