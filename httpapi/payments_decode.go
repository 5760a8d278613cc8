package httpapi

import (
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/shopspring/decimal"
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

// paymentInput is the body of POST /v2/payments/register, /request and the
// seed surface's POST /v2/payments (API.md §11.5).
type paymentInput struct {
	Client         opt[clientRef]          `json:"client"`
	ClientID       opt[string]             `json:"client_id" doc:"OLD: the client's id"`
	Items          opt[[]itemInput]        `json:"items" must:"an array of items"`
	Currency       string                  `json:"currency,omitempty"`
	ExchangeRate   opt[decimal.Decimal]    `json:"exchange_rate"`
	Emails         []string                `json:"emails,omitempty"`
	SendEmail      bool                    `json:"send_email,omitempty"`
	AvoidEmail     opt[bool]               `json:"avoid_email" doc:"OLD: send_email = !avoid_email"`
	Metadata       opt[map[string]any]     `json:"metadata"`
	IdempotencyKey string                  `json:"idempotency_key,omitempty"`
	InvoiceConfig  opt[invoiceConfigInput] `json:"invoice_config"`
	AllowedMethods opt[[]paymentMethod]    `json:"allowed_payment_methods" doc:"request only: card, bank, spei, oxxo, stripe-spei"`
	automationFields
	PaymentForm string    `json:"payment_form,omitempty" doc:"register only; default 03"`
	Date        opt[when] `json:"date" doc:"register only: when it was paid"`
}

// automationFields name a payment's automation (API.md §10).
type automationFields struct {
	AutomationType   opt[string] `json:"automation_type" doc:"pue_invoice, ppd_invoice_and_complement, receipt or none"`
	AutomaticInvoice opt[bool]   `json:"automatic_invoice" doc:"OLD: true is pue_invoice, false none"`
}

// automation is the automation asked for, "" when none is named.
func (a *automationFields) automation(c *call, p *sello.Problems) string {
	if t := a.AutomationType; t.valued() && t.V != "" {
		out := paymentAutomation[strings.ToLower(strings.TrimSpace(t.V))]
		if out == "" {
			p.Add(c.fieldName("automation_type"), "must be pue_invoice, ppd_invoice_and_complement, receipt or none")
		}
		return out
	}
	if a.AutomaticInvoice.Set {
		return map[bool]string{true: sello.AutomationPUE, false: sello.AutomationNone}[a.AutomaticInvoice.V]
	}
	return ""
}

// paymentMethod is an allowed payment method: a string or {id}.
type paymentMethod string

func (m *paymentMethod) fromBody(d *decoder, raw any, path string) bool {
	switch x := raw.(type) {
	case string:
		*m = paymentMethod(strings.ToLower(x))
		return true
	case map[string]any:
		if id, ok := x["id"].(string); ok {
			*m = paymentMethod(strings.ToLower(id))
			return true
		}
		d.p.Add(d.c.fieldName(path+".id"), "is required")
		return false
	}
	d.bad(path, "must be a string or an object with an id")
	return false
}

func (paymentMethod) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"oneOf": []any{map[string]any{"type": "string"},
		map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "string"}}, "required": []string{"id"}}}}
}

// request is the sello.PaymentRequest a body asks for.
func (in *paymentInput) request(c *call, p *sello.Problems) *sello.PaymentRequest {
	req := &sello.PaymentRequest{Emails: in.Emails, SendEmail: in.SendEmail, IdempotencyKey: in.IdempotencyKey,
		PaymentForm: in.PaymentForm, Date: in.Date.V.t}
	req.Client = c.clientOf(p, in.Client, in.ClientID, true)
	req.Items = c.items(p, in.Items, false)
	req.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	req.ExchangeRate = c.amount(p, "exchange_rate", in.ExchangeRate, false)
	if in.AvoidEmail.Set { // OLD avoidEmail: send_email = !avoidEmail
		req.SendEmail = !in.AvoidEmail.V
	}
	applyMetadata(in.Metadata, &req.Metadata, false)
	req.InvoiceConfig = c.config(p, in.InvoiceConfig)
	if in.AllowedMethods.valued() {
		req.AllowedMethods = []string{}
		for _, m := range in.AllowedMethods.V {
			req.AllowedMethods = append(req.AllowedMethods, string(m))
		}
	}
	req.AutomationType = in.automation(c, p)
	return req
}

// paidInput is the body of POST /v2/payments/{id}/paid.
type paidInput struct {
	PaymentForm  string               `json:"payment_form"`
	Date         opt[when]            `json:"date"`
	Amount       opt[decimal.Decimal] `json:"amount" doc:"an installment (PPD automation only)"`
	Currency     string               `json:"currency,omitempty"`
	ExchangeRate opt[decimal.Decimal] `json:"exchange_rate"`
}

func (in *paidInput) request(c *call, p *sello.Problems) *sello.PaidRequest {
	return &sello.PaidRequest{PaymentForm: in.PaymentForm, Date: in.Date.V.t, Currency: in.Currency,
		Amount: c.amount(p, "amount", in.Amount, false), ExchangeRate: c.amount(p, "exchange_rate", in.ExchangeRate, false)}
}

// refundInput is the body of POST /v2/payments/{id}/refund.
type refundInput struct {
	Amount                  opt[decimal.Decimal] `json:"amount" doc:"default (also 0, the n8n node's default): everything not yet refunded"`
	Reason                  string               `json:"reason,omitempty"`
	ExternalProcessorRefund bool                 `json:"external_processor_refund,omitempty"`
}

