package sqlite

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Invoice and payment search: q is a substring of the folded search text,
// checked with instr on the side table's text of every match.
// A trigram index of every row's text (invoice_fts, migration 00110;
// payment_fts, 00190) narrows the rows to check as client_fts does for
// clients, but it looks up only the three rarest trigrams of q: the texts
// share long runs (a client's name, the issuer's tax id, the id's prefix),
// whose trigrams every row holds, and a phrase of all of q's trigrams
// would read them all. The few rows holding the three are checked with
// instr. Each index has a side table (invoice_search, payment_search) that
// gives its rows integer keys and holds what a list by q alone needs:
// team, mode, status (and type), creation time and the text.

// textIndex names the tables of one trigram-indexed list.
type textIndex struct {
	what string // what the list holds, for errors
	fts  string // the FTS5 table
	side string // its side table
	byID string // the list's table, read by primary key
}

var (
	invoiceText = textIndex{what: "invoice", fts: "invoice_fts", side: "invoice_search",
		byID: `invoices INDEXED BY sqlite_autoindex_invoices_1`}
	partyText   = textIndex{what: "invoice", fts: "party_fts", side: "search_parties"}
	paymentText = textIndex{what: "payment", fts: "payment_fts", side: "payment_search",
		byID: `payments INDEXED BY sqlite_autoindex_payments_1`}
)

// matches is the team's rows in the index matching an FTS5 query whose
// folded search text holds a substring: four ? placeholders, the query,
// the team, the mode and the substring.
func (ix textIndex) matches() string {
	return ` FROM ` + ix.fts + ` CROSS JOIN ` + ix.side + ` s ON s.n = ` + ix.fts + `.rowid
	WHERE ` + ix.fts + ` MATCH ? AND s.team_id = ? AND s.livemode = ? AND instr(s.search, ?) > 0`
}

// narrowInvoices adds to q what the trigram indexes know of f's q (kind:
// the list's conditions on status and type), and reports false when no
// invoice can match. The parties (clients' parts of the texts, migration
// 00230) that hold q are found in party_fts, the invoices whose own part
// holds it in invoice_fts. With q alone, the page and the total come from
// them (sqlstore.PartyPage, PartyCount); with other filters, up to
// trigramIDsCap matches are read by id, and more are found by the list's
// walk, checking each invoice's whole text.
func (db *DB) narrowInvoices(ctx context.Context, q sqlstore.ListQuery, f sello.InvoiceFilter, kind []string, kindArgs []any) (bool, error) {
	folded := sello.Fold(f.Query)
	if trigramQuery(folded) == "" {
		return true, nil
	}
	p := sqlstore.PartySearch{Texts: `invoice_search`, ID: `id`, Stored: unixNano,
		Team: f.TeamID, Live: f.Livemode, Kind: kind, KindArgs: kindArgs}
	mOwn, err := db.rareTrigrams(ctx, invoiceText, folded)
	if err != nil {
		return false, err
	}
	if mOwn != "" {
		p.Own = `SELECT s.id AS m_id, s.created_at AS m_at, s.party AS m_party` + invoiceText.matches()
		p.OwnArgs = []any{mOwn, f.TeamID, f.Livemode, folded}
	}
	mParty, err := db.rareTrigrams(ctx, partyText, folded)
	if err != nil {
		return false, err
	}
	if mParty != "" {
		parties := `SELECT s.n AS party` + partyText.matches()
		args := []any{mParty, f.TeamID, f.Livemode, folded}
		if p.Parties, err = sqlstore.FirstParties(ctx, db.read, parties, args); err != nil {
			return false, err
		}
		if len(p.Parties) > sqlstore.MaxBranchParties {
			p.Parties, p.PartiesSQL, p.PartiesArgs = nil, parties, args
		}
	}
	if p.Own == "" && len(p.Parties) == 0 && !p.Many() {
		return false, nil
	}
	if sqlstore.SearchAlone(f) {
		sqlstore.PartyCount(q, p)
		if done, err := sqlstore.PartyPage(q, f.ListOptions, p); done || err != nil {
			q.From(invoiceText.byID)
			return true, err
		}
	}
	if p.Many() {
		return true, nil // the list's walk: many match, and come soon
	}
	// With other filters, or a page PartyPage does not choose: the
	// matches' ids, when few.
	ids, args := p.Matches()
	return db.narrowToIDs(ctx, q, "invoice", invoiceText.byID, ids, args, "")
}

