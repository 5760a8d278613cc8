package sello

import (
	"time"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// InvoiceStatus is where an invoice is in its life (API.md §10).
type InvoiceStatus string

// The stored invoice statuses. "failed" exists only in invoice.failed
// payloads and is never stored.
const (
	InvoiceDraft    InvoiceStatus = "draft"
	InvoicePending  InvoiceStatus = "pending" // sealed and stored, waiting for the stamping provider
	InvoiceValid    InvoiceStatus = "valid"
	InvoiceCanceled InvoiceStatus = "canceled"
	InvoiceFailed   InvoiceStatus = "failed"
)

// Cancellation states of a valid invoice (API.md §9.6 cancellation_status).
const (
	CancellationPending  = "pending"
	CancellationAccepted = "accepted"
	CancellationRejected = "rejected"
)

// Invoice is a CFDI a team issued (API.md §9.6): a draft, a sealed document
// waiting for its stamp, a stamped one, or a cancelled one. Invoices are
// mode-scoped; XML holds the sealed (pending) or stamped (valid, canceled)
// document byte for byte and is never re-serialised.
type Invoice struct {
	ID       string // invoice_…
	TeamID   TeamID
	Livemode bool
	UUID     string // the folio fiscal, upper case; "" for drafts and pending invoices
	Type     string // I, E, P
	Status   InvoiceStatus

	Client   InvoiceClient // the receptor as it was when the invoice was made
	ClientID string        // "" when none

	Series string
	Folio  int64 // 0: none (drafts)

	Currency      string
	ExchangeRate  decimal.Decimal // 1 for MXN
	PaymentMethod string          // PUE, PPD; "" for type P
	PaymentForm   string          // c_FormaPago; "" for type P
	Use           string          // c_UsoCFDI
	Exports       string          // c_Exportacion

	Items                                      []InvoiceItem
	Subtotal, Discount, Taxes, Withheld, Total decimal.Decimal

	// LastBalance is what is left to pay of a PPD invoice (Total minus the
	// complements' payments); zero otherwise.
	LastBalance        decimal.Decimal
	PaymentComplements int
	PaymentDetails     *PaymentDetails // type P only

	Related []RelatedDocuments
	Global  *GlobalPeriod

	Complements    []map[string]any // as given
	Addenda        string           // an XML fragment, "" for none
	PDFNotes       string
	AutomationType string // none, payment, payment_and_complement
	PaymentID      string
	ReceiptID      string

	Stamp *InvoiceStamp // from the TimbreFiscalDigital; nil until stamped

	CancellationMotive  string
	SubstitutionUUID    string
	CancellationStatus  string // "", pending, accepted, rejected
	CancellationReceipt []byte // the SAT acuse, as the provider returned it
	CanceledAt          time.Time

	SendEmail bool
	Emails    []string

	Metadata       map[string]any
	IdempotencyKey string
	From           string // "api", "portal", "automation"

	// XML is the sealed or stamped document; nil for drafts.
	XML []byte
	// PreviewPDF is the last draft preview.
	PreviewPDF []byte
	// Draft is the request a draft was created from (the API's JSON), so
	// that stamping it later runs the full flow; nil otherwise.
	Draft []byte

	// StampAttempts and NextStampAt drive the retry of a pending invoice.
	StampAttempts int
	NextStampAt   time.Time
	// StampError is the last error of the stamping provider, for operators.
	StampError string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// InvoiceClient is the snapshot of an invoice's receptor (API.md §9.6).
type InvoiceClient struct {
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	LegalName string `json:"legal_name"`
	TaxID     string `json:"tax_id"`
	TaxSystem string `json:"tax_system"`
	Use       string `json:"use"`
	Email     string `json:"email,omitempty"`
	Zip       string `json:"zip"`
	Country   string `json:"country,omitempty"`    // c_Pais, for foreign receptors
	ForeignID string `json:"foreign_id,omitempty"` // NumRegIdTrib
}

// InvoiceItem is a computed line of an invoice (API.md §9.4).
type InvoiceItem struct {
	ServiceID   string          `json:"id,omitempty"`
	Description string          `json:"description"`
	Quantity    decimal.Decimal `json:"quantity"`
	UnitPrice   decimal.Decimal `json:"unit_price"`
	Discount    decimal.Decimal `json:"discount"`
	ProductKey  string          `json:"product_key"`
	UnitKey     string          `json:"unit_key"`
	UnitName    string          `json:"unit_name,omitempty"`
	SKU         string          `json:"sku,omitempty"`
	Taxability  string          `json:"taxability"`
	Taxes       []ItemTax       `json:"taxes"`
	ThirdParty  *ThirdParty     `json:"third_party,omitempty"`
	Subtotal    decimal.Decimal `json:"subtotal"`
	Total       decimal.Decimal `json:"total"`
}

// ItemTax is a tax of a computed line: the Tax plus its base and amount.
type ItemTax struct {
	Tax
	Base   decimal.Decimal `json:"base"`
	Amount decimal.Decimal `json:"amount"`
}

// ThirdParty is a cuenta de terceros (ACuentaTerceros) of a line.
type ThirdParty struct {
	LegalName string `json:"legal_name"`
	TaxID     string `json:"tax_id"`
	TaxSystem string `json:"tax_system"`
	Zip       string `json:"zip"`
}

// RelatedDocuments is one CfdiRelacionados node: a relationship type
// (c_TipoRelacion) and the UUIDs it relates to.
type RelatedDocuments struct {
	Relationship string   `json:"relationship"`
	Documents    []string `json:"documents"`
}

// GlobalPeriod is the InformacionGlobal of a global invoice.
type GlobalPeriod struct {
	Periodicity string `json:"periodicity"`
	Months      string `json:"months"`
	Year        string `json:"year"`
}

// InvoiceStamp is what the TimbreFiscalDigital says.
type InvoiceStamp struct {
	StampedAt        time.Time `json:"stamp_at"` // FechaTimbrado, Mexico City time
	Sello            string    `json:"sello"`
	SelloSAT         string    `json:"sello_sat"`
	NoCertificadoSAT string    `json:"no_certificado_sat"`
	RfcProvCertif    string    `json:"rfc_prov_certif"`
}

// PaymentDetails is the payment a type P invoice records (API.md §9.6).
type PaymentDetails struct {
	Date         time.Time         `json:"date"`
	PaymentForm  string            `json:"payment_form"`
	Currency     string            `json:"currency"`
	ExchangeRate decimal.Decimal   `json:"exchange_rate"`
	Amount       decimal.Decimal   `json:"amount"`
	Documents    []PaidInvoiceLine `json:"documents"`
}

// PaidInvoiceLine is one invoice a payment complement pays.
type PaidInvoiceLine struct {
	UUID             string          `json:"uuid"`
	InvoiceID        string          `json:"invoice_id,omitempty"`
	Series           string          `json:"series"`
	Folio            int64           `json:"folio_number"`
	Installment      int             `json:"installment"`
	PreviousBalance  decimal.Decimal `json:"previous_balance"`
	AmountPaid       decimal.Decimal `json:"amount_paid"`
	RemainingBalance decimal.Decimal `json:"remaining_balance"`
}

// InvoiceFilter selects invoices for a list.
type InvoiceFilter struct {
	TeamID   TeamID
	Livemode bool
	// Types limits the list to these types (I, E, P); empty means all.
	Types []string
	// Statuses limits the list to these statuses; empty means every status
	// but draft.
	Statuses []InvoiceStatus
	ClientID string
	// Series and PaymentMethod, when set, must equal the invoice's.
	Series        string
	PaymentMethod string
	// Metadata holds top-level metadata values that must equal as strings.
	Metadata map[string]string
	// PaysInvoice keeps only type P invoices that pay this invoice UUID.
	PaysInvoice string
	// Query is a folded substring of the uuid, id, series+folio, and the
	// client's legal name, name, tax id and email.
	Query string
	ListOptions
}

// FolioClaim is a folio reserved for an invoice being made: the next folio
// of a series and mode, or one a failed attempt gave back.
type FolioClaim struct {
	TeamID   TeamID
	Livemode bool
	Series   string
	Folio    int64
	// Owner is the process that reserved it ("" for none): a reservation
	// another process holds now (this one was handed back) is left alone.
	Owner string
}

// StampGivenUp reports whether the job worker gave up stamping a
// pending invoice (its provider never answered): no attempt is scheduled.
func (inv *Invoice) StampGivenUp() bool {
	return inv.Status == InvoicePending && inv.NextStampAt.IsZero() && inv.StampAttempts > 0
}

// Totals are the amounts of a set of lines (API.md §8): what payments and
// receipts show, computed by the same routine as invoices.
type Totals struct {
	Subtotal, Discount, Taxes, Withheld, Total decimal.Decimal
}

// currencyDecimals is sat.CurrencyDecimals as the decimal package takes it.
func currencyDecimals(code string) int32 { return int32(sat.CurrencyDecimals(code)) }

// InvoiceConfig chooses the series and folio of the invoice a receipt or a
// payment produces.
type InvoiceConfig struct {
	Serie string `json:"serie,omitempty"`
	Folio int64  `json:"folio,omitempty"`
}
