package sello

import (
	"context"
	"fmt"
	"strings"
)

// SendInvoice e-mails an invoice's PDF and XML to emails, or when empty to
// the client's e-mail plus its bcc and the team's invoices_bcc setting, and
// records invoice.sent. NotAllowed for drafts and pending invoices; Rejected
// when there is no recipient; ExternalService when the mail server fails.
func (s *Service) SendInvoice(ctx context.Context, team *Team, livemode bool, idOrUUID string, emails []string) (*SendResult, error) {
	inv, err := s.FindInvoice(ctx, team.ID, livemode, idOrUUID)
	if err != nil {
		return nil, err
	}
	if inv.UUID == "" {
		return nil, Errorf(NotAllowed, "A %s invoice cannot be sent", inv.Status)
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	return s.send(ctx, team, inv, emails, settings)
}

// sendAfterIssue e-mails a new invoice when the request asked for it and
// the team's settings allow it: the invoice's JobEmail, opened by the
// commit that stamped it, is claimed and run at once. If another worker
// holds it, that worker sends it; if this process dies before the e-mail
// is sent, a worker sends it after the lease. A failure is logged and
// retried by the worker, never returned: it does not fail the creation
// (API.md §11.4).
func (s *Service) sendAfterIssue(ctx context.Context, team *Team, inv *Invoice, settings *TeamSettings) {
	if !inv.SendEmail || inv.UUID == "" {
		return
	}
	j := s.claimNow(ctx, emailJobID(inv.ID), JobEmail)
	if j == nil {
		return
	}
	if err := s.mail(ctx, j, team, inv, settings); err != nil {
		s.logger().Warn("invoice e-mail not sent; will retry", "invoice", inv.ID, "err", err)
	}
}

// emailJobID is the id of an invoice's JobEmail.
func emailJobID(invoiceID string) string { return "job_mail_" + invoiceID }

// maxEmailAttempts bounds the attempts of an invoice's e-mail: the delays
// of retryDelay add up to about an hour and a half, then the job ends with
// its last error (the invoice can still be sent through the API).
const maxEmailAttempts = 6

// runEmailJob runs an invoice's JobEmail claimed by the worker.
func (s *Service) runEmailJob(ctx context.Context, j *Job) error {
	inv, err := s.store.FindInvoice(ctx, j.TeamID, j.Livemode, j.Ref)
	if ErrorCode(err) == NotFound {
		return s.endJob(ctx, j, "the invoice no longer exists")
	} else if err != nil {
		return err // claimed again after the lease
	}
	team, err := s.store.FindTeamByID(ctx, j.TeamID)
	if err != nil {
		return err
	}
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return err
	}
	return s.mail(ctx, j, team, inv, settings)
}

// mail sends the e-mail of a claimed JobEmail and ends the job: sent, not
// to be sent (the team's settings), or failed for good (a refusal, or the
// last attempt: logged, the job keeps the error); a passing failure
// schedules the next attempt and is returned.
func (s *Service) mail(ctx context.Context, j *Job, team *Team, inv *Invoice, settings *TeamSettings) error {
	ctx = context.WithoutCancel(ctx)
	var err error
	why := "" // why it ends unsent
	switch {
	case settings.Emails.AvoidInvoiceEmails || (!inv.Livemode && settings.Emails.AvoidTestInvoiceEmails):
		why = "not sent: the team's settings avoid invoice e-mails"
	case inv.Status != InvoiceValid && inv.Status != InvoiceCanceled:
		why = fmt.Sprintf("not sent: the invoice is %s", inv.Status)
	default:
		_, err = s.send(ctx, team, inv, inv.Emails, settings)
	}
	switch code := ErrorCode(err); {
	case err == nil:
	case code == Rejected, code == Invalid, code == NotAllowed:
		why = err.Error()
		s.logger().Warn("invoice e-mail not sent", "invoice", inv.ID, "err", err)
	default:
		ended, uerr := s.retryJob(ctx, j, err, maxEmailAttempts)
		if uerr != nil {
			return uerr
		}
		if ended {
			s.logger().Warn("invoice e-mail given up", "invoice", inv.ID, "err", j.LastError)
			return nil
		}
		return err // a passing failure: the job runs again at RunAt
	}
	j.Attempts++
	return s.endJob(ctx, j, why)
}

func (s *Service) send(ctx context.Context, team *Team, inv *Invoice, emails []string, settings *TeamSettings) (*SendResult, error) {
	var to, bcc []string
	seen := map[string]bool{}
	add := func(dst *[]string, addrs ...string) {
		for _, a := range addrs {
			a = strings.TrimSpace(a)
			if a != "" && !seen[strings.ToLower(a)] {
				seen[strings.ToLower(a)] = true
				*dst = append(*dst, a)
			}
		}
	}
	if len(emails) > 0 {
		add(&to, emails...)
	} else {
		add(&to, inv.Client.Email)
		if inv.ClientID != "" {
			if c, err := s.store.FindClientByID(ctx, inv.TeamID, inv.Livemode, inv.ClientID); err == nil {
				if len(to) == 0 {
					add(&to, c.Email)
				}
				add(&bcc, c.BCC...)
			}
		}
	}
	add(&bcc, settings.Emails.InvoicesBCC...)
	if len(to) == 0 && len(bcc) == 0 {
		return nil, Errorf(Rejected, "The invoice has no recipient: give emails or a client e-mail")
	}
	pdfBytes, err := s.InvoicePDF(ctx, inv)
	if err != nil {
		return nil, err
	}
	names := []string{inv.UUID + ".pdf", inv.UUID + ".xml"}
	name := team.LegalName
	if team.Brand.Alias != "" {
		name = team.Brand.Alias
	}
	m := &Mail{
		To: to, Bcc: bcc, ReplyTo: team.SupportEmail,
		Subject: fmt.Sprintf("Factura %s%d de %s", inv.Series, inv.Folio, name),
		Text: fmt.Sprintf("Hola,\n\nTe enviamos la factura %s%d (folio fiscal %s) por %s %s de %s.\n"+
			"Adjuntamos el PDF y el XML.\n", inv.Series, inv.Folio, inv.UUID,
			inv.Total.StringFixed(currencyDecimals(inv.Currency)), inv.Currency, name),
		Attach: []Attachment{
			{Name: names[0], ContentType: "application/pdf", Data: pdfBytes},
			{Name: names[1], ContentType: "application/xml", Data: inv.XML},
		},
	}
	if s.mailer != nil {
		if err := s.mailer.Send(ctx, m); err != nil {
			if ErrorCode(err) == Internal {
				err = Wrap(ExternalService, err, "The mail server did not take the message")
			}
			return nil, err
		}
	} else {
		s.logger().Info("no mail server configured; invoice e-mail recorded, not sent", "invoice", inv.ID, "to", len(to)+len(bcc))
	}
	ev, err := s.newEvent(inv.TeamID, inv.Livemode, "invoice.sent", inv.ID, inv)
	if err == nil {
		err = s.store.RecordEvent(ctx, ev)
	}
	if err != nil {
		return nil, fmt.Errorf("record invoice.sent: %w", err)
	}
	return &SendResult{Recipients: append(to, bcc...), Attachments: names}, nil
}
