package sqlstore

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sello-mx/sello"
)

// The totals of invoice lists are kept in invoice_counts: how many invoices
// a team has in each mode, type and status, under each of an invoice's
// facets (migration 00100 lists them; triggers keep them in the
// transaction of every insert, change and deletion). The keys written here
// must be the ones the migration's invoice_facets writes.

// seriesFacet is the key of a series: its length first, so that no series
// is a prefix of another's keys.
func seriesFacet(series string) string {
	return "s" + strconv.Itoa(utf8.RuneCountInString(series)) + ":" + series
}

// metadataFacet is the key of one metadata pair, its key's length first.
func metadataFacet(key, value string) string {
	return "m" + strconv.Itoa(utf8.RuneCountInString(key)) + ":" + key + "=" + value
}

// countKeys is the JSON array of an invoice's metadata facets (as indexed:
// Dialect.PairText), in key order, stored in its count_keys column for the
// triggers to count.
func (db *DB) countKeys(metadata map[string]any) (string, error) {
	keys := []string{}
	for _, k := range slices.Sorted(maps.Keys(metadata)) {
		if text, ok := metadataText(metadata[k]); ok {
			keys = append(keys, metadataFacet(db.d.PairText(k), db.d.PairText(text)))
		}
	}
	b, err := encodeJSON(keys)
	return string(b), err
}

// facetYear reports whether t is zero or falls in the years whose date
// facets sort as the times do (four digits) and that both engines store.
func facetYear(t time.Time) bool {
	return t.IsZero() || t.UTC().Year() >= 1678 && t.UTC().Year() <= 2261
}

