package sqlite

import (
	"fmt"
	"time"
)

// The dialect of the invoice queries (invoice.go, invoice_list.go and
// folio.go are the same in both engines).

// skipLocked ends a SELECT that picks rows to change. SQLite's one writer
// already runs such transactions one after another.
const skipLocked = ""

// nullStamp stores the zero time as NULL.
func nullStamp(t time.Time) any { return nullNanos(t) }

// nullTimeDest scans a nullable stored time into *t: NULL is the zero time.
type nullTimeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d nullTimeDest) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case int64:
		*d.t = fromNanos(x)
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// searchWhere adds the q condition: folded is a substring of the folded
// search text.
func searchWhere(l *list, folded string) {
	l.where(`instr(search, ?) > 0`, folded)
}

// paysFrom joins an invoice to the UUIDs it pays. CROSS JOIN keeps that
// order: without statistics SQLite would rather scan the team's invoices.
const paysFrom = `invoice_payments CROSS JOIN invoices`

// docTextWhere adds the condition that a top-level text field of the JSON
// doc equals value.
func docTextWhere(l *list, field, value string) {
	l.where(`json_extract(doc, ?) = ?`, `$.`+field, value)
}
