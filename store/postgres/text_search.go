package postgres

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// Invoice and payment search (q) is a substring of the folded search text.
// Given the whole of q, pg_trgm's index reads the list of every trigram in
// it, and the texts of invoices and payments share long runs (a client's name, the issuer's tax
// id, the id's prefix) whose trigrams nearly every invoice holds: at a
// million invoices a client's name read a million entries per trigram.
// So the index is asked only for the rarest few trigrams of q, as
// PostgreSQL's own statistics know them (invoice_texts_trigrams and
// search_parties_trigrams, migration 00220, and payments_trigrams, 00190:
// the most common trigrams of the texts and how common they are),
// and strpos checks q itself on the rows they leave. Each trigram is a
// substring of q, so a text that holds q holds them all: the matches are
// exactly those of q.

// searchTrigrams is how many of q's trigrams the index reads at most: the
// rarest, and the next ones while they are rare (in fewer than
// rareTrigram of the invoices).
const (
	searchTrigrams = 3
	rareTrigram    = 0.05
)

// trigramStatsAge is how long the statistics read are used before they are
// read again (autovacuum's ANALYZE renews them as invoices are written).
const trigramStatsAge = 10 * time.Minute

// trigramStats is what ANALYZE found of the trigrams of each table's
// texts (by the name of its statistics): the share of rows holding each
// common one. A trigram they do not name is rarer than all they name.
type trigramStats struct {
	mu     sync.Mutex
	tables map[string]trigramTable
}

type trigramTable struct {
	freq map[string]float64
	read time.Time
}

// trigramFreq returns the statistics named stats, read again when older
// than trigramStatsAge. A database without them (never analyzed) has none:
// every trigram then counts as rare.
func (db *DB) trigramFreq(ctx context.Context, stats string) (map[string]float64, error) {
	db.trigrams.mu.Lock()
	t, ok := db.trigrams.tables[stats]
	db.trigrams.mu.Unlock()
	if ok && time.Since(t.read) < trigramStatsAge {
		return t.freq, nil
	}
	// Read without the lock: a search meanwhile uses what it finds.
	rows, err := db.pool.QueryContext(ctx, `SELECT u.e, u.f FROM pg_stats_ext_exprs x,
		unnest(x.most_common_elems::text::text[], x.most_common_elem_freqs) AS u(e, f)
		WHERE x.statistics_name = $1 AND x.schemaname = current_schema() AND u.e IS NOT NULL`, stats)
	if err != nil {
		return nil, sqlstore.Failed(err, "search", "")
	}
	defer rows.Close()
	freq := map[string]float64{}
	for rows.Next() {
		var e string
		var f float64
		if err := rows.Scan(&e, &f); err != nil {
			return nil, sqlstore.Failed(err, "search", "")
		}
		freq[e] = f
	}
	if err := rows.Err(); err != nil {
		return nil, sqlstore.Failed(err, "search", "")
	}
	db.trigrams.mu.Lock()
	defer db.trigrams.mu.Unlock()
	if db.trigrams.tables == nil {
		db.trigrams.tables = map[string]trigramTable{}
	}
	db.trigrams.tables[stats] = trigramTable{freq: freq, read: time.Now()}
	return freq, nil
}

// forgetTrigramStats has the next search read the statistics again.
func (db *DB) forgetTrigramStats() {
	db.trigrams.mu.Lock()
	defer db.trigrams.mu.Unlock()
	db.trigrams.tables = nil
}

// narrowInvoices writes the condition on q of an invoice list (kind: its
// conditions on status and type) from the side tables of migration 00220:
// the parties (clients' parts of the texts) that hold q, whose invoices an
// index of invoice_texts lists, and the invoices whose own part holds q.
// With q alone, the page and the total come from them
// (sqlstore.PartyPage, PartyCount: each party's count is kept, migration
// 00230), and only the page's invoices are read; with other filters the
// matches are joined to them.
func (db *DB) narrowInvoices(ctx context.Context, q sqlstore.ListQuery, f sello.InvoiceFilter, kind []string, kindArgs []any) (bool, error) {
	folded := sello.Fold(f.Query)
	if folded == "" {
		return true, nil
	}
	ownFreq, err := db.trigramFreq(ctx, "invoice_texts_trigrams")
	if err != nil {
		return false, err
	}
	partyFreq, err := db.trigramFreq(ctx, "search_parties_trigrams")
	if err != nil {
		return false, err
	}
	// Without a trigram (q of one or two characters, or of short words),
	// each side table is read for the team: narrower than the invoices.
	ownGrams, partyGrams := rareTrigrams(folded, ownFreq), rareTrigrams(folded, partyFreq)
	if sqlstore.SearchAlone(f) {
		if done, err := db.partyPage(ctx, q, f, folded, ownGrams, partyGrams, kind, kindArgs); done || err != nil {
			return true, err
		}
	}
	m := invoiceMatches(f.TeamID, f.Livemode, folded, ownGrams, partyGrams, kind, kindArgs)
	q.Search(`id IN (SELECT m.invoice_id FROM (`+m.sql+`) m)`, m.args...)
	return true, nil
}

