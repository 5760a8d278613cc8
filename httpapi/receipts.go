package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
	"github.com/shopspring/decimal"
)

// receiptQuery are the filters of GET /v2/receipts (API.md §6).
var receiptQuery = []string{"status", "client_id"}

// receiptStatusInput maps the input spellings of a receipt status filter
// (API.md §10).
var receiptStatusInput = map[string]sello.ReceiptStatus{
	"pending": sello.ReceiptPending, "open": sello.ReceiptPending,
	"completed": sello.ReceiptCompleted, "invoiced": sello.ReceiptCompleted, "stamped": sello.ReceiptCompleted,
	"canceled": sello.ReceiptCanceled, "cancelled": sello.ReceiptCanceled, "expired": sello.ReceiptExpired,
}

// receiptInput is the body of POST and PUT /v2/receipts; on PUT an absent
// field is left alone.
type receiptInput struct {
	Client         opt[clientRef]          `json:"client" doc:"absent or null: the general public"`
	ClientID       opt[string]             `json:"client_id"`
	Items          opt[[]itemInput]        `json:"items" must:"an array of items" doc:"at least one item (API.md §9.4)"`
	Currency       opt[string]             `json:"currency"`
	ExchangeRate   opt[decimal.Decimal]    `json:"exchange_rate"`
	PaymentForm    opt[string]             `json:"payment_form" doc:"c_FormaPago, default 03"`
	Periodicity    opt[string]             `json:"periodicity" doc:"day, week, two_weeks, month or two_months; default the team's"`
	ValidUntil     opt[when]               `json:"valid_until" doc:"default the end of the period"`
	InvoiceConfig  opt[invoiceConfigInput] `json:"invoice_config"`
	Metadata       opt[map[string]any]     `json:"metadata"`
	IdempotencyKey string                  `json:"idempotency_key,omitempty"`
}

// receiptClient is the optional client of a receipt body: nil for the
// general public.
func (c *call) receiptClient(p *sello.Problems, client opt[clientRef], clientID opt[string]) *sello.ClientRef {
	if !client.valued() && !client.Bad && !clientID.valued() && !clientID.Bad {
		return nil
	}
	ref := c.clientOf(p, client, clientID, false)
	if ref.ID == "" && ref.Search == nil && ref.Inline == nil {
		return nil
	}
	return &ref
}

// stampReceiptInput is the body of POST /v2/receipts/{id}/stamp.
type stampReceiptInput struct {
	StampTo           opt[string]       `json:"stamp_to" doc:"client, general_public_national or general_public_foreign"`
	Client            opt[clientRef]    `json:"client" doc:"the receptor for stamp_to client (default the receipt's client)"`
	ClientID          opt[string]       `json:"client_id"`
	FiscalInformation opt[clientFields] `json:"fiscal_information" doc:"{legal_name, tax_id, tax_system, zip}: the receptor"`
	Date              opt[when]         `json:"date" unread:"accepted and checked; the invoice is dated when it is stamped"`
}

// globalInvoiceInput is the body of POST /v2/receipts/global-invoice.
type globalInvoiceInput struct {
	Date        opt[when] `json:"date" doc:"any day of the period; default the last period that has ended"`
	Periodicity string    `json:"periodicity,omitempty" doc:"default the team's periodicity.value"`
}

func (s *Server) receiptData(c *call, r *sello.Receipt) *receiptView {
	return newReceiptView(r, s.absoluteURL(c, ""))
}

