package httpapi

import (
	"encoding/base64"
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/sat"
)

// invoiceView is the Invoice of API.md §9.6 in the snake view (surface C
// routes and webhook payloads). Surface S routes render it through
// camelView and add timestamp (invoiceCamel).
type invoiceView struct {
	ID                  string                 `json:"id"`
	UUID                *string                `json:"uuid"`
	InvoiceType         string                 `json:"invoice_type"`
	Status              string                 `json:"status"`
	Client              invoiceClientView      `json:"client"`
	ClientID            *string                `json:"client_id"`
	Series              string                 `json:"series"`
	FolioNumber         *int64                 `json:"folio_number"`
	Currency            string                 `json:"currency"`
	ExchangeRate        json.Number            `json:"exchange_rate"`
	PaymentMethod       *string                `json:"payment_method"`
	PaymentForm         *string                `json:"payment_form"`
	Use                 string                 `json:"use"`
	Exports             string                 `json:"exports"`
	Items               []invoiceItemView      `json:"items"`
	Subtotal            json.Number            `json:"subtotal"`
	Discount            json.Number            `json:"discount"`
	Taxes               json.Number            `json:"taxes"`
	TaxesWithheld       json.Number            `json:"taxes_withheld"`
	Total               json.Number            `json:"total"`
	LastBalance         json.Number            `json:"last_balance"`
	PaymentComplements  int                    `json:"payment_complements"`
	PaymentDetails      *paymentDetailsView    `json:"payment_details"`
	RelatedDocuments    []relatedDocumentsView `json:"related_documents"`
	Global              *globalView            `json:"global"`
	Complements         []map[string]any       `json:"complements"`
	Addenda             *string                `json:"addenda"`
	InvoicePDFNotes     *string                `json:"invoice_pdf_notes"`
	AutomationType      string                 `json:"automation_type"`
	PaymentID           *string                `json:"payment_id"`
	ReceiptID           *string                `json:"receipt_id"`
	Stamp               *stampView             `json:"stamp"`
	CancellationMotive  *string                `json:"cancellation_motive"`
	SubstitutionUUID    *string                `json:"substitution_uuid"`
	CancellationStatus  *string                `json:"cancellation_status"`
	CancellationReceipt *string                `json:"cancellation_receipt"`
	CanceledAt          *int64                 `json:"canceled_at"`
	SendEmail           bool                   `json:"send_email"`
	Emails              []string               `json:"emails"`
	Files               *filesView             `json:"files,omitempty"`
	PreviewPDF          json.RawMessage        `json:"preview_pdf,omitempty" doc:"drafts only: base64 of the last preview, or null"`
	Error               *invoiceErrorView      `json:"error,omitempty" doc:"invoice.failed payloads only"`
	Metadata            map[string]any         `json:"metadata"`
	IdempotencyKey      *string                `json:"idempotency_key"`
	Livemode            bool                   `json:"livemode"`
	Team                string                 `json:"team"`
	Owner               *string                `json:"owner"`
	From                string                 `json:"from"`
	CreatedAt           int64                  `json:"created_at"`
}

// invoiceClientView is the receptor snapshot of an invoice.
type invoiceClientView struct {
	ID        *string `json:"id"`
	Name      string  `json:"name"`
	LegalName string  `json:"legal_name"`
	TaxID     string  `json:"tax_id"`
	TaxSystem string  `json:"tax_system"`
	Use       string  `json:"use"`
	Email     string  `json:"email"`
	Zip       string  `json:"zip"`
}

// invoiceItemView is a computed line (API.md §9.4).
type invoiceItemView struct {
	ID          *string           `json:"id"`
	Description string            `json:"description"`
	Quantity    json.Number       `json:"quantity"`
	UnitPrice   json.Number       `json:"unit_price"`
	Discount    json.Number       `json:"discount"`
	ProductKey  string            `json:"product_key"`
	UnitKey     string            `json:"unit_key"`
	UnitName    string            `json:"unit_name"`
	SKU         *string           `json:"sku"`
	Taxability  string            `json:"taxability"`
	Taxes       []itemTaxView     `json:"taxes"`
	ThirdParty  *sello.ThirdParty `json:"third_party"`
	Subtotal    json.Number       `json:"subtotal"`
	Total       json.Number       `json:"total"`
}

// itemTaxView is a Tax of a computed line, with its base and amount.
type itemTaxView struct {
	Type        string      `json:"type"`
	Rate        json.Number `json:"rate"`
	Factor      string      `json:"factor"`
	Withholding bool        `json:"withholding"`
	Inclusive   bool        `json:"inclusive"`
	Base        json.Number `json:"base"`
	Amount      json.Number `json:"amount"`
}

