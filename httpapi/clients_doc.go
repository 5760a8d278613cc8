package httpapi

import "encoding/json"

// clientRequest documents the body of POST and PUT /v2/clients (API.md
// §9.1) for the OpenAPI document; handlers read the normalised body with
// fields, so every spelling of §3.2 and §3.4 is accepted.
type clientRequest struct {
	Name      string         `json:"name"`
	LegalName string         `json:"legal_name"`
	TaxID     string         `json:"tax_id"`
	TaxSystem string         `json:"tax_system"`
	Use       string         `json:"use"`
	Email     string         `json:"email"`
	Phone     string         `json:"phone"`
	Company   string         `json:"company"`
	BCC       []string       `json:"bcc"`
	Address   addressRequest `json:"address"`
	Defaults  struct {
		KeepFullLegalName        bool `json:"keep_full_legal_name"`
		IssueAutomaticInvoices   bool `json:"issue_automatic_invoices"`
		IssueInvoiceableReceipts bool `json:"issue_invoiceable_receipts"`
	} `json:"defaults"`
	Metadata map[string]any `json:"metadata"`
	// Search finds an existing client instead of creating one (POST only).
	Search *struct {
		OnKey   string `json:"on_key"`
		OnValue string `json:"on_value"`
		Update  bool   `json:"update"`
	} `json:"search,omitempty"`
}

// portalRequest documents the body of POST /v2/clients/customerportal.
type portalRequest struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// serviceRequest documents the body of POST and PUT /v2/services (§9.3).
type serviceRequest struct {
	Description string         `json:"description"`
	Name        string         `json:"name"`
	UnitPrice   json.Number    `json:"unit_price"`
	ProductKey  string         `json:"product_key"`
	UnitKey     string         `json:"unit_key"`
	UnitName    string         `json:"unit_name"`
	SKU         *string        `json:"sku"`
	Taxes       []taxView      `json:"taxes"`
	Taxability  string         `json:"taxability"`
	Quantity    json.Number    `json:"quantity"`
	Category    *string        `json:"category"`
	Currency    string         `json:"currency"`
	Active      bool           `json:"active"`
	Metadata    map[string]any `json:"metadata"`
}
