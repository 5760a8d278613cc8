package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/shopspring/decimal"
)

// invoiceAliases are the input spellings of the invoice routes (API.md §3.4,
// §11.4, §17): the vendor blog's notes, the CLI's replacement, OLD's price
// and service references, and retained for a withholding tax.
var invoiceAliases = aliasTable{
	"notes": "invoice_pdf_notes", "replacement": "substitution_uuid",
	"price": "unit_price", "service_id": "id", "serviceId": "id", "retained": "withholding",
}

// invoiceAutomation maps the input spellings of the invoice automation_type
// (API.md §10) to the value stored.
var invoiceAutomation = map[string]string{
	"none": "none", "payment": "payment", "pue_invoice": "payment",
	"payment_and_complement": "payment_and_complement", "ppd_invoice_and_complement": "payment_and_complement",
}

// invoiceStatusInput maps the input spellings of an invoice status filter.
var invoiceStatusInput = map[string]sello.InvoiceStatus{
	"draft": sello.InvoiceDraft, "pending": sello.InvoicePending, "stamping": sello.InvoicePending,
	"valid": sello.InvoiceValid, "stamped": sello.InvoiceValid,
	"canceled": sello.InvoiceCanceled, "cancelled": sello.InvoiceCanceled,
}

// clientSearchKeys maps the input spellings of client search.on_key.
var clientSearchKeys = map[string]string{"tax_id": "tax_id", "rfc": "tax_id", "email": "email", "name": "name"}

// invoiceInput is the body of an invoice (API.md §11.4): POST
// /v2/invoices/income and /egress, POST /v2/invoices (surface S, with
// invoice_type) and a draft's body, stored as sent and read again when it
// is stamped.
type invoiceInput struct {
	Client          opt[clientRef]         `json:"client"`
	ClientID        opt[string]            `json:"client_id" doc:"OLD: the client's id"`
	Items           opt[[]itemInput]       `json:"items" must:"an array of items"`
	PaymentMethod   string                 `json:"payment_method,omitempty" doc:"PUE or PPD"`
	PaymentForm     string                 `json:"payment_form,omitempty" doc:"c_FormaPago"`
	Use             string                 `json:"use,omitempty" doc:"c_UsoCFDI; P01 is read as S01"`
	Currency        string                 `json:"currency,omitempty"`
	ExchangeRate    opt[decimal.Decimal]   `json:"exchange_rate"`
	Exports         string                 `json:"exports,omitempty" doc:"c_Exportacion"`
	Series          string                 `json:"series,omitempty"`
	FolioNumber     opt[folio]             `json:"folio_number"`
	Related         opt[[]relatedInput]    `json:"related_documents"`
	Global          opt[globalInput]       `json:"global" doc:"InformacionGlobal, for an invoice to the general public"`
	Complements     opt[[]complementInput] `json:"complements"`
	Addenda         string                 `json:"addenda,omitempty"`
	PDFNotes        opt[string]            `json:"invoice_pdf_notes" doc:"alias notes"`
	AutomationType  opt[string]            `json:"automation_type" doc:"none, payment or payment_and_complement"`
	SendEmail       bool                   `json:"send_email,omitempty"`
	Emails          []string               `json:"emails,omitempty"`
	ReturnFilesURLs bool                   `json:"return_files_urls,omitempty"`
	Metadata        opt[map[string]any]    `json:"metadata"`
	IdempotencyKey  string                 `json:"idempotency_key,omitempty"`
}

// relatedInput is a relation of an invoice to others (CfdiRelacionados).
type relatedInput struct {
	Relationship string        `json:"relationship" doc:"c_TipoRelacion"`
	Documents    opt[[]string] `json:"documents" doc:"the related UUIDs"`
}

// complementInput is a complement of an invoice, {type, data}, kept as sent.
type complementInput struct {
	m map[string]any
}

func (ci *complementInput) fromBody(d *decoder, raw any, path string) bool {
	m, isObj := raw.(map[string]any)
	if _, hasType := m["type"].(string); !isObj || !hasType {
		d.bad(path, "must be an object with a type")
		return false
	}
	ci.m = m
	return true
}

func (complementInput) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": "object", "required": []string{"type"},
		"properties": map[string]any{"type": map[string]any{"type": "string"}, "data": map[string]any{}}}
}

// globalInput is global {periodicity, months, year}; each may be a string
// or an integer.
type globalInput struct {
	Periodicity opt[padded2] `json:"periodicity" doc:"c_Periodicidad"`
	Months      opt[padded2] `json:"months" doc:"c_Meses"`
	Year        opt[padded4] `json:"year"`
}

// padded2 and padded4 are SAT codes of two and four digits, sent as a
// string or a number.
type (
	padded2 string
	padded4 string
)

func (v *padded2) fromBody(d *decoder, raw any, path string) bool {
	s, ok := paddedCode(d, raw, path, 2)
	*v = padded2(s)
	return ok
}

