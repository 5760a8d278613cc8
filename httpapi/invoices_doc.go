package httpapi

import "encoding/json"

// invoiceRequest documents the common input of API.md §11.4 for the
// OpenAPI document; handlers read the normalised body with decodeInvoice,
// so every spelling of §3.2 and the aliases of invoiceAliases are accepted.
type invoiceRequest struct {
	InvoiceType     string                 `json:"invoice_type,omitempty" doc:"I (default) or E; POST /v2/invoices and drafts"`
	Client          json.RawMessage        `json:"client" doc:"{id}, a client id string, {search:{on_key,on_value,auto_create}, …fields} or the client's fields"`
	ClientID        string                 `json:"client_id,omitempty"`
	Items           []itemRequest          `json:"items"`
	PaymentMethod   string                 `json:"payment_method,omitempty"`
	PaymentForm     string                 `json:"payment_form,omitempty"`
	Use             string                 `json:"use,omitempty"`
	Currency        string                 `json:"currency,omitempty"`
	ExchangeRate    json.Number            `json:"exchange_rate,omitempty"`
	Exports         string                 `json:"exports,omitempty"`
	Series          string                 `json:"series,omitempty"`
	FolioNumber     int64                  `json:"folio_number,omitempty"`
	RelatedDocs     []relatedDocumentsView `json:"related_documents,omitempty"`
	Global          *globalView            `json:"global,omitempty"`
	Complements     []map[string]any       `json:"complements,omitempty"`
	Addenda         string                 `json:"addenda,omitempty"`
	InvoicePDFNotes string                 `json:"invoice_pdf_notes,omitempty" doc:"alias notes"`
	AutomationType  string                 `json:"automation_type,omitempty" doc:"none, payment, payment_and_complement"`
	SendEmail       bool                   `json:"send_email,omitempty"`
	Emails          []string               `json:"emails,omitempty"`
	ReturnFilesURLs bool                   `json:"return_files_urls,omitempty"`
	Metadata        map[string]any         `json:"metadata,omitempty"`
	IdempotencyKey  string                 `json:"idempotency_key,omitempty"`
}

// itemRequest documents an item of an invoice request (API.md §9.4).
type itemRequest struct {
	ID     string `json:"id,omitempty" doc:"a service id (alias service_id)"`
	Search *struct {
		OnKey      string `json:"on_key"`
		OnValue    string `json:"on_value"`
		AutoCreate bool   `json:"auto_create,omitempty"`
	} `json:"search,omitempty"`
	Description string      `json:"description,omitempty" doc:"OLD name is read when description is absent"`
	Quantity    json.Number `json:"quantity,omitempty"`
	UnitPrice   json.Number `json:"unit_price,omitempty" doc:"alias price"`
	Total       json.Number `json:"total,omitempty" doc:"pre-tax line amount when unit_price is absent"`
	Discount    json.Number `json:"discount,omitempty"`
	ProductKey  string      `json:"product_key,omitempty"`
	UnitKey     string      `json:"unit_key,omitempty"`
	UnitName    string      `json:"unit_name,omitempty"`
	SKU         string      `json:"sku,omitempty"`
	Taxability  string      `json:"taxability,omitempty"`
	Taxes       []taxView   `json:"taxes,omitempty"`
	ThirdParty  *struct {
		LegalName string `json:"legal_name"`
		TaxID     string `json:"tax_id"`
		TaxSystem string `json:"tax_system"`
		Zip       string `json:"zip"`
	} `json:"third_party,omitempty"`
}

// sendRequest documents the body of POST /v2/invoices/{id}/send.
type sendRequest struct {
	Emails []string `json:"emails,omitempty" doc:"the recipients; default the client's e-mail and bcc"`
}

// cancelRequest documents the body of DELETE /v2/invoices/{id}; both
// fields may come as query parameters instead, and the body wins.
type cancelRequest struct {
	Motive           opt[code] `json:"motive" doc:"c_MotivoCancelacion 01–04"`
	SubstitutionUUID opt[code] `json:"substitution_uuid" doc:"required for motive 01; aliases replacement, substitutionUuid"`
}
