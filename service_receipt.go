package sello

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// ReceiptSecret names the server secret self-invoicing links are signed with.
const ReceiptSecret = "receipt_signing"

// ReceiptRequest is what a caller asks to record as a receipt (API.md
// §11.6), decoded by the HTTP adapter. Empty values take the defaults.
type ReceiptRequest struct {
	// Client is nil for a sale to the general public.
	Client        *ClientRef
	Items         []ItemRequest
	Currency      string
	ExchangeRate  decimal.NullDecimal
	PaymentForm   string // default 03
	Periodicity   string // default the team's settings, else month
	ValidUntil    time.Time
	InvoiceConfig *InvoiceConfig
	Metadata      map[string]any
	// IdempotencyKey is echoed on the receipt (API.md §7).
	IdempotencyKey string
	PaymentID      string
	From           string // "api" when empty
	// ID, when set, is the receipt's id (an automation's fixed id, so that
	// a retry finds the receipt it made instead of making another).
	ID string
}

// ReceiptUpdate is a partial update of a pending receipt (PUT, API.md
// §11.6). Nil fields are unchanged.
type ReceiptUpdate struct {
	Client        *ClientRef
	ClearClient   bool // client: null
	Items         []ItemRequest
	Currency      *string
	ExchangeRate  *decimal.NullDecimal
	PaymentForm   *string
	Periodicity   *string
	ValidUntil    *time.Time
	InvoiceConfig *InvoiceConfig
	// Metadata, when not nil, replaces the stored metadata (the adapter
	// merges it key by key first).
	Metadata map[string]any
}