// paymentDetailsView is the payment a type P invoice records.
type paymentDetailsView struct {
	Date         int64             `json:"date"`
	PaymentForm  string            `json:"payment_form"`
	Currency     string            `json:"currency"`
	ExchangeRate json.Number       `json:"exchange_rate"`
	Amount       json.Number       `json:"amount"`
	Documents    []paidInvoiceView `json:"documents"`
}

// paidInvoiceView is one invoice a payment complement pays.
type paidInvoiceView struct {
	UUID             string      `json:"uuid"`
	Series           string      `json:"series"`
	FolioNumber      int64       `json:"folio_number"`
	Installment      int         `json:"installment"`
	PreviousBalance  json.Number `json:"previous_balance"`
	AmountPaid       json.Number `json:"amount_paid"`
	RemainingBalance json.Number `json:"remaining_balance"`
}

type relatedDocumentsView struct {
	Relationship string   `json:"relationship"`
	Documents    []string `json:"documents"`
}

type globalView struct {
	Periodicity string `json:"periodicity"`
	Months      string `json:"months"`
	Year        string `json:"year"`
}

// stampView is what the TimbreFiscalDigital says.
type stampView struct {
	StampAt          int64  `json:"stamp_at"`
	Sello            string `json:"sello"`
	SelloSAT         string `json:"sello_sat"`
	NoCertificadoSAT string `json:"no_certificado_sat"`
}

// filesView holds absolute download URLs of an invoice's files.
type filesView struct {
	PDF string `json:"pdf,omitempty"`
	XML string `json:"xml,omitempty"`
}

// invoiceErrorView is why a stamping attempt failed, in the attempted
// invoice of an invoice.failed event (API.md §11.4).
type invoiceErrorView struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// invoiceLinks are the absolute URLs a view shows that only the Service can
// sign: the files (return_files_urls) and the SAT acuse of a cancellation.
type invoiceLinks struct {
	files *filesView
	acuse string
}

// newInvoiceView maps an Invoice onto its snake view, field by field. Money
// is rounded to the currency's decimals (API.md §8); unit prices,
// quantities, rates and exchange rates are shown as stored.
func newInvoiceView(inv *sello.Invoice, links invoiceLinks) *invoiceView {
	m := moneyOf(inv.Currency)
	v := &invoiceView{
		ID: inv.ID, UUID: optional(inv.UUID), InvoiceType: inv.Type, Status: string(inv.Status),
		Client: newInvoiceClientView(inv.Client), ClientID: optional(inv.ClientID),
		Series: inv.Series, Currency: inv.Currency, ExchangeRate: number(exchangeRateOf(inv)),
		PaymentMethod: optional(inv.PaymentMethod), PaymentForm: optional(inv.PaymentForm),
		Use: inv.Use, Exports: inv.Exports, Items: make([]invoiceItemView, len(inv.Items)),
		Subtotal: m(inv.Subtotal), Discount: m(inv.Discount), Taxes: m(inv.Taxes),
		TaxesWithheld: m(inv.Withheld), Total: m(inv.Total), LastBalance: m(inv.LastBalance),
		PaymentComplements: inv.PaymentComplements, RelatedDocuments: []relatedDocumentsView{},
		Complements: inv.Complements, Addenda: optional(inv.Addenda), InvoicePDFNotes: optional(inv.PDFNotes),
		AutomationType: inv.AutomationType, PaymentID: optional(inv.PaymentID), ReceiptID: optional(inv.ReceiptID),
		CancellationMotive: optional(inv.CancellationMotive), SubstitutionUUID: optional(inv.SubstitutionUUID),
		CancellationStatus: optional(inv.CancellationStatus), CancellationReceipt: optional(links.acuse),
		SendEmail: inv.SendEmail, Emails: inv.Emails, Files: links.files, Metadata: inv.Metadata,
		IdempotencyKey: optional(inv.IdempotencyKey), Livemode: inv.Livemode, Team: string(inv.TeamID),
		From: inv.From, CreatedAt: inv.CreatedAt.Unix(),
	}
	if inv.Folio != 0 {
		v.FolioNumber = &inv.Folio
	}
	for i, it := range inv.Items {
		v.Items[i] = newInvoiceItemView(it, m)
	}
	for _, r := range inv.Related {
		v.RelatedDocuments = append(v.RelatedDocuments, relatedDocumentsView{Relationship: r.Relationship, Documents: nonNilStrings(r.Documents)})
	}
	if g := inv.Global; g != nil {
		v.Global = &globalView{Periodicity: g.Periodicity, Months: g.Months, Year: g.Year}
	}
	if pd := inv.PaymentDetails; pd != nil {
		v.PaymentDetails = newPaymentDetailsView(pd)
	}
	if st := inv.Stamp; st != nil {
		v.Stamp = &stampView{StampAt: st.StampedAt.Unix(), Sello: st.Sello, SelloSAT: st.SelloSAT, NoCertificadoSAT: st.NoCertificadoSAT}
	}
	if !inv.CanceledAt.IsZero() {
		at := inv.CanceledAt.Unix()
		v.CanceledAt = &at
	}
	if inv.Status == sello.InvoiceDraft {
		v.PreviewPDF = json.RawMessage("null")
		if len(inv.PreviewPDF) > 0 {
			v.PreviewPDF, _ = json.Marshal(base64.StdEncoding.EncodeToString(inv.PreviewPDF))
		}
	}
	if inv.Status == sello.InvoiceFailed {
		v.Error = &invoiceErrorView{Code: "cfdi_service_error", Message: inv.StampError}
	}
	if v.AutomationType == "" {
		v.AutomationType = "none"
	}
	if v.From == "" {
		v.From = "api"
	}
	if v.Complements == nil {
		v.Complements = []map[string]any{}
	}
	v.Emails = nonNilStrings(v.Emails)
	if v.Metadata == nil {
		v.Metadata = map[string]any{}
	}
	return v
}

