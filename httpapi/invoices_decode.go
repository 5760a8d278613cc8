package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
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

// decodeInvoice reads the common input of API.md §11.4 from a normalised
// body. Every type, format and enum problem is recorded in f.p, named by
// its path in the route's casing. A draft needs no field; otherwise client
// and at least one item are required.
func decodeInvoice(f fields, draft bool) *sello.InvoiceRequest {
	req := &sello.InvoiceRequest{}
	decodeInvoiceClient(f, &req.Client, draft)
	req.Items = decodeItems(f, draft)
	f.str("payment_method", &req.PaymentMethod)
	f.str("payment_form", &req.PaymentForm)
	f.str("use", &req.Use)
	f.str("currency", &req.Currency)
	f.str("exports", &req.Exports)
	f.str("series", &req.Series)
	f.str("addenda", &req.Addenda)
	f.str("idempotency_key", &req.IdempotencyKey)
	req.PaymentMethod = strings.ToUpper(strings.TrimSpace(req.PaymentMethod))
	if m := req.PaymentMethod; m != "" && m != "PUE" && m != "PPD" {
		f.p.Add(f.name("payment_method"), "must be PUE or PPD")
	}
	if strings.EqualFold(req.Use, "P01") {
		req.Use = "S01" // CFDI 4.0 dropped P01 (API.md §9.1)
	}
	req.Currency = strings.ToUpper(strings.TrimSpace(req.Currency))
	req.ExchangeRate = nullDecimal(f, "exchange_rate", false)
	req.Folio = folioNumber(f)
	req.Related = decodeRelated(f)
	req.Global = decodeGlobal(f)
	req.Complements = decodeComplements(f)
	var notes string
	if f.str("invoice_pdf_notes", &notes) && f.m["invoice_pdf_notes"] != nil {
		req.PDFNotes = &notes
	}
	var auto string
	if f.str("automation_type", &auto) && auto != "" {
		if req.AutomationType = invoiceAutomation[strings.ToLower(auto)]; req.AutomationType == "" {
			f.p.Add(f.name("automation_type"), "must be none, payment or payment_and_complement")
		}
	}
	f.boolean("send_email", &req.SendEmail, false)
	f.strs("emails", &req.Emails)
	f.metadata(&req.Metadata, false)
	return req
}

// decodeInvoiceType reads invoice_type: I (default) or E. T and N are out
// of scope (API.md §10); P is made by POST /invoices/payment.
func decodeInvoiceType(f fields) string {
	var t string
	if !f.str("invoice_type", &t) || t == "" {
		return "I"
	}
	switch t = strings.ToUpper(strings.TrimSpace(t)); t {
	case "I", "E":
		return t
	case "T", "N":
		f.p.Add(f.name("invoice_type"), "%s invoices are not supported; use I or E", t)
	default:
		f.p.Add(f.name("invoice_type"), "must be I or E")
	}
	return "I"
}

// decodeInvoiceClient reads client (an id string, {id}, {search,…fields} or
// inline fields) and the top-level client_id of OLD.
func decodeInvoiceClient(f fields, ref *sello.ClientRef, draft bool) {
	var topID string
	hasTop := f.str("client_id", &topID)
	v, present := f.m["client"]
	switch x := v.(type) {
	case nil:
		present = false
	case string:
		ref.ID, present = x, x != ""
	case map[string]any:
		decodeClientObject(f.sub("client", x), ref)
	default:
		f.p.Add(f.name("client"), "must be an object or a client id")
		return
	}
	switch {
	case hasTop && topID != "" && ref.ID != "" && topID != ref.ID:
		f.p.Add(f.name("client_id"), "conflicting values for client_id and client.id")
	case hasTop && topID != "" && ref.ID == "":
		ref.ID = topID
	case !present && topID == "" && !draft:
		f.p.Missing(f.name("client"))
	}
}

