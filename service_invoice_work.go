package sello

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"
)

// runInvoiceJob takes a pending invoice's stamping, or its pending
// cancellation, one step further: it stamps the invoice (asking the
// provider first whether it already stamped it, so none is stamped twice)
// or asks about the cancellation. Writing the invoice writes its job: the
// next attempt's time, or done. A job whose invoice has nothing left to do
// ends.
func (s *Service) runInvoiceJob(ctx context.Context, j *Job) error {
	inv, err := s.store.FindInvoice(ctx, j.TeamID, j.Livemode, j.Ref)
	switch {
	case ErrorCode(err) == NotFound:
		return s.endJob(ctx, j, "the invoice no longer exists")
	case err != nil:
		return err // claimed again when the lease ends
	case inv.NextStampAt.IsZero():
		return s.endJob(ctx, j, j.LastError)
	case inv.Status == InvoicePending:
		err = s.finishStamp(ctx, inv)
	case inv.CancellationStatus == CancellationPending:
		err = s.pollCancellation(ctx, inv)
	default:
		return s.endJob(ctx, j, j.LastError)
	}
	if err != nil {
		return err // claimed again when the lease ends
	}
	// Writing the invoice wrote the job's next due time, or deleted the job
	// when the invoice has nothing left to do; the claim ends here.
	if err := s.store.ReleaseJob(ctx, j); err != nil && ErrorCode(err) != NotFound {
		return err
	}
	return nil
}

// finishStamp takes a pending invoice one step further.
func (s *Service) finishStamp(ctx context.Context, inv *Invoice) error {
	stamper := s.stamper(inv.Livemode)
	if stamper == nil {
		return s.retryLater(ctx, inv, "no stamping provider is configured")
	}
	st, _, err := stampOnce(ctx, stamper, inv.XML)
	switch {
	case err == nil:
		applyStamp(inv, st, "")
		inv.UpdatedAt = s.now()
		ev, err := s.newEvent(inv.TeamID, inv.Livemode, "invoice.stamped", inv.ID, inv)
		if err != nil {
			return err
		}
		if err := s.store.UpdateInvoice(ctx, inv, InvoicePending, ev); err != nil {
			return fmt.Errorf("store stamped invoice %s (uuid %s): %w", inv.ID, inv.UUID, err)
		}
		s.sendAfterBackgroundIssue(ctx, inv)
		return nil
	case ErrorCode(err) == StampRejected:
		// The provider refuses the document: it goes back to being a draft
		// (fix and stamp it again) and its folio is given back.
		s.recordFailed(ctx, inv, err)
		claim := FolioClaim{TeamID: inv.TeamID, Livemode: inv.Livemode, Series: inv.Series, Folio: inv.Folio}
		inv.Status, inv.XML, inv.Folio, inv.StampError, inv.NextStampAt = InvoiceDraft, nil, 0, err.Error(), time.Time{}
		inv.UpdatedAt = s.now()
		if err := s.store.UpdateInvoice(ctx, inv, InvoicePending); err != nil {
			return err
		}
		return s.store.ReturnFolio(ctx, claim)
	default:
		return s.retryLater(ctx, inv, err.Error())
	}
}

// maxStampAttempts bounds the stamping attempts of a pending invoice whose
// provider does not answer (about eight hours of retryDelay). Past it the
// worker gives up: the invoice stays pending with no next attempt and its
// stamp_error says so, its folio stays taken (the provider may have stamped
// it without answering), and invoice.failed is recorded. API.md §10: a
// stored invoice is never failed.
const maxStampAttempts = 12

// retryLater schedules the next attempt of a pending invoice's stamping or
// cancellation query, or ends a stamping that used up its attempts.
func (s *Service) retryLater(ctx context.Context, inv *Invoice, why string) error {
	inv.StampAttempts++
	inv.StampError, inv.UpdatedAt = why, s.now()
	if inv.Status == InvoicePending && inv.StampAttempts >= maxStampAttempts {
		inv.NextStampAt, inv.StampError = time.Time{}, gaveUp(inv.StampAttempts, why)
		failed := *inv
		failed.Status = InvoiceFailed
		ev, err := s.newEvent(inv.TeamID, inv.Livemode, "invoice.failed", inv.ID, &failed)
		if err != nil {
			return err
		}
		return s.store.UpdateInvoice(ctx, inv, InvoicePending, ev)
	}
	inv.NextStampAt = s.now().Add(retryDelay(inv.StampAttempts))
	return s.store.UpdateInvoice(ctx, inv, inv.Status)
}

// pollCancellation asks the provider how a pending cancellation stands.
func (s *Service) pollCancellation(ctx context.Context, inv *Invoice) error {
	stamper := s.stamper(inv.Livemode)
	team, err := s.store.FindTeamByID(ctx, inv.TeamID)
	if err != nil || stamper == nil {
		return s.retryLater(ctx, inv, "cannot ask about the cancellation yet")
	}
	signer, err := s.signerFor(ctx, team, inv.Livemode)
	if err != nil {
		return s.retryLater(ctx, inv, err.Error())
	}
	key, err := x509.MarshalPKCS8PrivateKey(signer.PrivateKey())
	if err != nil {
		return err
	}
	res, err := stamper.CancellationStatus(ctx, CancelRequest{UUID: inv.UUID, EmisorRFC: team.TaxID,
		ReceptorRFC: inv.Client.TaxID, Total: inv.Total.StringFixed(currencyDecimals(inv.Currency)),
		Motive: inv.CancellationMotive, Substitution: inv.SubstitutionUUID, Certificate: signer.X509.Raw, Key: key})
	if err != nil {
		return s.retryLater(ctx, inv, err.Error())
	}
	events, err := s.applyCancellation(inv, res)
	if err != nil {
		return err
	}
	return s.store.UpdateInvoice(ctx, inv, InvoiceValid, events...)
}

// sendAfterBackgroundIssue e-mails an invoice stamped in the background (a
// pending one, or one recovery stored) as its request would have: the team
// and its settings are read for it; a failure to read them sends nothing.
func (s *Service) sendAfterBackgroundIssue(ctx context.Context, inv *Invoice) {
	team, err := s.store.FindTeamByID(ctx, inv.TeamID)
	if err != nil {
		return
	}
	if settings, err := s.TeamSettings(ctx, inv.TeamID); err == nil {
		s.sendAfterIssue(ctx, team, inv, settings)
	}
}
