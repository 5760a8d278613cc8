package httpapi

import (
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// paymentView is the Payment of API.md §9.7 in the dual view: the snake
// fields plus the camel aliases of §3.4, written field by field.
type paymentView struct {
	ID                     string               `json:"id"`
	Status                 string               `json:"status"`
	Client                 *clientView          `json:"client"`
	ClientID               *string              `json:"client_id"`
	ClientIDC              *string              `json:"clientId"`
	Items                  []itemDualView       `json:"items"`
	Currency               string               `json:"currency"`
	ExchangeRate           json.Number          `json:"exchange_rate"`
	ExchangeRateC          json.Number          `json:"exchangeRate"`
	Subtotal               json.Number          `json:"subtotal"`
	Discount               json.Number          `json:"discount"`
	Taxes                  json.Number          `json:"taxes"`
	TaxesWithheld          json.Number          `json:"taxes_withheld"`
	TaxesWithheldC         json.Number          `json:"taxesWithheld"`
	Total                  json.Number          `json:"total"`
	Amount                 int64                `json:"amount" doc:"the total in cents (OLD clients)"`
	AmountRefunded         json.Number          `json:"amount_refunded"`
	AmountRefundedC        json.Number          `json:"amountRefunded"`
	PaymentForm            *string              `json:"payment_form"`
	PaymentFormC           *string              `json:"paymentForm"`
	AutomationType         string               `json:"automation_type"`
	AutomationTypeC        string               `json:"automationType"`
	AutomationError        *automationErrView   `json:"automation_error"`
	AllowedPaymentMethods  []paymentMethodView  `json:"allowed_payment_methods"`
	AllowedPaymentMethodsC []paymentMethodView  `json:"allowedPaymentMethods"`
	Emails                 []string             `json:"emails"`
	SendEmail              bool                 `json:"send_email"`
	SendEmailC             bool                 `json:"sendEmail"`
	ShortURL               *string              `json:"short_url"`
	ShortURLC              *string              `json:"shortUrl"`
	PaymentProcessor       string               `json:"payment_processor"`
	PaymentProcessorC      string               `json:"paymentProcessor"`
	Invoices               []string             `json:"invoices"`
	InvoiceID              *string              `json:"invoice_id"`
	InvoiceIDC             *string              `json:"invoiceId"`
	ReceiptID              *string              `json:"receipt_id"`
	ReceiptIDC             *string              `json:"receiptId"`
	Refunds                []refundView         `json:"refunds"`
	InvoiceConfig          *sello.InvoiceConfig `json:"invoice_config"`
	InvoiceConfigC         *sello.InvoiceConfig `json:"invoiceConfig"`
	IdempotencyKey         *string              `json:"idempotency_key"`
	IdempotencyKeyC        *string              `json:"idempotencyKey"`
	Metadata               map[string]any       `json:"metadata"`
	Livemode               bool                 `json:"livemode"`
	Team                   string               `json:"team"`
	Owner                  *string              `json:"owner"`
	From                   string               `json:"from"`
	CreatedAt              int64                `json:"created_at"`
	CreatedAtC             string               `json:"createdAt"`
	Timestamp              string               `json:"timestamp"`
	SucceededAt            *int64               `json:"succeeded_at"`
	SucceededAtC           *string              `json:"succeededAt"`
	CanceledAt             *int64               `json:"canceled_at"`
	CanceledAtC            *string              `json:"canceledAt"`
}

// itemDualView is a computed line (API.md §9.4) in a dual object (payments,
// receipts): the snake fields plus the camel aliases of §3.4 (serviceId only
// when the line names a service).
type itemDualView struct {
	ID          *string           `json:"id"`
	ServiceID   *string           `json:"serviceId,omitempty"`
	Description string            `json:"description"`
	Quantity    json.Number       `json:"quantity"`
	UnitPrice   json.Number       `json:"unit_price"`
	UnitPriceC  json.Number       `json:"unitPrice"`
	Discount    json.Number       `json:"discount"`
	ProductKey  string            `json:"product_key"`
	ProductKeyC string            `json:"productKey"`
	UnitKey     string            `json:"unit_key"`
	UnitKeyC    string            `json:"unitKey"`
	UnitName    string            `json:"unit_name"`
	UnitNameC   string            `json:"unitName"`
	SKU         *string           `json:"sku"`
	Taxability  string            `json:"taxability"`
	Taxes       []itemTaxView     `json:"taxes"`
	ThirdParty  *sello.ThirdParty `json:"third_party"`
	ThirdPartyC *thirdPartyCamel  `json:"thirdParty"`
	Subtotal    json.Number       `json:"subtotal"`
	Total       json.Number       `json:"total"`
}

// thirdPartyCamel is the camel alias of an item's third_party.
type thirdPartyCamel struct {
	LegalName string `json:"legalName"`
	TaxID     string `json:"taxId"`
	TaxSystem string `json:"taxSystem"`
	Zip       string `json:"zip"`
}

type paymentMethodView struct {
	ID string `json:"id"`
}

type automationErrView struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type refundView struct {
	ID                       string      `json:"id"`
	Amount                   json.Number `json:"amount"`
	Reason                   string      `json:"reason"`
	ExternalProcessorRefund  bool        `json:"external_processor_refund"`
	ExternalProcessorRefundC bool        `json:"externalProcessorRefund"`
	CreatedAt                int64       `json:"created_at"`
	CreatedAtC               string      `json:"createdAt"`
}

// newPaymentView renders a payment; base prefixes the payment page path
// (PUBLIC_URL), "" leaves it relative (event payloads).
func newPaymentView(p *sello.Payment, base string) *paymentView {
	m := moneyOf(p.Currency)
	created := p.CreatedAt.Unix()
	v := &paymentView{
		ID: p.ID, Status: string(p.Status), ClientID: optional(p.ClientID), ClientIDC: optional(p.ClientID),
		Items: make([]itemDualView, len(p.Items)), Currency: p.Currency,
		ExchangeRate: number(p.ExchangeRate), ExchangeRateC: number(p.ExchangeRate),
		Subtotal: m(p.Subtotal), Discount: m(p.Discount), Taxes: m(p.Taxes),
		TaxesWithheld: m(p.Withheld), TaxesWithheldC: m(p.Withheld), Total: m(p.Total), Amount: p.Cents(),
		AmountRefunded: m(p.AmountRefunded), AmountRefundedC: m(p.AmountRefunded),
		PaymentForm: optional(p.PaymentForm), PaymentFormC: optional(p.PaymentForm),
		AutomationType: p.AutomationType, AutomationTypeC: p.AutomationType,
		Emails: nonNilStrings(p.Emails), SendEmail: p.SendEmail, SendEmailC: p.SendEmail,
		PaymentProcessor: p.Processor, PaymentProcessorC: p.Processor, Invoices: nonNilStrings(p.Invoices),
		ReceiptID: optional(p.ReceiptID), ReceiptIDC: optional(p.ReceiptID), Refunds: make([]refundView, len(p.Refunds)),
		InvoiceConfig: p.InvoiceConfig, InvoiceConfigC: p.InvoiceConfig,
		IdempotencyKey: optional(p.IdempotencyKey), IdempotencyKeyC: optional(p.IdempotencyKey),
		Metadata: p.Metadata, Livemode: p.Livemode, Team: string(p.TeamID), From: p.From,
		CreatedAt: created, CreatedAtC: isoTime(created), Timestamp: isoTime(created),
	}
	if p.Client != nil {
		v.Client = newClientView(p.Client)
	}
	for i, it := range p.Items {
		v.Items[i] = newItemDualView(it, m)
	}
	for _, id := range p.AllowedMethods {
		v.AllowedPaymentMethods = append(v.AllowedPaymentMethods, paymentMethodView{ID: id})
	}
	if v.AllowedPaymentMethods == nil {
		v.AllowedPaymentMethods = []paymentMethodView{}
	}
	v.AllowedPaymentMethodsC = v.AllowedPaymentMethods
	if e := p.AutomationError; e != nil {
		code := e.Code
		if k, known := errorTable[sello.Code(code)]; known {
			code = k.code
		}
		v.AutomationError = &automationErrView{Code: code, Message: e.Message}
	}
	if p.PayToken != "" {
		u := base + "/pay/" + p.PayToken
		v.ShortURL, v.ShortURLC = &u, &u
	}
	if len(p.Invoices) > 0 {
		v.InvoiceID, v.InvoiceIDC = &p.Invoices[0], &p.Invoices[0]
	}
	for i, r := range p.Refunds {
		at := r.CreatedAt.Unix()
		v.Refunds[i] = refundView{ID: r.ID, Amount: m(r.Amount), Reason: r.Reason, ExternalProcessorRefund: r.External,
			ExternalProcessorRefundC: r.External, CreatedAt: at, CreatedAtC: isoTime(at)}
	}
	if !p.SucceededAt.IsZero() {
		at := p.SucceededAt.Unix()
		iso := isoTime(at)
		v.SucceededAt, v.SucceededAtC = &at, &iso
	}
	if !p.CanceledAt.IsZero() {
		at := p.CanceledAt.Unix()
		iso := isoTime(at)
		v.CanceledAt, v.CanceledAtC = &at, &iso
	}
	if v.Metadata == nil {
		v.Metadata = map[string]any{}
	}
	return v
}

func newItemDualView(it sello.InvoiceItem, m func(decimal.Decimal) json.Number) itemDualView {
	iv := newInvoiceItemView(it, m)
	v := itemDualView{ID: iv.ID, ServiceID: iv.ID, Description: iv.Description, Quantity: iv.Quantity,
		UnitPrice: iv.UnitPrice, UnitPriceC: iv.UnitPrice, Discount: iv.Discount,
		ProductKey: iv.ProductKey, ProductKeyC: iv.ProductKey, UnitKey: iv.UnitKey, UnitKeyC: iv.UnitKey,
		UnitName: iv.UnitName, UnitNameC: iv.UnitName, SKU: iv.SKU, Taxability: iv.Taxability,
		Taxes: iv.Taxes, ThirdParty: it.ThirdParty, Subtotal: iv.Subtotal, Total: iv.Total}
	if tp := it.ThirdParty; tp != nil {
		v.ThirdPartyC = &thirdPartyCamel{LegalName: tp.LegalName, TaxID: tp.TaxID, TaxSystem: tp.TaxSystem, Zip: tp.Zip}
	}
	return v
}
