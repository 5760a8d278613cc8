package sello

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Fecha is Mexico City time on any host

	"github.com/sello-mx/sello/cfdi"
)

// folioHold is how long a reserved folio waits for its invoice before it is
// handed out again, when no process record holds it (a Service without
// StartProcess). A recorded process's reservations never expire
// (heldUntilReleased): its invoice's commit or a release ends them, and
// recovery hands them back when the process dies (service_recover.go).
const folioHold = 10 * time.Minute

// heldUntilReleased is the expiry of a recorded process's reservations.
var heldUntilReleased = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// CreateInvoice runs the invoicing flow of API.md §11.4 for team in a mode:
// resolve the client and items, compute, validate, seal with the team's CSD
// (the sandbox CSD in test mode when none was uploaded), stamp, store the
// stamped XML and record invoice.created and invoice.stamped. The invoice
// comes back valid, or pending when the stamping provider could not be
// reached (a background job finishes it). Errors: Invalid (a bad field,
// naming it, or a CFDI rule with FieldError.SATCode), Rejected (a business
// rule), StampRejected (the provider refused it: nothing stored).
func (s *Service) CreateInvoice(ctx context.Context, team *Team, livemode bool, req *InvoiceRequest) (*Invoice, error) {
	id, done, err := s.keyedInvoice(ctx, team.ID, livemode)
	if err != nil {
		return nil, err
	}
	if done != nil {
		// The run that stored it may have died before its jobs ran.
		s.repairInvoicePayment(ctx, done)
		return done, nil
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
	plan.inv.ID = id
	if err := s.planInvoicePayment(plan); err != nil {
		return nil, err
	}
	inv, err := s.issue(ctx, team, livemode, plan, req.Folio, nil)
	if err != nil {
		return nil, err
	}
	for _, j := range plan.jobs { // opened by the invoice's commit, held by this request
		s.runHeld(ctx, j, s.runInvoicePaymentJob)
	}
	s.sendAfterIssue(ctx, team, inv, settings)
	return inv, nil
}

// keyedInvoice returns the id of the invoice a request creates and, when
// the request carries an idempotency key and already ran — its process
// died before answering and recovery freed the key, or a 5xx released it —
// the invoice that run stored, which is the answer, whatever became of it
// since (a pending invoice the provider refused is a draft again).
func (s *Service) keyedInvoice(ctx context.Context, team TeamID, livemode bool) (string, *Invoice, error) {
	id := s.newID(ctx, "invoice_")
	if !keyedRequest(ctx) {
		return id, nil, nil
	}
	inv, err := s.store.FindInvoice(ctx, team, livemode, id)
	switch {
	case ErrorCode(err) == NotFound:
		return id, nil, nil
	case err != nil:
		return "", nil, err
	}
	return id, inv, nil
}

// errIssuingLeft marks an issue error after which the invoice's Issuing
// record stays for recovery (its commit failed): what the invoice holds
// (receipts, a global-invoice run) must stay held, for recovery to store
// it.
var errIssuingLeft = errors.New("the sealed document is left to recovery")

// issue computes, validates, seals, stamps and stores a planned invoice.
// draft, when set, is the draft the invoice replaces (same id).
//
// The sealed document is written down (BeginIssuing) before the provider is
// called, and the commit that stores the invoice deletes that record: a
// process that dies in between leaves it to recovery (service_recover.go),
// which asks the provider and stores the invoice or hands its folio back.
func (s *Service) issue(ctx context.Context, team *Team, livemode bool, plan *invoicePlan, folio int64, draft *Invoice) (*Invoice, error) {
	if err := team.CheckIssuer(); err != nil {
		return nil, err // every kind of document: invoices, drafts issued, complements, global invoices
	}
	if s.proc != nil {
		s.proc.issuing.Add(1)
		defer s.proc.issuing.Add(-1)
	}
	inv := plan.inv
	marked := false // this call marked inv.ID as worked on (beginIssuing)
	defer func() {
		if marked {
			s.proc.inflight.Delete(inv.ID)
		}
	}()
	now := s.now()
	zone, err := s.zoneOf(ctx, team.Zip) // Fecha is the local time of LugarExpedicion
	if err != nil {
		return nil, err
	}
	var c *cfdi.Comprobante
	if plan.build != nil {
		c, err = plan.build(fechaIn(now, zone))
	} else {
		plan.draft.Fecha = fechaIn(now, zone)
		c, err = cfdi.Compute(plan.draft)
	}
	if err != nil {
		return nil, computeProblem(err)
	}
	if inv.Addenda != "" {
		c.Addenda = []byte(inv.Addenda) // after the Complemento, outside the cadena and the seal
	}
	opts, err := s.validateOptions(ctx, now, zone)
	if err != nil {
		return nil, err
	}
	if probs := cfdi.Validate(c, opts); len(probs) > 0 {
		return nil, cfdiProblems(probs)
	}
	signer, err := s.signerFor(ctx, team, livemode)
	if err != nil {
		return nil, err
	}
	stamper := s.stamper(livemode)
	if stamper == nil {
		return nil, noStamper(livemode)
	}
	if folio > 0 {
		if err := s.checkFolioFree(ctx, team.ID, livemode, inv.Series, folio); err != nil {
			return nil, err
		}
	} else {
		plan.epoch = s.epoch()
		owner, until := s.owner(), now.Add(folioHold)
		if owner != "" {
			until = heldUntilReleased
		}
		folio, err = s.store.ReserveFolio(ctx, team.ID, livemode, inv.Series, s.ids.New("series_"), owner, now, until)
		if err != nil {
			return nil, fmt.Errorf("reserve folio: %w", err)
		}
		plan.reserved = true
	}
	inv.Folio = folio
	c.Folio = strconv.FormatInt(folio, 10)
	if err := cfdi.Seal(c, signer.Signer(), signer.X509); err != nil {
		s.releaseFolio(ctx, plan)
		return nil, Wrap(Internal, err, "cannot seal the CFDI")
	}
	sealed, err := cfdi.Marshal(c)
	if err != nil {
		s.releaseFolio(ctx, plan)
		return nil, Wrap(Internal, err, "cannot write the CFDI")
	}
	fillFromDocument(inv, c)
	inv.CreatedAt, inv.UpdatedAt = now, now
	if draft != nil {
		inv.ID, inv.CreatedAt, inv.Draft = draft.ID, draft.CreatedAt, nil
	}
	inv.Status, inv.XML = InvoicePending, sealed
	if plan.reserved && s.epoch() != plan.epoch {
		// Judged dead since the folio was reserved: it was handed back and
		// may be this process's again for another call. Leave it alone.
		return nil, Errorf(Unavailable, "This process lost its folio reservation meanwhile; try again")
	}
	rec := &issueRecord{Invoice: inv, Draft: draft != nil, Reserved: plan.reserved, Creations: plan.creations,
		Touched: plan.touched, Receipts: plan.receipts, Run: plan.run, Jobs: append([]*Job{}, plan.jobs...)}
	if err := s.beginIssuing(ctx, rec, &marked); err != nil {
		s.releaseFolio(ctx, plan)
		return nil, err
	}

	st, err := s.stampNow(ctx, stamper, sealed)
	switch {
	case err == nil:
		applyStamp(inv, st, c.Sello)
	case ErrorCode(err) == StampRejected:
		s.dropIssuing(ctx, plan)
		s.recordFailed(ctx, inv, err)
		return nil, err
	default:
		inv.StampAttempts, inv.NextStampAt, inv.StampError = 1, now.Add(retryDelay(1)), err.Error()
		s.logger().Warn("stamping provider unavailable; invoice left pending", "invoice", inv.ID, "err", err)
	}
	if err := s.storeIssued(ctx, rec); err != nil {
		if inv.Status == InvoiceValid {
			// The SAT has this document: never lose it silently. Its issuing
			// record stays, so recovery stores it once this process is gone.
			s.logger().Error("a stamped invoice could not be stored", "invoice", inv.ID, "uuid", inv.UUID, "xml", string(inv.XML), "err", err)
		}
		left := errIssuingLeft
		if s.owner() == "" {
			left = nil
		}
		if ErrorCode(err) == AlreadyExists {
			return nil, errors.Join(Wrap(AlreadyExists, err, fmt.Sprintf("Folio %s-%d is already used", inv.Series, inv.Folio)), left)
		}
		return nil, errors.Join(fmt.Errorf("store invoice: %w", err), left)
	}
	return inv, nil
}

// issueRecord is what storing an issued invoice writes, as data: kept in
// its Issuing record while the provider is called, so that recovery can
// store a document that a dead process had stamped exactly as that process
// would have.
type issueRecord struct {
	Invoice   *Invoice   // sealed, pending until stamped
	Draft     bool       // it replaces the draft of the same id
	Reserved  bool       // its folio came from ReserveFolio
	Creations            // the client and services its request creates
	Touched   []*Invoice // invoices it changes (balances a complement pays)
	Receipts  []*Receipt // receipts it completes, as claimed (held by Invoice.ID)
	Run       *GlobalRun // the global-invoice run it ends, with Receipts
	Jobs      []*Job     // jobs its commit opens (its automation's payment); never nil in a new record
}

// beginIssuing writes the Issuing record of a sealed document, when this
// Service runs as a recorded process (else nobody could recover it).
func (s *Service) beginIssuing(ctx context.Context, rec *issueRecord, marked *bool) error {
	owner := s.owner()
	if owner == "" {
		return nil
	}
	inv := rec.Invoice
	sealed := inv.XML
	inv.XML = nil // kept apart, as is
	raw, err := json.Marshal(rec)
	inv.XML = sealed
	if err != nil {
		return Wrap(Internal, err, "cannot record the sealed document")
	}
	is := &Issuing{InvoiceID: inv.ID, TeamID: inv.TeamID, Livemode: inv.Livemode, Owner: owner, Series: inv.Series,
		Folio: inv.Folio, Reserved: rec.Reserved, CreatedAt: inv.UpdatedAt, XML: sealed, Record: raw}
	// The mark that this call works on the record comes first, and only the
	// call that set it removes it (issue), so recovery never takes a record
	// a call still works on.
	if _, taken := s.proc.inflight.LoadOrStore(inv.ID, struct{}{}); taken {
		return Errorf(Unavailable, "Invoice %s is being issued by another request; try again", inv.ID)
	}
	*marked = true
	err = s.store.BeginIssuing(ctx, is)
	switch ErrorCode(err) {
	case AlreadyExists:
		return Wrap(Unavailable, err, "Invoice "+inv.ID+" is being issued; try again")
	case Conflict:
		// Recovery handed the folio back (this process was judged dead):
		// nothing was stamped; the request may run again.
		return Wrap(Unavailable, err, "The folio reservation was lost; try again")
	}
	if err != nil {
		return fmt.Errorf("record the sealed document: %w", err)
	}
	return nil
}

// dropIssuing deletes the Issuing record of a refused document and gives
// its folio back.
func (s *Service) dropIssuing(ctx context.Context, plan *invoicePlan) {
	owner := s.owner()
	if owner == "" {
		s.releaseFolio(ctx, plan)
		return
	}
	if _, err := s.store.DropIssuing(context.WithoutCancel(ctx), plan.inv.ID, owner, plan.reserved); err != nil {
		s.logger().Warn("cannot drop an issuing record", "invoice", plan.inv.ID, "err", err)
	}
}

// stampNow calls the provider within stampTimeout, if this process may
// still stamp (mayStamp); otherwise it answers StampUnavailable and the
// invoice is stored pending.
func (s *Service) stampNow(ctx context.Context, stamper Stamper, sealed []byte) (*Stamp, error) {
	if !s.mayStamp() {
		return nil, Errorf(StampUnavailable, "this process has not recorded a heartbeat recently")
	}
	sctx, cancel := context.WithTimeout(ctx, stampTimeout)
	defer cancel()
	return stamper.Stamp(sctx, sealed)
}

// storeIssued stores an issued invoice (stamped, or pending) with its
// events in one transaction: a new invoice with what its request creates
// and the invoices it touches, a draft replaced, or the receipts it
// completes. The commit deletes the invoice's Issuing record and ends its
// folio reservation.
func (s *Service) storeIssued(ctx context.Context, rec *issueRecord) error {
	inv := rec.Invoice
	events, err := s.creationEvents(rec.Creations)
	if err != nil {
		return err
	}
	var types []string
	if !rec.Draft {
		types = append(types, "invoice.created")
	}
	if inv.Status == InvoiceValid {
		types = append(types, "invoice.stamped")
	}
	own, err := s.newEvents(inv.TeamID, inv.Livemode, inv.ID, inv, types...)
	if err != nil {
		return err
	}
	events = append(events, own...)
	with := &InvoiceWrites{Draft: rec.Draft, Creations: rec.Creations, Touched: rec.Touched, Run: rec.Run, Jobs: rec.Jobs}
	names := []string{"receipt.stamped", "receipt.completed", "receipt.updated"}
	if rec.Run != nil {
		names = []string{"receipt.completed"}
	}
	for _, r := range rec.Receipts {
		done := s.completedReceipt(r, inv)
		with.Receipts = append(with.Receipts, done)
		for _, name := range names {
			ev, err := s.newEvent(r.TeamID, r.Livemode, name, r.ID, done)
			if err != nil {
				return err
			}
			events = append(events, ev)
		}
	}
	return s.store.CreateInvoice(ctx, inv, with, events...)
}

func (s *Service) releaseFolio(ctx context.Context, plan *invoicePlan) {
	if !plan.reserved {
		return
	}
	inv := plan.inv
	c := FolioClaim{TeamID: inv.TeamID, Livemode: inv.Livemode, Series: inv.Series, Folio: inv.Folio, Owner: s.owner()}
	if err := s.store.ReleaseFolio(context.WithoutCancel(ctx), c); err != nil {
		// Without a process record it ends after folioHold; with one, when
		// this process stops or dies.
		s.logger().Warn("cannot release a folio", "series", c.Series, "folio", c.Folio, "err", err)
	}
}

// checkFolioFree refuses a caller-given folio that an invoice already has.
func (s *Service) checkFolioFree(ctx context.Context, team TeamID, livemode bool, series string, folio int64) error {
	f := InvoiceFilter{TeamID: team, Livemode: livemode, Series: series, Query: series + strconv.FormatInt(folio, 10),
		Statuses: []InvoiceStatus{InvoicePending, InvoiceValid, InvoiceCanceled}, ListOptions: ListOptions{Limit: 100}}
	found, _, _, err := s.store.FindInvoices(ctx, f)
	if err != nil {
		return fmt.Errorf("check folio: %w", err)
	}
	for _, x := range found {
		if x.Series == series && x.Folio == folio {
			return Errorf(AlreadyExists, "Folio %s-%d is already used", series, folio)
		}
	}
	return nil
}

// applyStamp records a provider's stamp on an invoice.
// sello is the document's Sello ("" to read it from the stamped XML).
func applyStamp(inv *Invoice, st *Stamp, sello string) {
	inv.Status, inv.XML, inv.UUID = InvoiceValid, st.XML, strings.ToUpper(st.UUID)
	at, _ := time.ParseInLocation(fechaLayout, st.FechaTimbrado, mexico)
	if sello == "" {
		if doc, err := cfdi.Parse(st.XML); err == nil {
			sello = doc.Comprobante.Sello
		}
	}
	inv.Stamp = &InvoiceStamp{StampedAt: at, Sello: sello, SelloSAT: st.SelloSAT,
		NoCertificadoSAT: st.NoCertificadoSAT, RfcProvCertif: st.RfcProvCertif}
	inv.StampError, inv.NextStampAt = "", time.Time{}
}

// recordFailed records invoice.failed with the attempted invoice and the
// provider's error; the request itself answers with the error.
func (s *Service) recordFailed(ctx context.Context, inv *Invoice, cause error) {
	failed := *inv
	failed.Status, failed.UUID = InvoiceFailed, ""
	var e *Error
	if errors.As(cause, &e) {
		failed.StampError = e.Message
		if len(e.Fields) > 0 {
			failed.StampError = e.Fields[0].String()
		}
	}
	ev, err := s.newEvent(inv.TeamID, inv.Livemode, "invoice.failed", inv.ID, &failed)
	if err == nil {
		err = s.store.RecordEvent(context.WithoutCancel(ctx), ev)
	}
	if err != nil {
		s.logger().Warn("cannot record invoice.failed", "invoice", inv.ID, "err", err)
	}
}

// completedReceipt is r once inv took it.
func (s *Service) completedReceipt(r *Receipt, inv *Invoice) *Receipt {
	done := *r
	now := s.now().UTC()
	done.Status, done.InvoiceRef, done.InvoiceUUID, done.InvoicedAt, done.UpdatedAt = ReceiptCompleted, inv.ID, inv.UUID, now, now
	done.ClaimedUntil = time.Time{}
	return &done
}