func (in *refundInput) request(c *call, p *sello.Problems) *sello.RefundRequest {
	amount := c.amount(p, "amount", in.Amount, true)
	if amount.Valid && amount.Decimal.IsZero() {
		amount = decimal.NullDecimal{} // 0 is what the n8n node sends for "everything left" (issue 13 §10)
	}
	return &sello.RefundRequest{Amount: amount, Reason: in.Reason, External: in.ExternalProcessorRefund}
}

// paymentUpdateInput is the body of PUT /v2/payments/{id}: items
// (descriptions only), the automation, the client and metadata; at least
// one of them.
type paymentUpdateInput struct {
	Items    opt[descriptions]   `json:"items" doc:"descriptions only, by position"`
	Client   opt[clientRef]      `json:"client"`
	ClientID opt[string]         `json:"client_id"`
	Metadata opt[map[string]any] `json:"metadata"`
	automationFields
}

// descriptions are the descriptions of a payment's items, by position.
type descriptions map[int]string

func (ds *descriptions) fromBody(d *decoder, raw any, path string) bool {
	arr, ok := raw.([]any)
	if !ok {
		d.bad(path, "must be an array of items")
		return false
	}
	*ds = descriptions{}
	for i, e := range arr {
		m, _ := e.(map[string]any)
		if s, ok := m["description"].(string); ok {
			(*ds)[i] = s
		}
	}
	return true
}

func (descriptions) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": "array", "items": map[string]any{"type": "object",
		"properties": map[string]any{"description": map[string]any{"type": "string"}}}}
}

func (in *paymentUpdateInput) update(c *call, p *sello.Problems) *sello.PaymentUpdate {
	u := &sello.PaymentUpdate{}
	set := false
	switch {
	case in.Items.valued():
		u.Descriptions, set = in.Items.V, true
	case in.Items.Null:
		p.Add(c.fieldName("items"), "must be an array of items")
	}
	if auto := in.automation(c, p); auto != "" {
		u.AutomationType, set = &auto, true
	}
	if in.Client.Set || in.ClientID.Set {
		ref := c.clientOf(p, in.Client, in.ClientID, true)
		u.Client, set = &ref, true
	}
	if in.Metadata.Set && !in.Metadata.Bad {
		u.Metadata, set = in.Metadata.V, true
		if u.Metadata == nil {
			u.Metadata = map[string]any{}
		}
	}
	if !set {
		p.Missing(c.fieldName("items"))
	}
	return u
}

// complementInput is the body of POST /v2/invoices/payment (API.md §11.4).
type complementRequestInput struct {
	Invoices       opt[[]paidInvoiceInput] `json:"invoices" must:"an array of {uuid, amount} with at least one invoice"`
	PaymentForm    opt[string]             `json:"payment_form" doc:"c_FormaPago, not 99"`
	Date           opt[when]               `json:"date" doc:"when the money arrived; default now"`
	Currency       string                  `json:"currency,omitempty" doc:"default: that of the invoices"`
	ExchangeRate   opt[decimal.Decimal]    `json:"exchange_rate" doc:"MXN per unit of currency"`
	Series         string                  `json:"series,omitempty"`
	FolioNumber    opt[folio]              `json:"folio_number"`
	SendEmail      bool                    `json:"send_email,omitempty"`
	Emails         []string                `json:"emails,omitempty"`
	Metadata       opt[map[string]any]     `json:"metadata"`
	IdempotencyKey string                  `json:"idempotency_key,omitempty"`
}

// paidInvoiceInput is an invoice a complement pays.
type paidInvoiceInput struct {
	UUID   opt[string]          `json:"uuid" doc:"the UUID or invoice_ id of a valid PPD invoice (alias id)"`
	ID     opt[string]          `json:"id"`
	Amount opt[decimal.Decimal] `json:"amount" doc:"at most its last_balance"`
}

func (in *complementRequestInput) request(c *call, p *sello.Problems) *sello.ComplementRequest {
	req := &sello.ComplementRequest{PaymentForm: in.PaymentForm.V, Date: in.Date.V.t, Series: in.Series,
		Folio: int64(in.FolioNumber.V), SendEmail: in.SendEmail, Emails: in.Emails, IdempotencyKey: in.IdempotencyKey}
	switch {
	case in.Invoices.Bad:
	case !in.Invoices.valued():
		p.Missing(c.fieldName("invoices"))
	case len(in.Invoices.V) == 0:
		p.Add(c.fieldName("invoices"), "must be an array of {uuid, amount} with at least one invoice")
	}
	for i, pi := range in.Invoices.V {
		path := "invoices[" + strconv.Itoa(i) + "]"
		paid := sello.PaidInvoice{Invoice: pi.UUID.V}
		if paid.Invoice == "" {
			if paid.Invoice = pi.ID.V; paid.Invoice == "" && !pi.UUID.Bad && !pi.ID.Bad {
				p.Missing(c.fieldName(path + ".uuid"))
			}
		}
		if amount := c.amount(p, path+".amount", pi.Amount, false); amount.Valid {
			paid.Amount = amount.Decimal
		} else if !pi.Amount.Bad {
			p.Missing(c.fieldName(path + ".amount"))
		}
		req.Invoices = append(req.Invoices, paid)
	}
	if req.PaymentForm == "" && !in.PaymentForm.Bad {
		p.Missing(c.fieldName("payment_form"))
	}
	req.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	req.ExchangeRate = c.amount(p, "exchange_rate", in.ExchangeRate, false)
	applyMetadata(in.Metadata, &req.Metadata, false)
	return req
}
