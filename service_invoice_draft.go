package sello

import (
	"context"
	"fmt"
	"strings"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pdf"
)

// SaveDraft stores a draft (id "" creates one) made from req, whose raw API
// JSON is kept so that stamping it later runs the full flow. Only types and
// formats are checked here; the lines, client and totals are shown as far as
// they can be resolved, and the full checks run at stamp time.
func (s *Service) SaveDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest, raw []byte) (*Invoice, error) {
	var prev *Invoice
	if id != "" {
		var err error
		if prev, err = s.findDraft(ctx, team.ID, livemode, id); err != nil {
			return nil, err
		}
	}
	var newID string
	if prev == nil {
		var done *Invoice
		var err error
		if newID, done, err = s.keyedInvoice(ctx, team.ID, livemode); err != nil || done != nil {
			return done, err
		}
	}
	inv := s.draftView(ctx, team, livemode, req)
	now := s.now()
	inv.Status, inv.Draft, inv.CreatedAt, inv.UpdatedAt = InvoiceDraft, raw, now, now
	if prev == nil {
		inv.ID = newID
		ev, err := s.newEvent(team.ID, livemode, "invoice.created", inv.ID, inv)
		if err != nil {
			return nil, err
		}
		if err := s.store.CreateInvoice(ctx, inv, nil, ev); err != nil {
			return nil, fmt.Errorf("store draft: %w", err)
		}
		return inv, nil
	}
	inv.ID, inv.CreatedAt, inv.PreviewPDF = prev.ID, prev.CreatedAt, prev.PreviewPDF
	if err := s.store.UpdateInvoice(ctx, inv, InvoiceDraft); err != nil {
		return nil, draftGone(err)
	}
	return inv, nil
}

// draftView resolves what it can of a draft without creating anything and
// without failing: the client snapshot when it is a stored client, and the
// computed lines when they are complete.
func (s *Service) draftView(ctx context.Context, team *Team, livemode bool, req *InvoiceRequest) *Invoice {
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		settings = defaultTeamSettings()
	}
	typ := strings.ToUpper(req.Type)
	if typ == "" {
		typ = "I"
	}
	inv := &Invoice{TeamID: team.ID, Livemode: livemode, Type: typ, Currency: strings.ToUpper(req.Currency),
		PaymentMethod: req.PaymentMethod, PaymentForm: req.PaymentForm, Use: req.Use, Series: req.Series,
		Metadata: req.Metadata, SendEmail: req.SendEmail, Emails: req.Emails, From: "api", AutomationType: "none"}
	if plan, c, err := s.computeDraft(ctx, team, livemode, req, settings); err == nil {
		fillFromDocument(plan.inv, c)
		plan.inv.Folio = 0
		inv = plan.inv
	}
	if req.Client.ID != "" && inv.ClientID == "" {
		inv.ClientID = req.Client.ID
	}
	if c := req.Client.Inline; req.Client.ID == "" && c != nil && c.TaxID != "" {
		// Shown as given; the client is created when the draft is stamped.
		inv.Client = InvoiceClient{Name: c.Name, LegalName: c.LegalName, TaxID: strings.ToUpper(c.TaxID),
			TaxSystem: c.TaxSystem, Use: c.Use, Email: c.Email, Zip: c.Address.Zip}
	}
	if inv.PDFNotes == "" && req.PDFNotes != nil {
		inv.PDFNotes = *req.PDFNotes
	}
	return inv
}

func (s *Service) findDraft(ctx context.Context, team TeamID, livemode bool, id string) (*Invoice, error) {
	inv, err := s.FindInvoice(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if inv.Status != InvoiceDraft {
		return nil, Errorf(NotAllowed, "Invoice %s is not a draft", id)
	}
	return inv, nil
}

func draftGone(err error) error {
	if ErrorCode(err) == Conflict {
		return Wrap(NotAllowed, err, "The invoice is no longer a draft")
	}
	return err
}

// StampDraft runs the full flow on a draft (req decoded from its stored
// JSON) and turns it into the issued invoice, keeping its id. NotAllowed for
// an invoice that is not a draft.
func (s *Service) StampDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest) (*Invoice, error) {
	d, err := s.findDraft(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, err
	}
	if err := team.CheckIssuer(); err != nil {
		return nil, err // before anything is planned
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	plan, err := s.planInvoice(ctx, team, livemode, req, settings)
	if err != nil {
		return nil, err
	}
	inv, err := s.issue(ctx, team, livemode, plan, req.Folio, d)
	if err != nil {
		return nil, draftGone(err)
	}
	s.sendAfterIssue(ctx, team, inv, settings)
	return inv, nil
}

// DeleteDraft removes a draft. NotFound when there is no such draft.
func (s *Service) DeleteDraft(ctx context.Context, team *Team, livemode bool, id string) error {
	d, err := s.findDraft(ctx, team.ID, livemode, id)
	if err != nil {
		return err
	}
	// No event: API.md §13.1 has none for a removed draft.
	if err := s.store.DeleteDraft(ctx, team.ID, livemode, d.ID); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// computeDraft computes a draft's document as far as its request allows,
// without creating anything: an inline client and a service search's
// auto_create wait until the draft is stamped. Folio and seal stay empty.
func (s *Service) computeDraft(ctx context.Context, team *Team, livemode bool, req *InvoiceRequest, settings *TeamSettings) (*invoicePlan, *cfdi.Comprobante, error) {
	r := *req
	if r.Client.ID == "" {
		r.Client = ClientRef{}
	}
	r.Items = make([]ItemRequest, len(req.Items))
	for i, it := range req.Items {
		if it.Search != nil {
			it.Search = &ItemSearch{OnKey: it.Search.OnKey, OnValue: it.Search.OnValue}
		}
		r.Items[i] = it
	}
	plan, err := s.planInvoice(ctx, team, livemode, &r, settings)
	if err != nil {
		return nil, nil, err
	}
	zone, err := s.zoneOf(ctx, team.Zip)
	if err != nil {
		return nil, nil, err
	}
	plan.draft.Fecha = fechaIn(s.now(), zone)
	c, err := cfdi.Compute(plan.draft)
	if err != nil {
		return nil, nil, computeProblem(err)
	}
	c.Folio = ""
	return plan, c, nil
}

// PreviewDraft renders a draft as a PDF marked "Sin validez fiscal" and
// stores it as the draft's preview. The draft is computed and validated as
// far as it can be, but neither sealed nor stamped.
func (s *Service) PreviewDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest) (*DraftPreview, error) {
	d, err := s.findDraft(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, err
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	_, c, err := s.computeDraft(ctx, team, livemode, req, settings)
	if err != nil {
		return nil, err
	}
	b, err := s.renderPDF(ctx, d, c, pdf.DraftWatermark)
	if err != nil {
		return nil, err
	}
	d.PreviewPDF, d.UpdatedAt = b, s.now()
	if err := s.store.UpdateInvoice(ctx, d, InvoiceDraft); err != nil {
		return nil, draftGone(err)
	}
	return &DraftPreview{ID: d.ID, PDF: b}, nil
}
