package sello

import (
	"time"

	"github.com/shopspring/decimal"
)

// PaymentStatus is where a payment is in its life (API.md §10).
type PaymentStatus string

// The payment statuses Sello produces. pending and processing are accepted
// in filters but never produced.
const (
	PaymentRequiresMethod PaymentStatus = "requires_payment_method"
	PaymentSucceeded      PaymentStatus = "succeeded"
	PaymentCanceled       PaymentStatus = "canceled"
	PaymentRefunded       PaymentStatus = "refunded"
	PaymentFailed         PaymentStatus = "failed"
)

// The payment automations (API.md §10 automation_type): what is issued when
// a payment is requested or its money arrives.
const (
	AutomationPUE     = "pue_invoice"
	AutomationPPD     = "ppd_invoice_and_complement"
	AutomationReceipt = "receipt"
	AutomationNone    = "none"
)

// Payment is money a team collects from a client (API.md §9.7): requested
// and waiting for it, received (succeeded, possibly in installments against
// a PPD invoice), refunded or cancelled. Payments are mode-scoped.
type Payment struct {
	ID       string // payment_…
	TeamID   TeamID
	Livemode bool
	Status   PaymentStatus

	// Client is the snapshot of the client when the payment was made; nil
	// for the general public.
	Client   *Client
	ClientID string

	Items                                      []InvoiceItem
	Currency                                   string
	ExchangeRate                               decimal.Decimal // 1 for MXN
	Subtotal, Discount, Taxes, Withheld, Total decimal.Decimal
	AmountRefunded                             decimal.Decimal

	PaymentForm     string // c_FormaPago, set at register or /paid
	AutomationType  string // pue_invoice, ppd_invoice_and_complement, receipt, none
	AutomationError *AutomationError
	AllowedMethods  []string // card, bank, spei, oxxo, stripe-spei
	Emails          []string
	SendEmail       bool
	// PayToken is the signed token of the hosted payment page of a
	// requested payment; "" for registered ones.
	PayToken  string
	Processor string // "api" or "stripe"
	// ProcessorRef is the processor's object of a requested payment: its
	// Checkout Session, then the PaymentIntent that collected the money;
	// "" when none was created.
	ProcessorRef string
	// CheckoutURL is the processor's hosted checkout, linked from Sello's
	// payment page.
	CheckoutURL string

	// Invoices are the UUIDs of the invoices the automations issued, in
	// order (the PPD invoice first, then its complements).
	Invoices  []string
	ReceiptID string
	Refunds   []Refund
	// Installments are the amounts received through /paid against a PPD
	// automation, each paid by its own complement.
	Installments  []Installment
	InvoiceConfig *InvoiceConfig

	IdempotencyKey string
	Metadata       map[string]any
	From           string // "api", "portal"

	CreatedAt   time.Time
	SucceededAt time.Time // zero until succeeded
	CanceledAt  time.Time // zero unless canceled
	UpdatedAt   time.Time
	// Version counts the stored changes; UpdatePayment writes only over
	// the version it read, so concurrent changes never overwrite each other.
	Version int
}

// Received is how much of the payment's currency its installments (PPD
// automation) brought in so far.
func (p *Payment) Received() decimal.Decimal {
	sum := decimal.Zero
	for _, in := range p.Installments {
		sum = sum.Add(in.InPaymentCurrency)
	}
	return sum
}

// AutomationError says why an automation did not issue its document.
type AutomationError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Refund is money given back on a payment (API.md §9.7 refunds).
type Refund struct {
	ID        string          `json:"id"` // refund_…
	Amount    decimal.Decimal `json:"amount"`
	Reason    string          `json:"reason"`
	External  bool            `json:"external_processor_refund"`
	CreatedAt time.Time       `json:"created_at"`
}

// Installment is one amount received against a payment with the PPD
// automation; its complement pays it.
type Installment struct {
	Amount       decimal.Decimal `json:"amount"`   // in Currency
	Currency     string          `json:"currency"` // of the money received
	ExchangeRate decimal.Decimal `json:"exchange_rate"`
	// InPaymentCurrency is Amount in the payment's currency.
	InPaymentCurrency decimal.Decimal `json:"in_payment_currency"`
	PaymentForm       string          `json:"payment_form"`
	Date              time.Time       `json:"date"`
	// InvoiceUUID is the complement that pays it, once issued.
	InvoiceUUID string `json:"invoice_uuid,omitempty"`
}

// PaymentFilter selects a team's payments in one mode; every set field
// must match.
type PaymentFilter struct {
	TeamID   TeamID
	Livemode bool
	Statuses []PaymentStatus
	ClientID string
	Currency string
	// Email and TaxID match the embedded client case-insensitively.
	Email, TaxID string
	// Query is a folded substring of the client's names, RFC and email and
	// of the payment id.
	Query    string
	Metadata map[string]string
	ListOptions
}

// SearchText is the folded text that payment search (q) matches.
func (p *Payment) SearchText() string {
	if p.Client == nil {
		return foldJoin(p.ID)
	}
	c := p.Client
	return foldJoin(p.ID, c.Name, c.LegalName, c.TaxID, c.Email)
}

// SortName is the key of order_by=name: the client's legal name.
func (p *Payment) SortName() string {
	if p.Client == nil {
		return ""
	}
	return p.Client.LegalName + "\x1f" + p.Client.Name
}

// decimals is the number of decimals of the payment's currency.
func (p *Payment) decimals() int32 { return currencyDecimals(p.Currency) }

// Cents is the payment's total in cents (API.md §9.7 amount).
func (p *Payment) Cents() int64 {
	return p.Total.Mul(decimal.NewFromInt(100)).Round(0).IntPart()
}