func newInvoiceClientView(c sello.InvoiceClient) invoiceClientView {
	return invoiceClientView{ID: optional(c.ID), Name: c.Name, LegalName: c.LegalName, TaxID: c.TaxID,
		TaxSystem: c.TaxSystem, Use: c.Use, Email: c.Email, Zip: c.Zip}
}

func newInvoiceItemView(it sello.InvoiceItem, m func(decimal.Decimal) json.Number) invoiceItemView {
	v := invoiceItemView{
		ID: optional(it.ServiceID), Description: it.Description, Quantity: number(it.Quantity),
		UnitPrice: number(it.UnitPrice), Discount: m(it.Discount), ProductKey: it.ProductKey,
		UnitKey: it.UnitKey, UnitName: it.UnitName, SKU: optional(it.SKU), Taxability: it.Taxability,
		Taxes: make([]itemTaxView, len(it.Taxes)), ThirdParty: it.ThirdParty,
		Subtotal: m(it.Subtotal), Total: m(it.Total),
	}
	for i, t := range it.Taxes {
		v.Taxes[i] = itemTaxView{Type: t.Type, Rate: number(t.Rate), Factor: t.Factor, Withholding: t.Withholding,
			Inclusive: t.Inclusive, Base: m(t.Base), Amount: m(t.Amount)}
	}
	return v
}

func newPaymentDetailsView(pd *sello.PaymentDetails) *paymentDetailsView {
	m := moneyOf(pd.Currency)
	v := &paymentDetailsView{Date: pd.Date.Unix(), PaymentForm: pd.PaymentForm, Currency: pd.Currency,
		ExchangeRate: number(pd.ExchangeRate), Amount: m(pd.Amount), Documents: make([]paidInvoiceView, len(pd.Documents))}
	for i, d := range pd.Documents {
		v.Documents[i] = paidInvoiceView{UUID: d.UUID, Series: d.Series, FolioNumber: d.Folio, Installment: d.Installment,
			PreviousBalance: m(d.PreviousBalance), AmountPaid: m(d.AmountPaid), RemainingBalance: m(d.RemainingBalance)}
	}
	return v
}

// moneyOf returns the renderer of amounts in a currency: rounded half away
// from zero to the c_Moneda decimals (MXN 2).
func moneyOf(currency string) func(decimal.Decimal) json.Number {
	places := int32(sat.CurrencyDecimals(currency))
	return func(d decimal.Decimal) json.Number { return number(d.Round(places)) }
}

// exchangeRateOf is the invoice's exchange rate, 1 when none is stored.
func exchangeRateOf(inv *sello.Invoice) decimal.Decimal {
	if inv.ExchangeRate.IsZero() {
		return decimal.NewFromInt(1)
	}
	return inv.ExchangeRate
}

// invoiceCamel renders the camel view of surface S (API.md §9.6): the
// mechanical rule of §3.3 over the snake view, plus timestamp.
func invoiceCamel(v *invoiceView) (map[string]any, error) {
	g, err := camelView(v)
	if err != nil {
		return nil, err
	}
	m := g.(map[string]any)
	m["timestamp"] = isoTime(v.CreatedAt)
	return m, nil
}
