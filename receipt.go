package sello

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// ReceiptStatus is where a receipt is in its life (API.md §10).
type ReceiptStatus string

// The stored receipt statuses. "expired" is a filter only: a pending
// receipt whose ValidUntil has passed.
const (
	ReceiptPending   ReceiptStatus = "pending"
	ReceiptCompleted ReceiptStatus = "completed"
	ReceiptCanceled  ReceiptStatus = "canceled"
	ReceiptExpired   ReceiptStatus = "expired"
)

// The receipt periodicities (API.md §9.8, §10) and their c_Periodicidad
// codes in a global invoice.
var periodicityCodes = map[string]string{
	"day": "01", "week": "02", "two_weeks": "03", "month": "04", "two_months": "05",
}

// ValidPeriodicity reports whether p is a receipt periodicity.
func ValidPeriodicity(p string) bool { _, ok := periodicityCodes[p]; return ok }

// Receipt is a sale a team gives its customer so the customer can invoice
// it on the self-invoicing page (API.md §9.8). What nobody invoices goes
// into the period's global invoice. Receipts are mode-scoped.
type Receipt struct {
	ID       string // receipt_…
	TeamID   TeamID
	Livemode bool
	Status   ReceiptStatus

	// Client is the client as it was when the receipt was made or last
	// updated; nil means the general public.
	Client   *Client
	ClientID string

	Items        []InvoiceItem
	Currency     string
	ExchangeRate decimal.Decimal
	Totals

	PaymentForm string // c_FormaPago
	Periodicity string // day, week, two_weeks, month, two_months
	ValidUntil  time.Time

	// InvoiceRef is the invoice_ id of the invoice that took the receipt:
	// its own (reserved when it was created) or a global invoice.
	InvoiceRef string
	// InvoiceUUID is that invoice's folio fiscal ("" while pending).
	InvoiceUUID string
	InvoicedAt  time.Time

	PaymentID      string
	InvoiceConfig  *InvoiceConfig
	IdempotencyKey string
	Metadata       map[string]any
	From           string // "api", "automation"

	// ClaimedUntil ends the lease of whoever is issuing the receipt's
	// invoice (a stamp or a global invoice); until then nobody else may.
	ClaimedUntil time.Time
	// Holder is the invoice_ id the claim will store (see InvoiceRef).
	Holder string

	// URL is the path of the self-invoicing page with its signed token
	// ("/autofactura?id=…&token=…"); it is not stored.
	URL string

	CreatedAt  time.Time
	UpdatedAt  time.Time
	CanceledAt time.Time
}

// Expired reports whether a pending receipt can no longer be self-invoiced.
func (r *Receipt) Expired(now time.Time) bool {
	return r.Status == ReceiptPending && now.After(r.ValidUntil)
}

// ReceiptFilter selects a team's receipts in one mode.
type ReceiptFilter struct {
	TeamID   TeamID
	Livemode bool
	// Status limits the list; ReceiptExpired means pending with ValidUntil
	// before Now.
	Status   ReceiptStatus
	Now      time.Time
	ClientID string
	// Metadata holds top-level metadata values that must equal as strings.
	Metadata map[string]string
	ListOptions
}

// GlobalRun is the one global invoice of a team, mode and period: a row
// claimed in the store so that one replica makes it, once.
type GlobalRun struct {
	TeamID      TeamID
	Livemode    bool
	Periodicity string
	Start, End  time.Time // the period, End inclusive (23:59:59 Mexico City)
	// Holder is the invoice_ id the global invoice gets, chosen by the
	// first claim and kept by every later one.
	Holder       string
	ClaimedUntil time.Time
	// InvoiceID is set once the run is done; Done without an invoice
	// means the period had no pending receipt.
	InvoiceID string
	Done      bool
}

// Period is a receipt period in Mexico City time: from Start to End
// (23:59:59 of its last day), inclusive.
type Period struct {
	Periodicity string
	Start, End  time.Time
}

// PeriodOf returns the period of periodicity p that contains t (API.md
// §9.8): day; week (Monday to Sunday); two_weeks (1st–15th, 16th–end of
// month); month; two_months (January–February, March–April, …).
func PeriodOf(p string, t time.Time) Period {
	t = t.In(mexico)
	y, m, d := t.Date()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, mexico) }
	var start, next time.Time
	switch p {
	case "day":
		start = day(y, m, d)
		next = start.AddDate(0, 0, 1)
	case "week":
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		start = day(y, m, d-back)
		next = start.AddDate(0, 0, 7)
	case "two_weeks":
		if d <= 15 {
			start, next = day(y, m, 1), day(y, m, 16)
		} else {
			start, next = day(y, m, 16), day(y, m+1, 1)
		}
	case "two_months":
		first := m - (m-1)%2
		start, next = day(y, first, 1), day(y, first+2, 1)
	default: // month
		p = "month"
		start, next = day(y, m, 1), day(y, m+1, 1)
	}
	end := time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, mexico).Add(-time.Second)
	return Period{Periodicity: p, Start: start, End: end}
}

// ValidUntil is the default valid_until of a receipt made at t: the end of
// its period (API.md §9.8).
func ValidUntil(p string, t time.Time) time.Time { return PeriodOf(p, t).End }

// Global returns the InformacionGlobal of the period (c_Periodicidad,
// c_Meses, year): 05 periods are numbered 13–18 by bimester.
func (p Period) Global() GlobalPeriod {
	code := periodicityCodes[p.Periodicity]
	month := int(p.End.Month())
	if p.Periodicity == "two_months" {
		month = 12 + (month+1)/2
	}
	return GlobalPeriod{Periodicity: code, Months: fmt.Sprintf("%02d", month), Year: fmt.Sprint(p.End.Year())}
}
