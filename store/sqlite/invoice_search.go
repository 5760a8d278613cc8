package sqlite

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Invoice search: q is a substring of the folded search text (the shared
// FindInvoices checks it with instr on every row it returns or counts).
// invoice_fts, a trigram index of every invoice's text (migration 00110),
// narrows the rows to check as client_fts does for clients, but it looks
// up only the three rarest trigrams of q: the texts of invoices share long
// runs (a client's name, the issuer's tax id, the id's prefix), whose
// trigrams every invoice holds, and a phrase of all of q's trigrams would
// read them all. The few invoices holding the three are checked with instr.

// invoiceMatches is the team's invoices in the index matching an FTS5
// query whose folded search text holds a substring.
const invoiceMatches = ` FROM invoice_fts CROSS JOIN invoice_search s ON s.n = invoice_fts.rowid
	WHERE invoice_fts MATCH ? AND s.team_id = ? AND s.livemode = ? AND instr(s.search, ?) > 0`

// narrowInvoices adds to q what the trigram index knows of f's q (kind:
// the list's conditions on status and type), and reports false when no
// invoice can match.
func (db *DB) narrowInvoices(ctx context.Context, q sqlstore.ListQuery, f sello.InvoiceFilter, kind []string, kindArgs []any) (bool, error) {
	folded := sello.Fold(f.Query)
	if trigramQuery(folded) == "" {
		return true, nil
	}
	m, err := db.rareTrigrams(ctx, folded)
	if err != nil || m == "" {
		return false, err // "": a trigram no invoice holds
	}
	countable := f.ClientID == "" && f.Series == "" && f.PaymentMethod == "" && len(f.Metadata) == 0 &&
		f.PaysInvoice == "" && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero()
	if countable {
		if done, err := db.invoicePageFromIndex(ctx, q, f, m, folded, kind, kindArgs); done || err != nil {
			return true, err
		}
	}
	return db.narrowByTrigrams(ctx, q, trigramList{what: "invoice", matches: invoiceMatches,
		matchArgs: []any{folded}, kind: kind, kindArgs: kindArgs, byID: `invoices INDEXED BY sqlite_autoindex_invoices_1`,
		countable: countable}, m, f.TeamID, f.Livemode)
}

// trigramProbe is how many invoices holding one trigram of q are counted
// to tell a rare trigram from a common one.
const trigramProbe = 1000

// rareTrigrams is the FTS5 query of the three trigrams of folded (valid
// UTF-8, three characters or more) that the fewest invoices hold, or ""
// when one of its trigrams is in no invoice.
func (db *DB) rareTrigrams(ctx context.Context, folded string) (string, error) {
	var grams []string
	for i := range folded {
		rest := folded[i:]
		_, a := utf8.DecodeRuneInString(rest)
		_, b := utf8.DecodeRuneInString(rest[a:])
		if a+b >= len(rest) {
			break
		}
		_, c := utf8.DecodeRuneInString(rest[a+b:])
		if g := trigramQuery(rest[:a+b+c]); !slices.Contains(grams, g) {
			grams = append(grams, g)
		}
	}
	if len(grams) <= 3 {
		return strings.Join(grams, " AND "), nil
	}
	// How common each trigram is, from the first trigramProbe entries of
	// its list, in rowid order (the order invoices were stored): fewer
	// entries than that is its exact count; otherwise, the later its last
	// entry, the rarer the trigram.
	var top int64
	if err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(n), 0) FROM invoice_search`).Scan(&top); err != nil {
		return "", sqlstore.Failed(err, "invoice", "")
	}
	common := make([]float64, len(grams))
	for i, g := range grams {
		var n, last int64
		err := db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0) FROM
			(SELECT rowid FROM invoice_fts WHERE invoice_fts MATCH $1 LIMIT `+strconv.Itoa(trigramProbe)+`)`, g).Scan(&n, &last)
		switch {
		case err != nil:
			return "", sqlstore.Failed(err, "invoice", "")
		case n == 0:
			return "", nil
		case n < trigramProbe:
			common[i] = float64(n)
		default:
			common[i] = float64(n) * float64(top) / float64(max(last, 1))
		}
	}
	order := make([]int, len(grams))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(common[a], common[b]) })
	return grams[order[0]] + " AND " + grams[order[1]] + " AND " + grams[order[2]], nil
}

// pageIDsCap bounds the ids of a page found in the index: offset + limit + 1.
const pageIDsCap = 1000

// invoicePageFromIndex finds the page of a list by q alone (and status and
// type) in time order in the index: the matches' ids and creation times
// are in invoice_search (migration 00160), so they are sorted there and
// only the page's invoices are read, by id; the total is counted there too,
// in the page's snapshot. It reports false, having changed nothing, for a
// list it does not serve (by name, or an offset past pageIDsCap).
func (db *DB) invoicePageFromIndex(ctx context.Context, q sqlstore.ListQuery, f sello.InvoiceFilter, m, folded string,
	kind []string, kindArgs []any) (bool, error) {
	o := f.ListOptions
	n := sqlstore.PageLimit(o.Limit) + 1
	if o.After == nil {
		n += o.Offset
	}
	if (o.OrderBy != "" && o.OrderBy != "timestamp") || n > pageIDsCap {
		return false, nil
	}
	matches := invoiceMatches
	for _, k := range kind {
		matches += ` AND ` + k
	}
	args := append([]any{m, f.TeamID, f.Livemode, folded}, kindArgs...)
	page, pageArgs := matches, slices.Clone(args)
	dir, cmp := " ASC", ">"
	if o.Desc {
		dir, cmp = " DESC", "<"
	}
	if o.After != nil {
		key, err := strconv.ParseInt(o.After.Key, 10, 64)
		if err != nil {
			return false, sello.Errorf(sello.Invalid, "malformed cursor")
		}
		page += ` AND (s.created_at, s.id) ` + cmp + ` (?, ?)`
		pageArgs = append(pageArgs, unixNano(time.Unix(0, key)), o.After.ID)
	}
	rows, err := db.read.QueryContext(ctx, sqlstore.Dollars(`SELECT s.id`+page+
		` ORDER BY s.created_at`+dir+`, s.id`+dir+` LIMIT ?`), append(pageArgs, n)...)
	if err != nil {
		return false, sqlstore.Failed(err, "invoice", "")
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return false, sqlstore.Failed(err, "invoice", "")
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return false, sqlstore.Failed(err, "invoice", "")
	}
	q.From(`invoices INDEXED BY sqlite_autoindex_invoices_1`)
	q.Where(`id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`, ids...)
	q.Count(`SELECT count(*)`+matches, args...)
	return true, nil
}