func decodeClientObject(cf fields, ref *sello.ClientRef) {
	cf.str("id", &ref.ID)
	if sf, ok, null := cf.object("search"); ok && !null {
		q := &sello.ClientSearch{}
		if sf.str("on_key", &q.OnKey) {
			if q.OnKey = clientSearchKeys[strings.ToLower(q.OnKey)]; q.OnKey == "" {
				sf.p.Add(sf.name("on_key"), "must be tax_id, email or name")
			}
		} else {
			sf.p.Missing(sf.name("on_key"))
		}
		if !sf.str("on_value", &q.OnValue) || q.OnValue == "" {
			sf.p.Missing(sf.name("on_value"))
		}
		sf.boolean("auto_create", &q.AutoCreate, false)
		ref.Search = q
	}
	inline := map[string]any{}
	for k, v := range cf.m {
		if k != "id" && k != "search" {
			inline[k] = v
		}
	}
	if len(inline) > 0 {
		var in clientRequest
		cf.c.decodeFrom(inline, cf.path, &in, cf.p)
		ref.Inline = &sello.Client{}
		in.apply(ref.Inline, false)
	}
}

// folioNumber reads folio_number: a positive integer, as a number or a
// string of digits.
func folioNumber(f fields) int64 {
	v := f.m["folio_number"]
	var s string
	switch x := v.(type) {
	case nil:
		return 0
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		f.p.Add(f.name("folio_number"), "must be a positive integer")
		return 0
	}
	return n
}

// decodeRelated reads related_documents: [{relationship, documents:[uuid…]}].
func decodeRelated(f fields) []sello.RelatedDocuments {
	v := f.m["related_documents"]
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		f.p.Add(f.name("related_documents"), "must be an array")
		return nil
	}
	out := make([]sello.RelatedDocuments, 0, len(arr))
	for i, e := range arr {
		key := "related_documents[" + strconv.Itoa(i) + "]"
		m, isObj := e.(map[string]any)
		if !isObj {
			f.p.Add(f.name(key), "must be an object")
			continue
		}
		rf := f.sub(key, m)
		var r sello.RelatedDocuments
		rf.str("relationship", &r.Relationship)
		if !rf.strs("documents", &r.Documents) || len(r.Documents) == 0 {
			rf.p.Missing(rf.name("documents"))
		}
		for j, d := range r.Documents {
			r.Documents[j] = strings.ToUpper(strings.TrimSpace(d))
		}
		out = append(out, r)
	}
	return out
}

// decodeGlobal reads global {periodicity, months, year}; each may be a
// string or an integer.
func decodeGlobal(f fields) *sello.GlobalPeriod {
	gf, ok, null := f.object("global")
	if !ok || null {
		return nil
	}
	g := &sello.GlobalPeriod{}
	for _, x := range []struct {
		key   string
		dst   *string
		width int
	}{{"periodicity", &g.Periodicity, 2}, {"months", &g.Months, 2}, {"year", &g.Year, 4}} {
		switch v := gf.m[x.key].(type) {
		case nil:
			gf.p.Missing(gf.name(x.key))
		case string:
			*x.dst = strings.TrimSpace(v)
		case json.Number:
			n, err := strconv.Atoi(v.String())
			if err != nil || n < 0 {
				gf.p.Add(gf.name(x.key), "must be a code of the SAT catalog")
				continue
			}
			*x.dst = leftPad(strconv.Itoa(n), x.width)
		default:
			gf.p.Add(gf.name(x.key), "must be a string")
		}
	}
	return g
}

func leftPad(s string, width int) string {
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// decodeComplements reads complements: [{type, data}] as given.
func decodeComplements(f fields) []map[string]any {
	v := f.m["complements"]
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		f.p.Add(f.name("complements"), "must be an array")
		return nil
	}
	out := make([]map[string]any, 0, len(arr))
	for i, e := range arr {
		m, isObj := e.(map[string]any)
		if _, hasType := m["type"].(string); !isObj || !hasType {
			f.p.Add(f.name("complements["+strconv.Itoa(i)+"]"), "must be an object with a type")
			continue
		}
		out = append(out, m)
	}
	return out
}
