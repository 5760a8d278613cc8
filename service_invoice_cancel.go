package sello

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/sello-mx/sello/sat"
)

// cancelPoll is how often a pending cancellation is asked about.
const cancelPoll = time.Minute

// CancelInvoice asks for the cancellation of a valid invoice with a motive
// (01–04; 01 needs substitution, a valid invoice of the team that relates
// to this one with relationship 04). NotAllowed for a draft, a pending or
// canceled invoice or one whose cancellation is pending; Rejected (listing
// their UUIDs) while live documents relate to it.
func (s *Service) CancelInvoice(ctx context.Context, team *Team, livemode bool, idOrUUID, motive, substitution string) (*Invoice, error) {
	inv, err := s.FindInvoice(ctx, team.ID, livemode, idOrUUID)
	if err != nil {
		return nil, err
	}
	switch {
	case inv.Status == InvoiceDraft, inv.Status == InvoicePending:
		return nil, Errorf(NotAllowed, "A %s invoice cannot be cancelled", inv.Status)
	case inv.Status == InvoiceCanceled:
		return nil, Errorf(NotAllowed, "The invoice is already cancelled")
	case inv.CancellationStatus == CancellationPending:
		return nil, Errorf(NotAllowed, "The invoice's cancellation is already pending")
	}
	var p Problems
	if motive == "" {
		p.Missing("motive")
	} else if _, ok := sat.Lookup(sat.MotivoCancelacion, motive); !ok {
		p.Add("motive", "must be a c_MotivoCancelacion code: 01, 02, 03 or 04")
	}
	substitution = strings.ToUpper(strings.TrimSpace(substitution))
	if motive == "01" && substitution == "" {
		p.Missing("substitution_uuid")
	} else if motive != "01" && substitution != "" {
		p.Add("substitution_uuid", "is only for motive 01")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if motive == "01" {
		if err := s.checkSubstitute(ctx, inv, substitution); err != nil {
			return nil, err
		}
	}
	if err := s.checkNoLiveRelated(ctx, inv, substitution); err != nil {
		return nil, err
	}
	stamper := s.stamper(livemode)
	if stamper == nil {
		return nil, noStamper(livemode)
	}
	signer, err := s.signerFor(ctx, team, livemode)
	if err != nil {
		return nil, err
	}
	key, err := x509.MarshalPKCS8PrivateKey(signer.PrivateKey())
	if err != nil {
		return nil, Wrap(Internal, err, "cannot export the CSD key")
	}
	req := CancelRequest{UUID: inv.UUID, EmisorRFC: team.TaxID, ReceptorRFC: inv.Client.TaxID,
		Total: inv.Total.StringFixed(currencyDecimals(inv.Currency)), Motive: motive, Substitution: substitution,
		Certificate: signer.X509.Raw, Key: key}
	res, err := stamper.Cancel(ctx, req)
	if err != nil {
		return nil, err
	}
	inv.CancellationMotive, inv.SubstitutionUUID = motive, substitution
	events, err := s.applyCancellation(inv, res)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateInvoice(ctx, inv, InvoiceValid, events...); err != nil {
		if ErrorCode(err) == Conflict {
			return nil, Wrap(NotAllowed, err, "The invoice changed meanwhile; try again")
		}
		return nil, fmt.Errorf("store cancellation: %w", err)
	}
	return inv, nil
}

// applyCancellation records a provider's answer on inv and returns the
// events it causes.
func (s *Service) applyCancellation(inv *Invoice, res *Cancellation) ([]*Event, error) {
	now := s.now()
	inv.UpdatedAt = now
	if len(res.Acuse) > 0 {
		inv.CancellationReceipt = res.Acuse
	}
	switch res.Status {
	case CancellationAccepted:
		at := res.At
		if at.IsZero() {
			at = now
		}
		inv.Status, inv.CancellationStatus, inv.CanceledAt, inv.NextStampAt = InvoiceCanceled, CancellationAccepted, at, time.Time{}
		ev, err := s.newEvent(inv.TeamID, inv.Livemode, "invoice.canceled", inv.ID, inv)
		if err != nil {
			return nil, err
		}
		return []*Event{ev}, nil
	case CancellationPending:
		inv.CancellationStatus, inv.NextStampAt = CancellationPending, now.Add(cancelPoll)
	default:
		inv.CancellationStatus, inv.NextStampAt = CancellationRejected, time.Time{}
	}
	return nil, nil
}

// checkSubstitute checks that the substitute of a motive-01 cancellation is
// a valid invoice of the team that relates to inv with relationship 04.
func (s *Service) checkSubstitute(ctx context.Context, inv *Invoice, uuid string) error {
	sub, err := s.store.FindInvoice(ctx, inv.TeamID, inv.Livemode, uuid)
	if ErrorCode(err) == NotFound {
		return fieldRule("substitution_uuid", "no invoice of the team has this UUID")
	} else if err != nil {
		return err
	}
	if sub.Status != InvoiceValid {
		return fieldRule("substitution_uuid", "the substitute invoice is not valid")
	}
	for _, r := range sub.Related {
		if r.Relationship != "04" {
			continue
		}
		for _, u := range r.Documents {
			if strings.EqualFold(u, inv.UUID) {
				return nil
			}
		}
	}
	return fieldRule("substitution_uuid", "the substitute must relate to this invoice with relationship 04")
}

// checkNoLiveRelated refuses to cancel an invoice that valid payment
// complements or credit notes still cite (except the motive-01 substitute).
func (s *Service) checkNoLiveRelated(ctx context.Context, inv *Invoice, substitute string) error {
	var live []string
	pays, _, _, err := s.store.FindInvoices(ctx, InvoiceFilter{TeamID: inv.TeamID, Livemode: inv.Livemode,
		Types: []string{"P"}, Statuses: []InvoiceStatus{InvoiceValid}, PaysInvoice: inv.UUID, ListOptions: ListOptions{Limit: 100}})
	if err != nil {
		return fmt.Errorf("find complements: %w", err)
	}
	for _, x := range pays {
		live = append(live, x.UUID)
	}
	f := InvoiceFilter{TeamID: inv.TeamID, Livemode: inv.Livemode, Statuses: []InvoiceStatus{InvoiceValid},
		Types: []string{"I", "E"}, ClientID: inv.ClientID, ListOptions: ListOptions{Limit: 100}}
	for {
		page, more, _, err := s.store.FindInvoices(ctx, f)
		if err != nil {
			return fmt.Errorf("find related invoices: %w", err)
		}
		for _, x := range page {
			if x.UUID == substitute || x.ID == inv.ID {
				continue
			}
			for _, r := range x.Related {
				for _, u := range r.Documents {
					if strings.EqualFold(u, inv.UUID) {
						live = append(live, x.UUID)
					}
				}
			}
		}
		if !more || len(page) == 0 {
			break
		}
		last := page[len(page)-1]
		f.After = &Cursor{Key: fmt.Sprint(last.CreatedAt.UnixNano()), ID: last.ID}
	}
	if len(live) == 0 {
		return nil
	}
	e := Errorf(Rejected, "Cancel the documents related to this invoice first: %s", strings.Join(live, ", "))
	for _, u := range live {
		e.Fields = append(e.Fields, FieldError{Field: "related_documents", Problem: u})
	}
	return e
}