// createReceipt answers POST /v2/receipts: 201 with a pending receipt.
func (s *Server) createReceipt(c *call) (*reply, error) {
	var in receiptInput
	var p sello.Problems
	c.decode(&in, &p)
	req := &sello.ReceiptRequest{Currency: in.Currency.V, PaymentForm: in.PaymentForm.V,
		Periodicity: in.Periodicity.V, IdempotencyKey: in.IdempotencyKey, ValidUntil: in.ValidUntil.V.t}
	req.Client = c.receiptClient(&p, in.Client, in.ClientID)
	req.Items = c.items(&p, in.Items, false)
	req.ExchangeRate = c.amount(&p, "exchange_rate", in.ExchangeRate, false)
	req.InvoiceConfig = c.config(&p, in.InvoiceConfig)
	applyMetadata(in.Metadata, &req.Metadata, false)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if req.IdempotencyKey == "" {
		req.IdempotencyKey = c.r.Header.Get("Idempotency-Key")
	}
	r, err := s.svc.CreateReceipt(c.ctx(), c.target, c.auth.Livemode, req)
	if err != nil {
		return nil, err
	}
	return created("Receipt created successfully", s.receiptData(c, r)), nil
}

// listReceipts answers GET /v2/receipts.
func (s *Server) listReceipts(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	f := sello.ReceiptFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, ClientID: c.query["client_id"],
		Metadata: c.metadataFilters(), ListOptions: opts}
	if v, present := c.query["status"]; present {
		st, known := receiptStatusInput[strings.ToLower(strings.TrimSpace(v))]
		if !known {
			return nil, invalidQuery(c.fieldName("status"), "must be pending, completed, canceled or expired")
		}
		f.Status = st
	}
	rs, more, total, err := s.svc.FindReceipts(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	out := make([]*receiptView, len(rs))
	for i, r := range rs {
		out[i] = s.receiptData(c, r)
	}
	last := lastCursor(rs, f.ListOptions, func(r *sello.Receipt) (time.Time, string, string) {
		name := ""
		if r.Client != nil {
			name = r.Client.LegalName
		}
		return r.CreatedAt, r.ID, name
	})
	return c.page("Receipts retrieved successfully", out, more, total, last)
}

func invalidQuery(field, problem string) error {
	return &sello.Error{Code: sello.Invalid, Message: "Invalid query parameters",
		Fields: []sello.FieldError{{Field: field, Problem: problem}}}
}