// narrowPayments does for a payment list what narrowInvoices does for an
// invoice list.
func (db *DB) narrowPayments(ctx context.Context, q sqlstore.ListQuery, f sello.PaymentFilter) (bool, error) {
	var kind []string
	var kindArgs []any
	if len(f.Statuses) > 0 {
		kind = append(kind, `s.status IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ")+`)`)
		for _, st := range f.Statuses {
			kindArgs = append(kindArgs, string(st))
		}
	}
	countable := f.ClientID == "" && f.Currency == "" && f.Email == "" && f.TaxID == "" && len(f.Metadata) == 0 &&
		f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero()
	return db.narrowText(ctx, q, paymentText, f.TeamID, f.Livemode, f.Query, f.ListOptions, kind, kindArgs, countable)
}

// narrowText narrows a list by query on the trigram index ix. countable
// says that the list filters by nothing but q and kind.
func (db *DB) narrowText(ctx context.Context, q sqlstore.ListQuery, ix textIndex, team sello.TeamID, live bool,
	query string, o sello.ListOptions, kind []string, kindArgs []any, countable bool) (bool, error) {
	folded := sello.Fold(query)
	if trigramQuery(folded) == "" {
		return true, nil
	}
	m, err := db.rareTrigrams(ctx, ix, folded)
	if err != nil || m == "" {
		return false, err // "": a trigram no row holds
	}
	l := trigramList{what: ix.what, matches: ix.matches(), matchArgs: []any{folded}, kind: kind, kindArgs: kindArgs,
		byID: ix.byID, countable: countable}
	if countable {
		if done, err := pageFromIndex(q, l, m, team, live, o); done || err != nil {
			return true, err
		}
	}
	return db.narrowByTrigrams(ctx, q, l, m, team, live)
}

// trigramProbe is how many rows holding one trigram of q are counted to
// tell a rare trigram from a common one.
const trigramProbe = 1000

// rareTrigrams is the FTS5 query of the three trigrams of folded (valid
// UTF-8, three characters or more) that the fewest rows of ix hold, or ""
// when one of its trigrams is in no row.
func (db *DB) rareTrigrams(ctx context.Context, ix textIndex, folded string) (string, error) {
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
	if err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(n), 0) FROM `+ix.side).Scan(&top); err != nil {
		return "", sqlstore.Failed(err, ix.what, "")
	}
	common := make([]float64, len(grams))
	for i, g := range grams {
		if c, ok := db.commonGrams.get(ix.fts, g); ok {
			common[i] = c
			continue
		}
		var n, last int64
		err := db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0) FROM
			(SELECT rowid FROM `+ix.fts+` WHERE `+ix.fts+` MATCH $1 LIMIT `+strconv.Itoa(trigramProbe)+`)`, g).Scan(&n, &last)
		switch {
		case err != nil:
			return "", sqlstore.Failed(err, ix.what, "")
		case n == 0:
			return "", nil
		case n < trigramProbe:
			common[i] = float64(n)
		default:
			common[i] = float64(n) * float64(top) / float64(max(last, 1))
			db.commonGrams.put(ix.fts, g, common[i])
		}
	}
	order := make([]int, len(grams))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(common[a], common[b]) })
	return grams[order[0]] + " AND " + grams[order[1]] + " AND " + grams[order[2]], nil
}

// commonGramsAge is how long a common trigram's estimate is used before it
// is probed again: the share of rows holding a trigram changes slowly.
const commonGramsAge = 10 * time.Minute

// commonGramsCap bounds the estimates kept; past it they are all dropped.
const commonGramsCap = 50_000

// commonGrams keeps rareTrigrams' estimates of the common trigrams of each
// index: texts share them (every client's name ends in "comercial sa de
// cv"), and probing one reads trigramProbe index entries, most of a
// search's time. Rare trigrams are not kept: their probe is cheap, and
// the one no row holds must be seen at once when a row comes to hold it.
type commonGrams struct {
	mu sync.Mutex
	m  map[string]commonGram
}

type commonGram struct {
	common float64
	at     time.Time
}

func (c *commonGrams) get(fts, gram string) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[fts+"\x00"+gram]
	if !ok || time.Since(e.at) > commonGramsAge {
		return 0, false
	}
	return e.common, true
}

func (c *commonGrams) put(fts, gram string, common float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= commonGramsCap {
		c.m = map[string]commonGram{}
	}
	c.m[fts+"\x00"+gram] = commonGram{common: common, at: time.Now()}
}

// pageFromIndex finds the page of a list by q alone (and status or kind)
// in time order in the index: the matches' ids and creation times are in
// its side table, so they are sorted there and only the page's rows are
// read, by id; the total is counted there too (sqlstore.PageFromMatches).
func pageFromIndex(q sqlstore.ListQuery, l trigramList, m string, team sello.TeamID, live bool, o sello.ListOptions) (bool, error) {
	matches, args := l.query(m, team, live)
	done, err := sqlstore.PageFromMatches(q, o, matches, args, `s.created_at`, `s.id`, unixNano)
	if done {
		q.From(l.byID)
	}
	return done, err
}
