package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// paymentAliases are the input spellings of the payment routes (API.md
// §3.4, §11.5): OLD's price and service references, retained for a
// withholding tax, processor for payment_processor.
var paymentAliases = aliasTable{
	"price": "unit_price", "service_id": "id", "serviceId": "id", "retained": "withholding",
	"processor": "payment_processor",
}

// paymentAutomation maps the input spellings of a payment's
// automation_type (API.md §10) to the value stored.
var paymentAutomation = map[string]string{
	"pue_invoice": sello.AutomationPUE, "stamp_invoice": sello.AutomationPUE, "payment": sello.AutomationPUE,
	"ppd_invoice_and_complement": sello.AutomationPPD, "payment_and_complement": sello.AutomationPPD,
	"receipt": sello.AutomationReceipt, "none": sello.AutomationNone,
}

// paymentStatusInput maps the input spellings of a payment status filter.
var paymentStatusInput = map[string][]sello.PaymentStatus{
	"requires_payment_method": {sello.PaymentRequiresMethod}, "succeeded": {sello.PaymentSucceeded},
	"canceled": {sello.PaymentCanceled}, "cancelled": {sello.PaymentCanceled}, "refunded": {sello.PaymentRefunded},
	"failed": {sello.PaymentFailed}, "pending": {"pending"}, "processing": {"processing"},
}

// decodePayment reads the input shared by register, request and the seed
// surface's create (API.md §11.5) from a normalised body.
func decodePayment(f fields) *sello.PaymentRequest {
	req := &sello.PaymentRequest{}
	decodeInvoiceClient(f, &req.Client, false)
	req.Items = decodeItems(f, false)
	f.str("currency", &req.Currency)
	req.Currency = strings.ToUpper(strings.TrimSpace(req.Currency))
	req.ExchangeRate = nullDecimal(f, "exchange_rate", false)
	f.strs("emails", &req.Emails)
	f.boolean("send_email", &req.SendEmail, false)
	if f.has("avoid_email") { // OLD avoidEmail: send_email = !avoidEmail
		var avoid bool
		f.boolean("avoid_email", &avoid, false)
		req.SendEmail = !avoid
	}
	f.metadata(&req.Metadata, false)
	f.str("idempotency_key", &req.IdempotencyKey)
	if cf, ok, null := f.object("invoice_config"); ok && !null {
		req.InvoiceConfig = &sello.InvoiceConfig{}
		cf.str("serie", &req.InvoiceConfig.Serie)
		if n, _ := cf.integer("folio"); n != nil {
			if *n < 1 {
				cf.p.Add(cf.name("folio"), "must be a positive integer")
			}
			req.InvoiceConfig.Folio = *n
		}
	}
	req.AllowedMethods = decodeMethods(f)
	req.AutomationType = decodeAutomation(f)
	f.str("payment_form", &req.PaymentForm)
	req.Date = decodeDate(f, "date")
	return req
}

// decodeAutomation reads automation_type in any spelling, or OLD's
// automaticInvoice (true: pue_invoice, false: none).
func decodeAutomation(f fields) string {
	var auto string
	if f.str("automation_type", &auto) && auto != "" {
		out := paymentAutomation[strings.ToLower(strings.TrimSpace(auto))]
		if out == "" {
			f.p.Add(f.name("automation_type"), "must be pue_invoice, ppd_invoice_and_complement, receipt or none")
		}
		return out
	}
	if f.has("automatic_invoice") {
		var on bool
		f.boolean("automatic_invoice", &on, false)
		return map[bool]string{true: sello.AutomationPUE, false: sello.AutomationNone}[on]
	}
	return ""
}

// decodeMethods reads allowed_payment_methods: strings or {id} objects.
func decodeMethods(f fields) []string {
	v, present := f.m["allowed_payment_methods"]
	if !present || v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		f.p.Add(f.name("allowed_payment_methods"), "must be an array")
		return nil
	}
	out := []string{}
	for i, e := range arr {
		switch x := e.(type) {
		case string:
			out = append(out, strings.ToLower(x))
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				out = append(out, strings.ToLower(id))
				continue
			}
			f.p.Add(f.name(fmt.Sprintf("allowed_payment_methods[%d].id", i)), "is required")
		default:
			f.p.Add(f.name(fmt.Sprintf("allowed_payment_methods[%d]", i)), "must be a string or an object with an id")
		}
	}
	return out
}