// getReceipt answers GET /v2/receipts/{id}.
func (s *Server) getReceipt(c *call) (*reply, error) {
	r, err := s.svc.FindReceipt(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Receipt retrieved successfully", s.receiptData(c, r)), nil
}

// updateReceipt answers PUT /v2/receipts/{id}: a partial update while the
// receipt is pending (409 otherwise).
func (s *Server) updateReceipt(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	var in receiptInput
	var p sello.Problems
	c.decode(&in, &p)
	u := &sello.ReceiptUpdate{}
	if in.Client.Set || in.ClientID.Set {
		u.Client = c.receiptClient(&p, in.Client, in.ClientID)
		u.ClearClient = u.Client == nil
	}
	if in.Items.Set {
		u.Items = c.items(&p, in.Items, false)
	}
	for _, f := range []struct {
		in  opt[string]
		dst **string
	}{{in.Currency, &u.Currency}, {in.PaymentForm, &u.PaymentForm}, {in.Periodicity, &u.Periodicity}} {
		if f.in.Set {
			v := f.in.V
			*f.dst = &v
		}
	}
	if in.ExchangeRate.Set {
		rate := c.amount(&p, "exchange_rate", in.ExchangeRate, false)
		u.ExchangeRate = &rate
	}
	switch v := in.ValidUntil; {
	case v.valued():
		u.ValidUntil = &v.V.t
	case v.Null:
		p.Add(c.fieldName("valid_until"), "cannot be null")
	}
	if in.InvoiceConfig.Set {
		if u.InvoiceConfig = c.config(&p, in.InvoiceConfig); u.InvoiceConfig == nil {
			u.InvoiceConfig = &sello.InvoiceConfig{}
		}
	}
	if in.Metadata.Set {
		r, err := s.svc.FindReceipt(c.ctx(), c.target.ID, c.auth.Livemode, id)
		if err != nil {
			return nil, err
		}
		md := r.Metadata
		applyMetadata(in.Metadata, &md, true)
		if md == nil {
			md = map[string]any{}
		}
		u.Metadata = md
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	r, err := s.svc.UpdateReceipt(c.ctx(), c.target, c.auth.Livemode, id, u)
	if err != nil {
		return nil, err
	}
	return ok("Receipt updated successfully", s.receiptData(c, r)), nil
}

// cancelReceipt answers DELETE /v2/receipts/{id}: the receipt canceled.
func (s *Server) cancelReceipt(c *call) (*reply, error) {
	r, err := s.svc.CancelReceipt(c.ctx(), c.target, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Receipt canceled successfully", s.receiptData(c, r)), nil
}

// stampReceipt answers POST /v2/receipts/{id}/stamp: 200 with the receipt
// completed and its invoice_id.
func (s *Server) stampReceipt(c *call) (*reply, error) {
	var in stampReceiptInput
	var p sello.Problems
	c.decode(&in, &p)
	st := sello.ReceiptStamp{From: "api"}
	if in.StampTo.Set && !in.StampTo.Bad {
		st.StampTo = strings.ToLower(strings.TrimSpace(in.StampTo.V))
		switch st.StampTo {
		case "", sello.StampToClient, sello.StampToPublicNational, sello.StampToPublicForeign:
		default:
			p.Add(c.fieldName("stamp_to"), "must be client, general_public_national or general_public_foreign")
		}
	}
	st.Client = c.receiptClient(&p, in.Client, in.ClientID)
	if in.FiscalInformation.valued() {
		st.Fiscal = &sello.Client{}
		in.FiscalInformation.V.apply(st.Fiscal, false)
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	r, _, err := s.svc.StampReceipt(c.ctx(), c.target, c.auth.Livemode, c.r.PathValue("id"), st)
	if err != nil {
		return nil, prefixFiscal(err, st.Fiscal != nil)
	}
	return ok("Receipt stamped successfully", s.receiptData(c, r)), nil
}

// prefixFiscal names the receptor's problems as the body spelled them:
// fiscal_information.<field> instead of client.<field>.
func prefixFiscal(err error, fiscal bool) error {
	e, isErr := err.(*sello.Error)
	if !fiscal || !isErr {
		return err
	}
	out := *e
	out.Fields = make([]sello.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if rest, found := strings.CutPrefix(fe.Field, "client."); found {
			fe.Field = "fiscal_information." + strings.TrimPrefix(rest, "address.")
		}
		out.Fields[i] = fe
	}
	return &out
}

// stampClientReceipts answers POST /v2/clients/{id}/stamp-pending-receipts:
// every pending receipt of the client stamped to it; data is the receipts
// completed. The route is the pattern /v2/clients/{id}/{action}, because a
// literal last segment would collide with /v2/clients/validate/{id} in the
// ServeMux; any other action is an unknown route.
func (s *Server) stampClientReceipts(c *call) (*reply, error) {
	if c.r.PathValue("action") != "stamp-pending-receipts" {
		return nil, errRouteNotFound
	}
	rs, err := s.svc.StampPendingReceipts(c.ctx(), c.target, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := make([]*receiptView, len(rs))
	for i, r := range rs {
		out[i] = s.receiptData(c, r)
	}
	return ok("Pending receipts stamped successfully", out), nil
}

// globalInvoice answers POST /v2/receipts/global-invoice: 201 with the
// global invoice of the period made now, 200 with the one it already had.
func (s *Server) globalInvoice(c *call) (*reply, error) {
	var in globalInvoiceInput
	var p sello.Problems
	c.decode(&in, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	inv, isNew, err := s.svc.GlobalInvoice(c.ctx(), c.target, c.auth.Livemode, strings.ToLower(strings.TrimSpace(in.Periodicity)), in.Date.V.t)
	if err != nil {
		return nil, err
	}
	status, msg := http.StatusOK, "Global invoice retrieved successfully"
	if isNew {
		status, msg = http.StatusCreated, "Global invoice created successfully"
	}
	return s.issuedReply(c, inv, false, status, msg)
}