// CreateReceipt computes and stores a pending receipt with receipt.created.
// Invalid names each bad field.
func (s *Service) CreateReceipt(ctx context.Context, team *Team, livemode bool, req *ReceiptRequest) (*Receipt, error) {
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	r := &Receipt{TeamID: team.ID, Livemode: livemode, Status: ReceiptPending, PaymentForm: req.PaymentForm,
		Periodicity: req.Periodicity, ValidUntil: req.ValidUntil, InvoiceConfig: req.InvoiceConfig,
		Metadata: req.Metadata, IdempotencyKey: req.IdempotencyKey, PaymentID: req.PaymentID, From: req.From,
		Currency: strings.ToUpper(req.Currency), ExchangeRate: decimal.NewFromInt(1)}
	if r.From == "" {
		r.From = "api"
	}
	var p Problems
	s.receiptFields(r, team, settings, req.ExchangeRate, req.ValidUntil.IsZero(), now, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	// What the request creates (an inline client, services by SKU) is
	// stored with the receipt.
	var cr Creations
	if err := s.computeReceipt(ctx, team, livemode, r, req.Items, &cr); err != nil {
		return nil, err
	}
	if req.Client != nil {
		if err := s.receiptClient(ctx, team, livemode, r, *req.Client, &p, &cr); err != nil {
			return nil, err
		}
		if err := p.Err("Invalid request body"); err != nil {
			return nil, err
		}
	}
	r.ID = req.ID
	if r.ID == "" {
		r.ID = s.ids.New("receipt_")
	}
	r.CreatedAt, r.UpdatedAt = now, now
	if err := s.receiptURL(ctx, r); err != nil {
		return nil, err
	}
	events, err := s.creationEvents(cr)
	if err != nil {
		return nil, err
	}
	ev, err := s.newEvent(team.ID, livemode, "receipt.created", r.ID, r)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateReceipt(ctx, r, &cr, append(events, ev)...); err != nil {
		return nil, fmt.Errorf("create receipt: %w", err)
	}
	return r, nil
}

// receiptFields checks and defaults currency, payment form, periodicity
// and valid_until.
func (s *Service) receiptFields(r *Receipt, team *Team, settings *TeamSettings, rate decimal.NullDecimal, defaultValid bool, now time.Time, p *Problems) {
	known := true
	if r.Currency == "" {
		r.Currency = "MXN"
	} else if known = inCatalog(sat.MonedaCatalog, r.Currency); !known {
		p.Rule("currency", "CFDI40113", "is not a c_Moneda code")
	}
	r.ExchangeRate = decimal.NewFromInt(1)
	if known && r.Currency != "MXN" && r.Currency != "XXX" {
		switch {
		case !rate.Valid:
			p.Missing("exchange_rate")
		case !rate.Decimal.IsPositive():
			p.Rule("exchange_rate", "CFDI40117", "must be greater than 0")
		default:
			r.ExchangeRate = rate.Decimal
		}
	}
	r.PaymentForm = strings.TrimSpace(r.PaymentForm)
	if r.PaymentForm == "" {
		r.PaymentForm = "03"
	} else if !inCatalog(sat.FormaPagoCatalog, r.PaymentForm) || r.PaymentForm == "99" {
		p.Add("payment_form", "must be a c_FormaPago code other than 99")
	}
	r.Periodicity = strings.ToLower(strings.TrimSpace(r.Periodicity))
	if r.Periodicity == "" {
		r.Periodicity = settings.Periodicity.Value
	}
	if r.Periodicity == "" {
		r.Periodicity = "month"
	}
	switch {
	case !ValidPeriodicity(r.Periodicity):
		p.Add("periodicity", "must be day, week, two_weeks, month or two_months")
	case r.Periodicity == "two_months" && team.TaxSystem != "621":
		p.Add("periodicity", "CFDI40132: two_months is only for issuers in régimen 621")
	}
	if defaultValid {
		r.ValidUntil = ValidUntil(r.Periodicity, now)
	} else if !r.ValidUntil.After(now) {
		p.Add("valid_until", "must be in the future")
	}
	r.ValidUntil = r.ValidUntil.UTC().Truncate(time.Second)
	if err := checkMetadata(r.Metadata); err != nil {
		p.Add("metadata", "%s", err.Error())
	}
}

// receiptClient resolves the receipt's client with the rules of invoices
// and keeps a snapshot of it.
func (s *Service) receiptClient(ctx context.Context, team *Team, livemode bool, r *Receipt, ref ClientRef, p *Problems, cr *Creations) error {
	snap, err := s.resolveClient(ctx, team, livemode, ref, p, cr)
	if err != nil {
		return err
	}
	c, err := s.fullClient(ctx, team.ID, livemode, snap, cr)
	if err != nil {
		return err
	}
	r.Client, r.ClientID = c, snap.ID
	return nil
}

// computeReceipt computes the receipt's lines and totals with the invoice
// routine.
func (s *Service) computeReceipt(ctx context.Context, team *Team, livemode bool, r *Receipt, items []ItemRequest, cr *Creations) error {
	lines, totals, err := s.ComputeItems(ctx, team, livemode, r.Currency, items, cr)
	if err != nil {
		return err
	}
	r.Items, r.Totals = lines, totals
	return nil
}

// FindReceipt returns a receipt of the team and mode with its URL.
// NotFound when there is none.
func (s *Service) FindReceipt(ctx context.Context, team TeamID, livemode bool, id string) (*Receipt, error) {
	r, err := s.store.FindReceiptByID(ctx, team, livemode, id)
	if err != nil {
		return nil, fmt.Errorf("find receipt %s: %w", id, err)
	}
	return r, s.readReceipt(ctx, r)
}

// readReceipt completes a stored receipt for its readers: the URL, and the
// UUID of an invoice that was still waiting for its stamp when it took the
// receipt (the background job stamped it since).
func (s *Service) readReceipt(ctx context.Context, r *Receipt) error {
	if r.Status == ReceiptCompleted && r.InvoiceUUID == "" && r.InvoiceRef != "" {
		if inv, err := s.store.FindInvoice(ctx, r.TeamID, r.Livemode, r.InvoiceRef); err == nil {
			r.InvoiceUUID = inv.UUID
		}
	}
	return s.receiptURL(ctx, r)
}

// FindReceipts returns one page of receipts, each with its URL.
func (s *Service) FindReceipts(ctx context.Context, f ReceiptFilter) ([]*Receipt, bool, int, error) {
	if f.Now.IsZero() {
		f.Now = s.now()
	}
	rs, more, total, err := s.store.FindReceipts(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("find receipts: %w", err)
	}
	for _, r := range rs {
		if err := s.readReceipt(ctx, r); err != nil {
			return nil, false, 0, err
		}
	}
	return rs, more, total, nil
}

// UpdateReceipt applies a partial update to a pending receipt and records
// receipt.updated. NotAllowed when it is no longer pending; Conflict while
// it is being invoiced; Invalid names each bad field.
func (s *Service) UpdateReceipt(ctx context.Context, team *Team, livemode bool, id string, u *ReceiptUpdate) (*Receipt, error) {
	r, err := s.FindReceipt(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ReceiptPending {
		return nil, Errorf(NotAllowed, "Receipt %s is %s and can no longer be changed", id, r.Status)
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	rate := decimal.NewNullDecimal(r.ExchangeRate)
	if u.ExchangeRate != nil {
		rate = *u.ExchangeRate
	}
	items := u.Items
	if items == nil && (u.Currency != nil || u.ExchangeRate != nil) {
		items = ItemRequests(r.Items)
	}
	for _, x := range []struct {
		from *string
		to   *string
	}{{u.Currency, &r.Currency}, {u.PaymentForm, &r.PaymentForm}, {u.Periodicity, &r.Periodicity}} {
		if x.from != nil {
			*x.to = *x.from
		}
	}
	r.Currency = strings.ToUpper(r.Currency)
	defaultValid := u.ValidUntil == nil && u.Periodicity != nil
	if u.ValidUntil != nil {
		r.ValidUntil = *u.ValidUntil
	}
	var p Problems
	if defaultValid || u.ValidUntil != nil || u.Periodicity != nil || u.Currency != nil || u.ExchangeRate != nil || u.PaymentForm != nil {
		validUntil := r.ValidUntil
		s.receiptFields(r, team, settings, rate, defaultValid, now, &p)
		if !defaultValid && u.ValidUntil == nil {
			r.ValidUntil = validUntil // unchanged, even if it has passed
			p = dropField(p, "valid_until")
		}
	}
	if u.InvoiceConfig != nil {
		r.InvoiceConfig = u.InvoiceConfig
	}
	if u.Metadata != nil {
		r.Metadata = u.Metadata
		if err := checkMetadata(r.Metadata); err != nil {
			p.Add("metadata", "%s", err.Error())
		}
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	var cr Creations
	if items != nil {
		if err := s.computeReceipt(ctx, team, livemode, r, items, &cr); err != nil {
			return nil, err
		}
	}
	switch {
	case u.ClearClient:
		r.Client, r.ClientID = nil, ""
	case u.Client != nil:
		if err := s.receiptClient(ctx, team, livemode, r, *u.Client, &p, &cr); err != nil {
			return nil, err
		}
		if err := p.Err("Invalid request body"); err != nil {
			return nil, err
		}
	}
	r.UpdatedAt = now
	if err := s.receiptURL(ctx, r); err != nil {
		return nil, err
	}
	events, err := s.creationEvents(cr)
	if err != nil {
		return nil, err
	}
	ev, err := s.newEvent(team.ID, livemode, "receipt.updated", r.ID, r)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateReceipt(ctx, r, now, &cr, append(events, ev)...); err != nil {
		return nil, receiptRefusal(err, id)
	}
	return r, nil
}

// countReceipts is how many receipts a team made in a mode (receipts_created).
func (s *Service) countReceipts(ctx context.Context, team TeamID, livemode bool) (int, error) {
	_, _, total, err := s.store.FindReceipts(ctx, ReceiptFilter{TeamID: team, Livemode: livemode, ListOptions: ListOptions{Limit: 1}})
	if err != nil {
		return 0, fmt.Errorf("count receipts: %w", err)
	}
	return total, nil
}

// checkSettingsPeriod refuses a team setting periodicity.value that is not
// a receipt periodicity, or two_months for a team outside régimen 621
// (CFDI40132, API.md §11.6).
func (s *Service) checkSettingsPeriod(ctx context.Context, team TeamID, p string) error {
	if p == "" {
		return nil
	}
	if !ValidPeriodicity(p) {
		return invalidField("periodicity.value", "must be day, week, two_weeks, month or two_months")
	}
	if p != "two_months" {
		return nil
	}
	t, err := s.store.FindTeamByID(ctx, team)
	if err != nil {
		return fmt.Errorf("team %s: %w", team, err)
	}
	if t.TaxSystem != "621" {
		return invalidField("periodicity.value", "CFDI40132: two_months is only for issuers in régimen 621")
	}
	return nil
}

func dropField(p Problems, field string) Problems {
	out := p[:0]
	for _, f := range p {
		if f.Field != field {
			out = append(out, f)
		}
	}
	return out
}

// receiptRefusal words the store's refusal of a change to a receipt.
func receiptRefusal(err error, id string) error {
	switch ErrorCode(err) {
	case NotAllowed:
		return Wrap(NotAllowed, err, fmt.Sprintf("Receipt %s is no longer pending", id))
	case Conflict:
		return Wrap(Conflict, err, fmt.Sprintf("Receipt %s is being invoiced right now", id))
	}
	return fmt.Errorf("receipt %s: %w", id, err)
}

// CancelReceipt cancels a pending receipt for good (DELETE, API.md §11.6)
// and records receipt.canceled, receipt.deleted and receipt.updated.
// NotAllowed when it is not pending; Conflict while it is being invoiced.
func (s *Service) CancelReceipt(ctx context.Context, team *Team, livemode bool, id string) (*Receipt, error) {
	r, err := s.FindReceipt(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ReceiptPending {
		return nil, Errorf(NotAllowed, "Receipt %s is %s and cannot be canceled", id, r.Status)
	}
	now := s.now().UTC()
	r.Status, r.CanceledAt, r.UpdatedAt = ReceiptCanceled, now, now
	var events []*Event
	for _, name := range []string{"receipt.canceled", "receipt.deleted", "receipt.updated"} {
		ev, err := s.newEvent(team.ID, livemode, name, r.ID, r)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	if err := s.store.UpdateReceipt(ctx, r, now, nil, events...); err != nil {
		return nil, receiptRefusal(err, id)
	}
	return r, nil
}

// receiptClaims are the signed content of a self-invoicing token.
type receiptClaims struct {
	Team     TeamID `json:"t"`
	Livemode bool   `json:"l"`
	Receipt  string `json:"r"`
	Expires  int64  `json:"e"`
}

// receiptURL sets r.URL: the self-invoicing page with a token that names
// the receipt and expires at its valid_until (API.md §9.8).
func (s *Service) receiptURL(ctx context.Context, r *Receipt) error {
	token, err := s.signLink(ctx, ReceiptSecret, receiptClaims{Team: r.TeamID, Livemode: r.Livemode, Receipt: r.ID, Expires: r.ValidUntil.Unix()})
	if err != nil {
		return err
	}
	r.URL = "/autofactura?" + url.Values{"id": {r.ID}, "token": {token}}.Encode()
	return nil
}

// OpenReceiptLink checks a self-invoicing token for the receipt id and
// returns the receipt and its team. NotFound when the token is malformed,
// forged or names another receipt; NotFound wrapping ErrLinkExpired when
// its time is up and the receipt is still pending (an invoiced receipt
// stays viewable, so its customer can download the invoice).
func (s *Service) OpenReceiptLink(ctx context.Context, id, token string) (*Receipt, *Team, error) {
	invalid := Errorf(NotFound, "This link is not valid")
	var c receiptClaims
	if ok, err := s.openLink(ctx, ReceiptSecret, token, &c); err != nil {
		return nil, nil, err
	} else if !ok || c.Receipt != id {
		return nil, nil, invalid
	}
	r, err := s.store.FindReceiptByID(ctx, c.Team, c.Livemode, c.Receipt)
	if ErrorCode(err) == NotFound {
		return nil, nil, invalid
	} else if err != nil {
		return nil, nil, err
	}
	if r.Status == ReceiptPending && s.now().Unix() > c.Expires {
		return nil, nil, Wrap(NotFound, ErrLinkExpired, "This link has expired")
	}
	t, err := s.store.FindTeamByID(ctx, c.Team)
	if err != nil {
		return nil, nil, fmt.Errorf("receipt team: %w", err)
	}
	return r, t, s.receiptURL(ctx, r)
}