// decodeDate reads a date of API.md §3.1 (unix seconds or ms, or ISO).
func decodeDate(f fields, key string) time.Time {
	var s string
	switch v := f.m[key].(type) {
	case nil:
		return time.Time{}
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		f.p.Add(f.name(key), "%v", errBadTime)
		return time.Time{}
	}
	t, err := parseTime(s, false)
	if err != nil {
		f.p.Add(f.name(key), "%v", err)
	}
	return t
}

// decodePaid reads the body of POST /payments/{id}/paid.
func decodePaid(f fields) *sello.PaidRequest {
	req := &sello.PaidRequest{}
	f.str("payment_form", &req.PaymentForm)
	req.Date = decodeDate(f, "date")
	req.Amount = nullDecimal(f, "amount", false)
	f.str("currency", &req.Currency)
	req.ExchangeRate = nullDecimal(f, "exchange_rate", false)
	return req
}

// decodeRefund reads the body of POST /payments/{id}/refund.
func decodeRefund(f fields) *sello.RefundRequest {
	req := &sello.RefundRequest{}
	req.Amount = nullDecimal(f, "amount", false)
	f.str("reason", &req.Reason)
	f.boolean("external_processor_refund", &req.External, false)
	return req
}

// decodePaymentUpdate reads a PUT: items (descriptions only), the
// automation, the client and metadata; at least one of them.
func decodePaymentUpdate(f fields) *sello.PaymentUpdate {
	u := &sello.PaymentUpdate{}
	set := false
	if arr, ok := f.m["items"].([]any); ok {
		set = true
		u.Descriptions = map[int]string{}
		for i, e := range arr {
			m, _ := e.(map[string]any)
			if d, ok := m["description"].(string); ok {
				u.Descriptions[i] = d
			}
		}
	} else if f.has("items") {
		f.p.Add(f.name("items"), "must be an array of items")
	}
	if auto := decodeAutomation(f); auto != "" {
		u.AutomationType, set = &auto, true
	}
	if f.has("client") || f.has("client_id") {
		u.Client, set = &sello.ClientRef{}, true
		decodeInvoiceClient(f, u.Client, false)
	}
	if mf, ok, _ := f.object("metadata"); ok {
		u.Metadata, set = mf.m, true
		if u.Metadata == nil {
			u.Metadata = map[string]any{}
		}
	}
	if !set {
		f.p.Missing(f.name("items"))
	}
	return u
}

// decodeComplement reads POST /v2/invoices/payment (API.md §11.4).
func decodeComplement(f fields) *sello.ComplementRequest {
	req := &sello.ComplementRequest{}
	v, present := f.m["invoices"]
	arr, isArr := v.([]any)
	switch {
	case !present || v == nil:
		f.p.Missing(f.name("invoices"))
	case !isArr || len(arr) == 0:
		f.p.Add(f.name("invoices"), "must be an array of {uuid, amount} with at least one invoice")
	}
	for i, e := range arr {
		key := fmt.Sprintf("invoices[%d]", i)
		m, ok := e.(map[string]any)
		if !ok {
			f.p.Add(f.name(key), "must be an object")
			continue
		}
		inf := f.sub(key, m)
		var pi sello.PaidInvoice
		if !inf.str("uuid", &pi.Invoice) || pi.Invoice == "" {
			if !inf.str("id", &pi.Invoice) || pi.Invoice == "" {
				inf.p.Missing(inf.name("uuid"))
			}
		}
		if amount := nullDecimal(inf, "amount", false); amount.Valid {
			pi.Amount = amount.Decimal
		} else if inf.m["amount"] == nil {
			inf.p.Missing(inf.name("amount"))
		}
		req.Invoices = append(req.Invoices, pi)
	}
	if !f.str("payment_form", &req.PaymentForm) || req.PaymentForm == "" {
		f.p.Missing(f.name("payment_form"))
	}
	req.Date = decodeDate(f, "date")
	f.str("currency", &req.Currency)
	req.Currency = strings.ToUpper(strings.TrimSpace(req.Currency))
	req.ExchangeRate = nullDecimal(f, "exchange_rate", false)
	f.str("series", &req.Series)
	req.Folio = folioNumber(f)
	f.boolean("send_email", &req.SendEmail, false)
	f.strs("emails", &req.Emails)
	f.metadata(&req.Metadata, false)
	f.str("idempotency_key", &req.IdempotencyKey)
	return req
}