// day and month bounds in UTC, the calendar of the date facets.
func dayStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// ceilDay is the first day start at or after t; ceilMonth the first month
// start at or after t.
func ceilDay(t time.Time) time.Time {
	d := dayStart(t)
	if d.Before(t) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func ceilMonth(t time.Time) time.Time {
	m := monthStart(t)
	if m.Before(t) {
		m = m.AddDate(0, 1, 0)
	}
	return m
}

// keptCount is the query that sums the total of an invoice list from kept
// counts, with ? placeholders, or ok false when its filters have no kept
// count: kind holds the conditions and arguments on status and type that
// both invoice_counts and invoices have.
//
// Kept counts answer any list filtered by status and type plus at most one
// of: a series, a payment method, a client or one metadata pair; plus a
// creation date range, alone or with a series. A date range sums the months
// and days it covers whole and counts, on the index of the creation time,
// only the invoices of the partial days at its two ends. Pending invoices
// are not kept (each passes on within seconds, and would be counted
// twice): the few that match are counted on invoices_pending.
func (db *DB) keptCount(f sello.InvoiceFilter, kind []string, kindArgs []any) (string, []any, bool) {
	if f.Query != "" || f.PaysInvoice != "" {
		return "", nil, false
	}
	facet, facets := "", 0
	if f.Series != "" {
		facet, facets = seriesFacet(f.Series), facets+1
	}
	if f.PaymentMethod != "" {
		facet, facets = "p="+f.PaymentMethod, facets+1
	}
	if f.ClientID != "" {
		facet, facets = "c="+f.ClientID, facets+1
	}
	for k, v := range f.Metadata {
		facet, facets = metadataFacet(k, v), facets+1
	}
	dated := !f.CreatedGTE.IsZero() || !f.CreatedLTE.IsZero()
	if facets > 1 || dated && facets == 1 && f.Series == "" || !facetYear(f.CreatedGTE) || !facetYear(f.CreatedLTE) {
		return "", nil, false
	}
	where := `team_id = ? AND livemode = ?`
	args := []any{f.TeamID, f.Livemode}
	if len(kind) > 0 {
		where += ` AND ` + strings.Join(kind, ` AND `)
		args = append(args, kindArgs...)
	}
	var parts []string
	var partArgs []any
	if len(f.Statuses) == 0 || slices.Contains(f.Statuses, sello.InvoicePending) {
		cond, a := db.pendingWhere(f)
		parts, partArgs = append(parts, `(SELECT count(*) FROM `+db.d.PendingFrom+` WHERE `+cond+`)`), a
	}
	if !dated {
		parts = append(parts, `(SELECT coalesce(sum(n), 0) FROM invoice_counts WHERE `+where+` AND facet = ?)`)
		return `SELECT ` + strings.Join(parts, ` + `), append(append(partArgs, args...), facet), true
	}

	// The whole days in [from, to) are summed, their whole months by month;
	// the rows of the partial days at the ends are counted. A zero time is
	// an open end.
	rowsWhere, rowsArgs, prefix := where+` AND status <> 'pending'`, args, "" // pending: counted above
	if f.Series != "" {
		rowsWhere, rowsArgs, prefix = rowsWhere+` AND series = ?`, append(slices.Clone(args), f.Series), facet+"|"
	}
	count := func(lo, hi time.Time, below string) {
		parts = append(parts, `(SELECT count(*) FROM invoices WHERE `+rowsWhere+
			` AND created_at >= ? AND created_at `+below+` ?)`)
		partArgs = append(append(partArgs, rowsArgs...), db.t(lo), db.t(hi))
	}
	var spans []string
	var spanArgs []any
	span := func(unit string, layout string, lo, hi time.Time) {
		low, high := prefix+unit, prefix+string(unit[0]+1)
		if !lo.IsZero() {
			low = prefix + unit + lo.Format(layout)
		}
		if !hi.IsZero() {
			high = prefix + unit + hi.Format(layout)
		}
		if low < high {
			spans = append(spans, `facet >= ? AND facet < ?`)
			spanArgs = append(spanArgs, low, high)
		}
	}
	gte, lte := f.CreatedGTE.UTC(), f.CreatedLTE.UTC()
	var from, to time.Time
	if !f.CreatedGTE.IsZero() {
		from = ceilDay(gte)
	}
	if !f.CreatedLTE.IsZero() {
		to = dayStart(lte)
	}
	switch {
	case !from.IsZero() && !to.IsZero() && !from.Before(to):
		count(gte, lte, `<=`) // within two days, no day whole
	default:
		if !from.IsZero() && gte.Before(from) {
			count(gte, from, `<`)
		}
		if !to.IsZero() {
			count(to, lte, `<=`)
		}
		var mFrom, mTo time.Time
		if !from.IsZero() {
			mFrom = ceilMonth(from)
		}
		if !to.IsZero() {
			mTo = monthStart(to)
		}
		if !mFrom.IsZero() && !mTo.IsZero() && !mFrom.Before(mTo) {
			span("D", "2006-01-02", from, to)
			break
		}
		span("M", "2006-01", mFrom, mTo)
		if !from.IsZero() {
			span("D", "2006-01-02", from, mFrom)
		}
		if !to.IsZero() {
			span("D", "2006-01-02", mTo, to)
		}
	}
	if len(spans) > 0 {
		parts = append(parts, `(SELECT coalesce(sum(n), 0) FROM invoice_counts WHERE `+where+
			` AND (`+strings.Join(spans, ` OR `)+`))`)
		partArgs = append(append(partArgs, args...), spanArgs...)
	}
	return `SELECT ` + strings.Join(parts, ` + `), partArgs, true
}

// pendingWhere is the condition, with ? placeholders, and the arguments
// that keep the pending invoices of f, which invoices_pending holds.
func (db *DB) pendingWhere(f sello.InvoiceFilter) (string, []any) {
	cond, args := `team_id = ? AND livemode = ? AND status = 'pending'`, []any{f.TeamID, f.Livemode}
	if len(f.Types) > 0 {
		cond += ` AND type IN (` + marks(len(f.Types)) + `)`
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	for _, c := range []struct{ column, value string }{
		{"series", f.Series}, {"payment_method", f.PaymentMethod}, {"client_id", f.ClientID},
	} {
		if c.value != "" {
			cond, args = cond+` AND `+c.column+` = ?`, append(args, c.value)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.Metadata)) {
		cond += ` AND ` + hasMetadataPair
		args = append(args, k, f.Metadata[k])
	}
	if !f.CreatedGTE.IsZero() {
		cond, args = cond+` AND created_at >= ?`, append(args, db.t(f.CreatedGTE))
	}
	if !f.CreatedLTE.IsZero() {
		cond, args = cond+` AND created_at <= ?`, append(args, db.t(f.CreatedLTE))
	}
	return cond, args
}
