package httpapi

import (
	"encoding/json"
	"strings"

	"github.com/sello-mx/sello"
)

// receiptView is the Receipt of API.md §9.8 in the dual view: the snake
// fields plus the camel aliases of §3.4, written field by field.
type receiptView struct {
	ID              string               `json:"id"`
	Status          string               `json:"status"`
	Client          *clientView          `json:"client"`
	ClientID        *string              `json:"client_id"`
	ClientIDC       *string              `json:"clientId"`
	Items           []itemDualView       `json:"items"`
	Currency        string               `json:"currency"`
	ExchangeRate    json.Number          `json:"exchange_rate"`
	ExchangeRateC   json.Number          `json:"exchangeRate"`
	Subtotal        json.Number          `json:"subtotal"`
	Discount        json.Number          `json:"discount"`
	Taxes           json.Number          `json:"taxes"`
	TaxesWithheld   json.Number          `json:"taxes_withheld"`
	TaxesWithheldC  json.Number          `json:"taxesWithheld"`
	Total           json.Number          `json:"total"`
	PaymentForm     string               `json:"payment_form"`
	PaymentFormC    string               `json:"paymentForm"`
	Periodicity     string               `json:"periodicity"`
	ValidUntil      int64                `json:"valid_until"`
	ValidUntilC     int64                `json:"validUntil"`
	URL             string               `json:"url"`
	InvoiceID       *string              `json:"invoice_id"`
	InvoiceIDC      *string              `json:"invoiceId"`
	InvoicedAt      *int64               `json:"invoiced_at"`
	InvoicedAtC     *string              `json:"invoicedAt"`
	PaymentID       *string              `json:"payment_id"`
	PaymentIDC      *string              `json:"paymentId"`
	InvoiceConfig   *sello.InvoiceConfig `json:"invoice_config"`
	InvoiceConfigC  *sello.InvoiceConfig `json:"invoiceConfig"`
	IdempotencyKey  *string              `json:"idempotency_key"`
	IdempotencyKeyC *string              `json:"idempotencyKey"`
	Metadata        map[string]any       `json:"metadata"`
	Livemode        bool                 `json:"livemode"`
	Team            string               `json:"team"`
	Owner           *string              `json:"owner"`
	From            string               `json:"from"`
	CreatedAt       int64                `json:"created_at"`
	CreatedAtC      string               `json:"createdAt"`
	Timestamp       string               `json:"timestamp"`
	Created         int64                `json:"created"`
	CanceledAt      *int64               `json:"canceled_at"`
	CanceledAtC     *string              `json:"canceledAt"`
}

// newReceiptView maps a Receipt onto its dual view. base prefixes the
// self-invoicing URL (PUBLIC_URL; empty in webhook payloads, which carry
// the path). invoice_id is the invoice's UUID, or its invoice_ id while it
// waits for its stamp.
func newReceiptView(r *sello.Receipt, base string) *receiptView {
	m := moneyOf(r.Currency)
	created := r.CreatedAt.Unix()
	v := &receiptView{
		ID: r.ID, Status: string(r.Status), ClientID: optional(r.ClientID), ClientIDC: optional(r.ClientID),
		Items: make([]itemDualView, len(r.Items)), Currency: r.Currency,
		ExchangeRate: number(r.ExchangeRate), ExchangeRateC: number(r.ExchangeRate),
		Subtotal: m(r.Subtotal), Discount: m(r.Discount), Taxes: m(r.Taxes),
		TaxesWithheld: m(r.Withheld), TaxesWithheldC: m(r.Withheld), Total: m(r.Total),
		PaymentForm: r.PaymentForm, PaymentFormC: r.PaymentForm, Periodicity: r.Periodicity,
		ValidUntil: r.ValidUntil.Unix(), ValidUntilC: r.ValidUntil.Unix(), URL: base + r.URL,
		PaymentID: optional(r.PaymentID), PaymentIDC: optional(r.PaymentID),
		InvoiceConfig: r.InvoiceConfig, InvoiceConfigC: r.InvoiceConfig,
		IdempotencyKey: optional(r.IdempotencyKey), IdempotencyKeyC: optional(r.IdempotencyKey),
		Metadata: r.Metadata, Livemode: r.Livemode, Team: string(r.TeamID), From: r.From,
		CreatedAt: created, CreatedAtC: isoTime(created), Timestamp: isoTime(created), Created: created,
	}
	if r.Client != nil {
		v.Client = newClientView(r.Client)
	}
	for i, it := range r.Items {
		v.Items[i] = newItemDualView(it, m)
	}
	if r.Status == sello.ReceiptCompleted {
		id := optional(firstOf(r.InvoiceUUID, r.InvoiceRef))
		v.InvoiceID, v.InvoiceIDC = id, id
	}
	if !r.InvoicedAt.IsZero() {
		at, iso := r.InvoicedAt.Unix(), isoTime(r.InvoicedAt.Unix())
		v.InvoicedAt, v.InvoicedAtC = &at, &iso
	}
	if !r.CanceledAt.IsZero() {
		at, iso := r.CanceledAt.Unix(), isoTime(r.CanceledAt.Unix())
		v.CanceledAt, v.CanceledAtC = &at, &iso
	}
	if v.Metadata == nil {
		v.Metadata = map[string]any{}
	}
	if v.From == "" {
		v.From = "api"
	}
	return v
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// EventRendererFor is RenderEvent for a server whose public base URL is
// publicURL (PUBLIC_URL): the links events carry, a receipt's url, are
// then absolute. With "" they are paths, as RenderEvent renders them.
func EventRendererFor(publicURL string) sello.EventRenderer {
	base := strings.TrimRight(publicURL, "/")
	return func(eventType string, object any) ([]byte, error) {
		if r, ok := object.(*sello.Receipt); ok {
			return encodeJSON(newReceiptView(r, base))
		}
		return RenderEvent(eventType, object)
	}
}
