package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
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

// receiptRequest documents the body of POST and PUT /v2/receipts.
type receiptRequest struct {
	Client         any                  `json:"client,omitempty" doc:"a client id, {id}, {search:{on_key,on_value,auto_create}} or the client's fields; absent or null: the general public"`
	Items          []map[string]any     `json:"items" doc:"at least one item (API.md §9.4)"`
	Currency       string               `json:"currency,omitempty"`
	ExchangeRate   json.Number          `json:"exchange_rate,omitempty"`
	PaymentForm    string               `json:"payment_form,omitempty" doc:"c_FormaPago, default 03"`
	Periodicity    string               `json:"periodicity,omitempty" doc:"day, week, two_weeks, month or two_months; default the team's"`
	ValidUntil     any                  `json:"valid_until,omitempty" doc:"unix seconds, ms or ISO 8601; default the end of the period"`
	InvoiceConfig  *sello.InvoiceConfig `json:"invoice_config,omitempty"`
	Metadata       map[string]any       `json:"metadata,omitempty"`
	IdempotencyKey string               `json:"idempotency_key,omitempty"`
}

// stampReceiptRequest documents the body of POST /v2/receipts/{id}/stamp.
type stampReceiptRequest struct {
	StampTo           string         `json:"stamp_to,omitempty" doc:"client, general_public_national or general_public_foreign"`
	Client            any            `json:"client,omitempty" doc:"the receptor for stamp_to client: a client id, {id}, {search} or the client's fields (default the receipt's client)"`
	FiscalInformation map[string]any `json:"fiscal_information,omitempty" doc:"{legal_name, tax_id, tax_system, zip}: the receptor"`
	Date              any            `json:"date,omitempty" doc:"accepted and checked; the invoice is dated when it is stamped"`
}

// globalInvoiceRequest documents the body of POST /v2/receipts/global-invoice.
type globalInvoiceRequest struct {
	Date        any    `json:"date,omitempty" doc:"any day of the period (unix seconds, ms or ISO 8601); default the last period that has ended"`
	Periodicity string `json:"periodicity,omitempty" doc:"default the team's periodicity.value"`
}

func (s *Server) receiptData(c *call, r *sello.Receipt) *receiptView {
	return newReceiptView(r, s.absoluteURL(c, ""))
}

// createReceipt answers POST /v2/receipts: 201 with a pending receipt.
func (s *Server) createReceipt(c *call) (*reply, error) {
	var p sello.Problems
	f := c.fields(&p)
	req := &sello.ReceiptRequest{}
	req.Client = decodeReceiptClient(f)
	req.Items = decodeItems(f, false)
	f.str("currency", &req.Currency)
	f.str("payment_form", &req.PaymentForm)
	f.str("periodicity", &req.Periodicity)
	f.str("idempotency_key", &req.IdempotencyKey)
	req.ExchangeRate = nullDecimal(f, "exchange_rate", false)
	if t := bodyTime(f, "valid_until"); t != nil {
		req.ValidUntil = *t
	}
	req.InvoiceConfig = decodeInvoiceConfig(f)
	f.metadata(&req.Metadata, false)
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

// decodeReceiptClient reads the optional client: nil for the general
// public.
func decodeReceiptClient(f fields) *sello.ClientRef {
	if f.m["client"] == nil && f.m["client_id"] == nil {
		return nil
	}
	ref := &sello.ClientRef{}
	decodeInvoiceClient(f, ref, true)
	if ref.ID == "" && ref.Search == nil && ref.Inline == nil {
		return nil
	}
	return ref
}

// decodeInvoiceConfig reads invoice_config {serie, folio}.
func decodeInvoiceConfig(f fields) *sello.InvoiceConfig {
	cf, ok, null := f.object("invoice_config")
	if !ok || null {
		return nil
	}
	ic := &sello.InvoiceConfig{}
	cf.str("serie", &ic.Serie)
	if n, present := cf.integer("folio"); present && n != nil {
		if *n < 1 {
			cf.p.Add(cf.name("folio"), "must be a positive integer")
		}
		ic.Folio = *n
	}
	return ic
}

// bodyTime reads a date field (API.md §3.1): unix seconds, ms or ISO 8601.
func bodyTime(f fields, key string) *time.Time {
	var s string
	switch v := f.m[key].(type) {
	case nil:
		return nil
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		f.p.Add(f.name(key), "%s", errBadTime.Error())
		return nil
	}
	t, err := parseTime(s, false)
	if err != nil {
		f.p.Add(f.name(key), "%s", err.Error())
		return nil
	}
	return &t
}

// listReceipts answers GET /v2/receipts.
func (s *Server) listReceipts(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	f := sello.ReceiptFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, ClientID: c.query["client_id"], ListOptions: opts}
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
	var p sello.Problems
	f := c.fields(&p)
	u := &sello.ReceiptUpdate{}
	if f.has("client") || f.has("client_id") {
		u.Client = decodeReceiptClient(f)
		u.ClearClient = u.Client == nil
	}
	if f.has("items") {
		u.Items = decodeItems(f, false)
	}
	for key, dst := range map[string]**string{"currency": &u.Currency, "payment_form": &u.PaymentForm, "periodicity": &u.Periodicity} {
		var v string
		if f.str(key, &v) {
			*dst = &v
		}
	}
	if f.has("exchange_rate") {
		rate := nullDecimal(f, "exchange_rate", false)
		u.ExchangeRate = &rate
	}
	if f.has("valid_until") {
		if t := bodyTime(f, "valid_until"); t != nil {
			u.ValidUntil = t
		} else if f.m["valid_until"] == nil {
			p.Add(f.name("valid_until"), "cannot be null")
		}
	}
	if f.has("invoice_config") {
		u.InvoiceConfig = decodeInvoiceConfig(f)
		if u.InvoiceConfig == nil {
			u.InvoiceConfig = &sello.InvoiceConfig{}
		}
	}
	if f.has("metadata") {
		r, err := s.svc.FindReceipt(c.ctx(), c.target.ID, c.auth.Livemode, id)
		if err != nil {
			return nil, err
		}
		md := r.Metadata
		f.metadata(&md, true)
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
	var p sello.Problems
	f := c.fields(&p)
	st := sello.ReceiptStamp{From: "api"}
	if f.str("stamp_to", &st.StampTo) {
		st.StampTo = strings.ToLower(strings.TrimSpace(st.StampTo))
		switch st.StampTo {
		case "", sello.StampToClient, sello.StampToPublicNational, sello.StampToPublicForeign:
		default:
			p.Add(f.name("stamp_to"), "must be client, general_public_national or general_public_foreign")
		}
	}
	st.Client = decodeReceiptClient(f)
	if ff, present, null := f.object("fiscal_information"); present && !null {
		var in clientRequest
		c.decodeFrom(ff.m, ff.path, &in, &p)
		st.Fiscal = &sello.Client{}
		in.apply(st.Fiscal, false)
	}
	bodyTime(f, "date")
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
	var p sello.Problems
	f := c.fields(&p)
	var periodicity string
	f.str("periodicity", &periodicity)
	var day time.Time
	if t := bodyTime(f, "date"); t != nil {
		day = *t
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	inv, isNew, err := s.svc.GlobalInvoice(c.ctx(), c.target, c.auth.Livemode, strings.ToLower(strings.TrimSpace(periodicity)), day)
	if err != nil {
		return nil, err
	}
	status, msg := http.StatusOK, "Global invoice retrieved successfully"
	if isNew {
		status, msg = http.StatusCreated, "Global invoice created successfully"
	}
	return s.issuedReply(c, inv, false, status, msg)
}
