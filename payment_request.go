package sello

import (
	"time"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// PaymentRequest is the input shared by register, request and the seed
// surface's create (API.md §11.5), decoded by the HTTP adapter. Empty
// values take the defaults of the route.
type PaymentRequest struct {
	Client         ClientRef
	Items          []ItemRequest
	Currency       string
	ExchangeRate   decimal.NullDecimal
	Emails         []string
	SendEmail      bool
	Metadata       map[string]any
	IdempotencyKey string
	InvoiceConfig  *InvoiceConfig
	// AllowedMethods defaults to card and bank.
	AllowedMethods []string
	// AutomationType defaults to pue_invoice on register, none on request.
	AutomationType string
	// PaymentForm (default 03) and Date (default now) are read by register.
	PaymentForm string
	Date        time.Time
	From        string // "api" when empty
}

// PaidRequest marks a requested payment paid (POST /payments/{id}/paid).
// Amount, Currency and ExchangeRate describe an installment of a payment
// with the PPD automation; elsewhere Amount must be the total.
type PaidRequest struct {
	PaymentForm  string
	Date         time.Time
	Amount       decimal.NullDecimal
	Currency     string
	ExchangeRate decimal.NullDecimal
}

// RefundRequest records a refund (POST /payments/{id}/refund). Amount
// defaults to everything not yet refunded.
type RefundRequest struct {
	Amount   decimal.NullDecimal
	Reason   string
	External bool
}

// PaymentUpdate is a partial PUT of a payment: nil fields are unchanged.
type PaymentUpdate struct {
	// Descriptions replace the descriptions of the lines, by index.
	Descriptions   map[int]string
	AutomationType *string
	Client         *ClientRef
	// Metadata is merged key by key; a nil value removes the key.
	Metadata map[string]any
}

// ComplementRequest asks for a payment complement (a CFDI of type P) over
// stored PPD invoices: POST /v2/invoices/payment (API.md §11.4).
type ComplementRequest struct {
	Invoices    []PaidInvoice
	PaymentForm string
	Date        time.Time // when the money arrived; default now
	// Currency defaults to that of the invoices; ExchangeRate is MXN per
	// unit of Currency, required for a currency other than MXN.
	Currency       string
	ExchangeRate   decimal.NullDecimal
	Series         string
	Folio          int64
	SendEmail      bool
	Emails         []string
	Metadata       map[string]any
	IdempotencyKey string
	// PaymentID links the complement to the payment whose automation made it.
	PaymentID string
}

// PaidInvoice is one invoice a complement pays: its UUID or invoice_ id and
// the amount paid, in the complement's currency.
type PaidInvoice struct {
	Invoice string
	Amount  decimal.Decimal
}

// paymentMethods are the values of allowed_payment_methods (API.md §10).
var paymentMethods = []string{"card", "bank", "spei", "oxxo", "stripe-spei"}

// checkPaymentForm wants a c_FormaPago code other than 99 (por definir).
func checkPaymentForm(p *Problems, form string) {
	switch {
	case form == "":
		p.Missing("payment_form")
	case !inCatalog(sat.FormaPagoCatalog, form):
		p.Add("payment_form", "is not a c_FormaPago code")
	case form == "99":
		p.Add("payment_form", "must be the real form of payment, not 99")
	}
}