func (v *padded4) fromBody(d *decoder, raw any, path string) bool {
	s, ok := paddedCode(d, raw, path, 4)
	*v = padded4(s)
	return ok
}

func (padded2) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": []string{"string", "integer"}}
}

func (padded4) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": []string{"string", "integer"}}
}

func paddedCode(d *decoder, raw any, path string, width int) (string, bool) {
	switch v := raw.(type) {
	case string:
		return strings.TrimSpace(v), true
	case json.Number:
		n, err := strconv.Atoi(v.String())
		if err != nil || n < 0 {
			d.bad(path, "must be a code of the SAT catalog")
			return "", false
		}
		return leftPad(strconv.Itoa(n), width), true
	}
	d.bad(path, "must be a string")
	return "", false
}

// request is the sello.InvoiceRequest a body asks for; problems go to p.
// A draft needs no field; otherwise client and at least one item are
// required.
func (in *invoiceInput) request(c *call, p *sello.Problems, draft bool) *sello.InvoiceRequest {
	req := &sello.InvoiceRequest{PaymentForm: in.PaymentForm, Use: in.Use, Exports: in.Exports,
		Series: in.Series, Addenda: in.Addenda, IdempotencyKey: in.IdempotencyKey,
		SendEmail: in.SendEmail, Emails: in.Emails}
	req.Client = c.clientOf(p, in.Client, in.ClientID, !draft)
	req.Items = c.items(p, in.Items, draft)
	req.PaymentMethod = strings.ToUpper(strings.TrimSpace(in.PaymentMethod))
	if m := req.PaymentMethod; m != "" && m != "PUE" && m != "PPD" {
		p.Rule(c.fieldName("payment_method"), "CFDI40124", "must be PUE or PPD")
	}
	if strings.EqualFold(req.Use, "P01") {
		req.Use = "S01" // CFDI 4.0 dropped P01 (API.md §9.1)
	}
	req.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	req.ExchangeRate = c.amount(p, "exchange_rate", in.ExchangeRate, false)
	req.Folio = int64(in.FolioNumber.V)
	for i, r := range in.Related.V {
		if !r.Documents.valued() || len(r.Documents.V) == 0 {
			if !r.Documents.Bad {
				p.Missing(c.fieldName("related_documents[" + strconv.Itoa(i) + "].documents"))
			}
		}
		docs := make([]string, len(r.Documents.V))
		for j, d := range r.Documents.V {
			docs[j] = strings.ToUpper(strings.TrimSpace(d))
		}
		req.Related = append(req.Related, sello.RelatedDocuments{Relationship: r.Relationship, Documents: docs})
	}
	if g := in.Global; g.valued() {
		req.Global = &sello.GlobalPeriod{Periodicity: string(g.V.Periodicity.V), Months: string(g.V.Months.V), Year: string(g.V.Year.V)}
		for _, f := range []struct {
			key  string
			sent bool
		}{{"periodicity", g.V.Periodicity.Set && !g.V.Periodicity.Null}, {"months", g.V.Months.Set && !g.V.Months.Null}, {"year", g.V.Year.Set && !g.V.Year.Null}} {
			if !f.sent {
				p.Missing(c.fieldName("global." + f.key))
			}
		}
	}
	for _, ci := range in.Complements.V {
		req.Complements = append(req.Complements, ci.m)
	}
	if in.PDFNotes.valued() {
		notes := in.PDFNotes.V
		req.PDFNotes = &notes
	}
	if auto := in.AutomationType; auto.valued() && auto.V != "" {
		if req.AutomationType = invoiceAutomation[strings.ToLower(auto.V)]; req.AutomationType == "" {
			p.Add(c.fieldName("automation_type"), "must be none, payment or payment_and_complement")
		}
	}
	applyMetadata(in.Metadata, &req.Metadata, false)
	return req
}

// typedInvoiceInput is an invoice body that names its type: POST
// /v2/invoices (surface S) and a draft.
type typedInvoiceInput struct {
	invoiceInput
	InvoiceType opt[string] `json:"invoice_type" doc:"I (default) or E"`
}

// invoiceType is invoice_type: I (default) or E. T and N are out of scope
// (API.md §10); P is made by POST /invoices/payment.
func (in *typedInvoiceInput) invoiceType(c *call, p *sello.Problems) string {
	t := in.InvoiceType
	if !t.valued() || t.V == "" {
		return "I"
	}
	switch v := strings.ToUpper(strings.TrimSpace(t.V)); v {
	case "I", "E":
		return v
	case "T", "N":
		p.Add(c.fieldName("invoice_type"), "%s invoices are not supported; use I or E", v)
	default:
		p.Rule(c.fieldName("invoice_type"), "CFDI40121", "must be I or E")
	}
	return "I"
}

func leftPad(s string, width int) string {
	for len(s) < width {
		s = "0" + s
	}
	return s
}