// partyPage has the total of a search by q alone summed from its parties'
// kept counts and its page chosen among their invoices in time order
// (sqlstore.PartyCount, PartyPage). It reports false when the page is
// not chosen there: with many parties the list walks its own order and
// checks each invoice's text (done true: the matches come soon); by name
// or far by offset, the matches are joined to the list (false).
func (db *DB) partyPage(ctx context.Context, q sqlstore.ListQuery, f sello.InvoiceFilter, folded string,
	ownGrams, partyGrams []string, kind []string, kindArgs []any) (bool, error) {
	cond, args := trigramCond(`p.text`, folded, partyGrams)
	parties := `SELECT p.party FROM search_parties p WHERE p.team_id = ? AND p.livemode = ? AND ` + cond
	args = append([]any{f.TeamID, f.Livemode}, args...)
	p := sqlstore.PartySearch{Texts: `invoice_texts`, ID: `invoice_id`, Stored: func(t time.Time) any { return t.UTC() },
		Team: f.TeamID, Live: f.Livemode, Kind: kind, KindArgs: kindArgs}
	var err error
	if p.Parties, err = sqlstore.FirstParties(ctx, db.pool, parties, args); err != nil {
		return false, err
	}
	if len(p.Parties) > sqlstore.MaxBranchParties {
		p.Parties, p.PartiesSQL, p.PartiesArgs = nil, parties, args
	}
	cond, args = trigramCond(`own`, folded, ownGrams)
	p.Own = `SELECT invoice_id AS m_id, created_at AS m_at, party AS m_party FROM invoice_texts
		WHERE team_id = ? AND livemode = ? AND ` + cond
	p.OwnArgs = append([]any{f.TeamID, f.Livemode}, args...)
	sqlstore.PartyCount(q, p)
	done, err := sqlstore.PartyPage(q, f.ListOptions, p)
	return done || p.Many(), err
}

// textMatches is a query of the ids and creation times of the invoices
// whose text holds q, with its arguments.
type textMatches struct {
	sql  string
	args []any
}

// invoiceMatches is the query of the invoices of a team and mode, under
// the conditions kind, whose own text or whose client's text holds folded:
// each found by the rarest of its trigrams in that text's index, then checked.
func invoiceMatches(team sello.TeamID, live bool, folded string, ownGrams, partyGrams []string, kind []string, kindArgs []any) textMatches {
	var m textMatches
	branch := func(cond string, args ...any) {
		if m.sql != "" {
			m.sql += ` UNION `
		}
		m.sql += `SELECT invoice_id, created_at FROM invoice_texts WHERE team_id = ? AND livemode = ? AND ` + cond
		m.args = append(append(m.args, team, live), args...)
		for _, k := range kind {
			m.sql += ` AND ` + k
		}
		m.args = append(m.args, kindArgs...)
	}
	cond, args := trigramCond(`p.text`, folded, partyGrams)
	branch(`party = ANY(ARRAY(SELECT p.party FROM search_parties p WHERE p.team_id = ? AND p.livemode = ? AND `+cond+`))`,
		append([]any{team, live}, args...)...)
	cond, args = trigramCond(`own`, folded, ownGrams)
	branch(cond, args...)
	return m
}

// narrowPayments writes the condition on q of a payment list.
func (db *DB) narrowPayments(ctx context.Context, q sqlstore.ListQuery, f sello.PaymentFilter) (bool, error) {
	return db.narrowText(ctx, q, "payments_trigrams", f.Query)
}

// narrowText writes the condition on query of a list whose search text has
// a trigram index and the statistics named stats: the rarest trigrams of
// query through the index, then query itself.
func (db *DB) narrowText(ctx context.Context, q sqlstore.ListQuery, stats, query string) (bool, error) {
	folded := sello.Fold(query)
	freq, err := db.trigramFreq(ctx, stats)
	if err != nil {
		return false, err
	}
	grams := rareTrigrams(folded, freq)
	if len(grams) == 0 {
		return true, nil // no trigram: the shared LIKE condition
	}
	cond, args := trigramCond(`search`, folded, grams)
	q.Search(cond, args...)
	return true, nil
}

// trigramCond is the condition that column holds folded, with its
// arguments: grams (rareTrigrams) for the column's trigram index, then
// folded itself.
func trigramCond(column, folded string, grams []string) (string, []any) {
	cond, args := `strpos(`+column+`, ?) > 0`, []any{folded}
	for _, g := range grams {
		cond += ` AND ` + column + ` LIKE ?`
		args = append(args, "%"+g+"%")
	}
	return cond, args
}

// rareTrigrams returns the trigrams of folded that the index should read:
// runs of three ASCII lower-case letters or digits (pg_trgm indexes them as
// they are, and a LIKE pattern of one is served by its one list), the
// rarest first by freq; a trigram freq does not name is rarer than any it
// names, and among those, one with more digits counts as rarer.
func rareTrigrams(folded string, freq map[string]float64) []string {
	word := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
	var grams []string
	for i := 0; i+3 <= len(folded); i++ {
		g := folded[i : i+3]
		if word(g[0]) && word(g[1]) && word(g[2]) && !slices.Contains(grams, g) {
			grams = append(grams, g)
		}
	}
	digits := func(g string) int {
		n := 0
		for i := range len(g) {
			if '0' <= g[i] && g[i] <= '9' {
				n++
			}
		}
		return n
	}
	slices.SortStableFunc(grams, func(a, b string) int {
		if c := cmp.Compare(freq[a], freq[b]); c != 0 {
			return c
		}
		return cmp.Compare(digits(b), digits(a))
	})
	n := 1
	for n < len(grams) && n < searchTrigrams && freq[grams[n]] < rareTrigram {
		n++
	}
	return grams[:min(n, len(grams))]
}

// Analyze renews PostgreSQL's statistics of the database (its planner's,
// and the trigrams invoice search reads), as autovacuum does in time:
// after a bulk load.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.pool.ExecContext(ctx, `ANALYZE`); err != nil {
		return sqlstore.Failed(err, "database", "")
	}
	db.forgetTrigramStats()
	return nil
}
