package sello

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// receiptLease is how long a claim on a receipt (or on a period's global
// invoice) keeps others away: longer than any stamping attempt, so that a
// claim is only taken over from a process that died.
const receiptLease = 5 * time.Minute

// The receivers a receipt may be stamped to (API.md §10 stamp_to).
const (
	StampToClient          = "client"
	StampToPublicNational  = "general_public_national"
	StampToPublicForeign   = "general_public_foreign"
	foreignPublicLegalName = "CLIENTE EXTRANJERO"
)

// ReceiptStamp is how to invoice a receipt (POST /receipts/{id}/stamp, and
// the self-invoicing page).
type ReceiptStamp struct {
	// StampTo is client, general_public_national or general_public_foreign;
	// empty means client when the receipt's client has an RFC, else
	// general_public_national.
	StampTo string
	// Client, when set, names the receptor as invoices do (a stored client
	// by id, a search, or inline fields), instead of the receipt's client.
	Client *ClientRef
	// Fiscal, when set, is the receptor (fiscal_information): a new client
	// is stored from it. Client or Fiscal is required for client when the
	// receipt has no client with an RFC.
	Fiscal *Client
	// From is "portal" for the self-invoicing page, else "api".
	From string
}

// StampReceipt issues the PUE income invoice of a pending receipt through
// the invoice flow, links both ways and completes the receipt, recording
// receipt.stamped, receipt.completed and receipt.updated with the
// invoice's events, all in one transaction. A receipt is invoiced at most
// once: it is claimed in the store first, so concurrent attempts (the API
// and the page at once) get Conflict, or NotAllowed once it is completed.
// Invalid names each bad field; the receipt stays pending on any error.
func (s *Service) StampReceipt(ctx context.Context, team *Team, livemode bool, id string, st ReceiptStamp) (*Receipt, *Invoice, error) {
	r, err := s.FindReceipt(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, nil, err
	}
	if r.Status != ReceiptPending {
		return nil, nil, Errorf(NotAllowed, "Receipt %s is %s and cannot be stamped", id, r.Status)
	}
	ref, err := stampReceiver(r, st)
	if err != nil {
		return nil, nil, err
	}
	if err := team.CheckIssuer(); err != nil {
		return nil, nil, err // before the receipt is claimed and the customer stored
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	holder := s.ids.New("invoice_")
	claimed, err := s.store.ClaimReceipt(ctx, team.ID, livemode, id, holder, now, now.Add(receiptLease))
	if err != nil {
		return nil, nil, receiptRefusal(err, id)
	}
	inv, err := s.stampClaimed(ctx, team, livemode, claimed, ref, st, settings)
	if err != nil && !errors.Is(err, errIssuingLeft) {
		s.releaseReceipts(ctx, team.ID, livemode, holder, id)
		return nil, nil, err
	}
	if err != nil {
		return nil, nil, err // recovery completes the receipt with its invoice
	}
	s.sendAfterIssue(ctx, team, inv, settings)
	done, err := s.FindReceipt(ctx, team.ID, livemode, id)
	return done, inv, err
}

// stampReceiver resolves stamp_to and fiscal_information into the
// invoice's client.
func stampReceiver(r *Receipt, st ReceiptStamp) (ClientRef, error) {
	to := st.StampTo
	hasRFC := r.Client != nil && r.Client.TaxID != "" && r.Client.TaxID != PublicRFC
	if to == "" {
		to = StampToPublicNational
		if hasRFC || st.Fiscal != nil || st.Client != nil {
			to = StampToClient
		}
	}
	switch to {
	case StampToClient:
		switch {
		case st.Client != nil && st.Fiscal == nil:
			return *st.Client, nil
		case st.Fiscal != nil:
			c := *st.Fiscal
			c.From = st.From
			if r.Client != nil {
				c.Name, c.Email = r.Client.Name, firstNonEmpty(c.Email, r.Client.Email)
			}
			return ClientRef{Inline: &c}, nil
		case hasRFC:
			return ClientRef{ID: r.ClientID}, nil
		}
		return ClientRef{}, &Error{Code: Invalid, Message: "Invalid request body",
			Fields: []FieldError{{Field: "fiscal_information", Problem: "is required (or client) to stamp to a client when the receipt has no client with an RFC", Missing: true}}}
	case StampToPublicNational:
		return ClientRef{}, nil
	case StampToPublicForeign:
		name := foreignPublicLegalName
		if r.Client != nil && r.Client.LegalName != "" {
			name = r.Client.LegalName
		}
		return ClientRef{Inline: &Client{Name: name, LegalName: name, TaxID: ForeignRFC, TaxSystem: publicTaxSystem,
			Use: publicUse, From: st.From}}, nil
	}
	return ClientRef{}, invalidField("stamp_to", "must be client, general_public_national or general_public_foreign")
}

// stampClaimed issues the invoice of a receipt the caller holds, as
// holder, storing it and completing the receipt in one transaction.
func (s *Service) stampClaimed(ctx context.Context, team *Team, livemode bool, r *Receipt, ref ClientRef, st ReceiptStamp, settings *TeamSettings) (*Invoice, error) {
	req := &InvoiceRequest{Type: "I", Client: ref, Items: ItemRequests(r.Items), PaymentMethod: "PUE",
		PaymentForm: r.PaymentForm, Currency: r.Currency, ReceiptID: r.ID, PaymentID: r.PaymentID, From: st.From}
	if r.Currency != "MXN" && r.Currency != "XXX" {
		req.ExchangeRate.Decimal, req.ExchangeRate.Valid = r.ExchangeRate, true
	}
	var folio int64
	if c := r.InvoiceConfig; c != nil {
		req.Series, folio = c.Serie, c.Folio
	}
	plan, err := s.planInvoice(ctx, team, livemode, req, settings)
	if err != nil {
		return nil, err
	}
	plan.inv.ID = r.Holder
	plan.receipts = []*Receipt{r}
	inv, err := s.issue(ctx, team, livemode, plan, folio, nil)
	if err != nil {
		return nil, fmt.Errorf("stamp receipt %s: %w", r.ID, err)
	}
	return inv, nil
}

// StampPendingReceipts stamps every pending receipt of a client to that
// client (POST /clients/{id}/stamp-pending-receipts) and returns the
// receipts it completed. It stops at the first error, keeping what was
// done. NotFound when the client does not exist.
func (s *Service) StampPendingReceipts(ctx context.Context, team *Team, livemode bool, clientID string) ([]*Receipt, error) {
	if _, err := s.FindClientByID(ctx, team.ID, livemode, clientID); err != nil {
		return nil, err
	}
	var out []*Receipt
	for {
		f := ReceiptFilter{TeamID: team.ID, Livemode: livemode, Status: ReceiptPending, ClientID: clientID,
			ListOptions: ListOptions{Limit: 100}}
		rs, _, _, err := s.FindReceipts(ctx, f)
		if err != nil {
			return out, err
		}
		progress := false
		for _, r := range rs {
			done, _, err := s.StampReceipt(ctx, team, livemode, r.ID, ReceiptStamp{StampTo: StampToClient, From: "api"})
			switch ErrorCode(err) {
			case "":
				out, progress = append(out, done), true
			case NotAllowed, Conflict: // taken meanwhile by someone else
			default:
				return out, err
			}
		}
		if !progress {
			return out, nil
		}
	}
}

// releaseReceipts gives back the receipts holder claimed for an invoice
// that will not be issued (the claim ends by itself when this fails).
func (s *Service) releaseReceipts(ctx context.Context, team TeamID, livemode bool, holder string, ids ...string) {
	if len(ids) == 0 {
		return
	}
	if err := s.store.ReleaseReceipts(context.WithoutCancel(ctx), team, livemode, holder, ids...); err != nil {
		s.logger().Warn("cannot release receipts", "holder", holder, "receipts", ids, "err", err)
	}
}

// receiptIDs are the ids of rs.
func receiptIDs(rs []*Receipt) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}
