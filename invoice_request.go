package sello

import (
	"github.com/shopspring/decimal"
)

// InvoiceRequest is what a caller asks to invoice: the common input of
// API.md §11.4, decoded by the HTTP adapter (aliases and casing resolved).
// Empty strings and nil values mean "the default" as the table there says.
// It is stored as JSON in a draft, so its field names are stable.
type InvoiceRequest struct {
	Type   string        `json:"invoice_type,omitempty"` // I (default) or E
	Client ClientRef     `json:"client"`
	Items  []ItemRequest `json:"items"`

	PaymentMethod string              `json:"payment_method,omitempty"`
	PaymentForm   string              `json:"payment_form,omitempty"`
	Use           string              `json:"use,omitempty"`
	Currency      string              `json:"currency,omitempty"`
	ExchangeRate  decimal.NullDecimal `json:"exchange_rate"`
	Exports       string              `json:"exports,omitempty"`

	Series string `json:"series,omitempty"`
	// Folio, when not zero, is used as is and leaves the series' counter alone.
	Folio int64 `json:"folio_number,omitempty"`

	Related        []RelatedDocuments `json:"related_documents,omitempty"`
	Global         *GlobalPeriod      `json:"global,omitempty"`
	Complements    []map[string]any   `json:"complements,omitempty"`
	Addenda        string             `json:"addenda,omitempty"`
	PDFNotes       *string            `json:"invoice_pdf_notes,omitempty"`
	AutomationType string             `json:"automation_type,omitempty"`

	SendEmail bool     `json:"send_email,omitempty"`
	Emails    []string `json:"emails,omitempty"`

	Metadata       map[string]any `json:"metadata,omitempty"`
	IdempotencyKey string         `json:"idempotency_key,omitempty"`
	From           string         `json:"from,omitempty"` // "api" when empty

	// PaymentID and ReceiptID link the invoice to what caused it.
	PaymentID string `json:"payment_id,omitempty"`
	ReceiptID string `json:"receipt_id,omitempty"`
}

// ClientRef names an invoice's receptor: a stored client by ID, a client
// found (or created) by Search, or the client fields in Inline. With none of
// them, or a client without a tax id, the receptor is the general public
// (XAXX010101000, régimen 616, use S01, the team's postal code).
type ClientRef struct {
	ID     string        `json:"id,omitempty"`
	Search *ClientSearch `json:"search,omitempty"`
	// Inline holds the client fields given with the request: a new client
	// when neither ID nor Search is set, the client to create when Search
	// has AutoCreate, and overrides of the stored client's use otherwise.
	Inline *Client `json:"inline,omitempty"`
}

// ItemRequest is a line as a caller gives it (API.md §9.4): a service by id
// or by SKU search whose fields fill what the line omits, or a line given in
// full. Nil pointers and empty strings take the service's value, then the
// team's settings, then the defaults.
type ItemRequest struct {
	ServiceID string      `json:"id,omitempty"`
	Search    *ItemSearch `json:"search,omitempty"`

	Description string              `json:"description,omitempty"`
	Quantity    decimal.NullDecimal `json:"quantity"`
	UnitPrice   decimal.NullDecimal `json:"unit_price"`
	// Total, when UnitPrice is absent, is the pre-tax line amount:
	// UnitPrice = Total / Quantity.
	Total      decimal.NullDecimal `json:"total"`
	Discount   decimal.NullDecimal `json:"discount"`
	ProductKey string              `json:"product_key,omitempty"`
	UnitKey    string              `json:"unit_key,omitempty"`
	UnitName   string              `json:"unit_name,omitempty"`
	SKU        string              `json:"sku,omitempty"`
	Taxability string              `json:"taxability,omitempty"`
	// Taxes nil takes the service's taxes (or the settings'); an empty,
	// non-nil slice means no taxes.
	Taxes []Tax `json:"taxes"`
	// Bases holds tax base overrides, by the index of the tax in Taxes.
	Bases      map[int]decimal.Decimal `json:"bases,omitempty"`
	ThirdParty *ThirdParty             `json:"third_party,omitempty"`
}

// ItemSearch finds a line's service by SKU; AutoCreate creates it from the
// line's fields when none matches.
type ItemSearch struct {
	OnKey      string `json:"on_key"`
	OnValue    string `json:"on_value"`
	AutoCreate bool   `json:"auto_create,omitempty"`
}
