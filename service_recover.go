package sello

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Recovered counts what RecoverDead resolved.
type Recovered struct {
	Processes int // dead processes whose holdings were all resolved
	Stored    int // sealed documents stored stamped: the provider had them, or (Finished) stamped them now
	Finished  int // of Stored, those the provider had not stamped
	Pending   int // sealed documents the provider could not be asked about: stored pending
	Refused   int // sealed documents the provider refuses: their folios given back
	Folios    int // other reserved folios given back
	Keys      int // idempotency keys in flight forgotten (their retries run again)
	Left      int // sealed documents left for the next round (a passing error, logged)
	// Quarantined are sealed documents set aside for an operator (an error
	// that will not pass: an unreadable record, a folio another invoice
	// has), logged with their XML.
	Quarantined int
}

// stillIssuing says whether owner still has the Issuing record of invoice.
func (s *Service) stillIssuing(ctx context.Context, owner, invoice string) (bool, error) {
	iss, err := s.store.Issuings(ctx, owner)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(iss, func(is *Issuing) bool { return is.InvoiceID == invoice }), nil
}

// RecoverDead resolves what every dead process held (recoverHeld), one
// recoverer at a time for each (ClaimProcess). Safe to run in several
// processes at once.
func (s *Service) RecoverDead(ctx context.Context) (Recovered, error) {
	var r Recovered
	ps, err := s.store.Processes(ctx)
	if err != nil {
		return r, fmt.Errorf("processes: %w", err)
	}
	now := s.now()
	by := s.owner()
	if by == "" {
		by = "recovery"
	}
	for _, p := range ps {
		if !s.dead(p, now) {
			continue
		}
		if ok, err := s.store.ClaimProcess(ctx, p.ID, by, now, now.Add(claimLease)); err != nil || !ok {
			if err != nil {
				return r, fmt.Errorf("claim process %s: %w", p.ID, err)
			}
			continue
		}
		if s.recoverHeld(ctx, p.ID, nil, true, &r) {
			if err := s.store.ForgetProcess(ctx, p.ID); err != nil {
				return r, err
			}
			r.Processes++
		}
	}
	if r != (Recovered{}) {
		s.logger().Info("recovered dead processes", "processes", r.Processes, "stored", r.Stored, "finished", r.Finished, "pending", r.Pending,
			"refused", r.Refused, "folios", r.Folios, "keys", r.Keys, "left", r.Left, "quarantined", r.Quarantined)
	}
	return r, nil
}

// recoverOwn resolves the Issuing records this process holds that no
// running issue call works on (the invoice's commit failed); with all, at
// a clean stop, it also hands back its folios and keys and deletes its
// record.
func (s *Service) recoverOwn(ctx context.Context, all bool) error {
	id := s.owner()
	var r Recovered
	busy := func(id string) bool { _, ok := s.proc.inflight.Load(id); return ok }
	// Its own folios and keys are released only at a clean stop: requests
	// use them.
	if s.recoverHeld(ctx, id, busy, all, &r) && all {
		if err := s.store.ForgetProcess(ctx, id); err != nil {
			return err
		}
	}
	if r != (Recovered{}) {
		s.logger().Info("recovered this process's own records", "stored", r.Stored, "finished", r.Finished, "pending", r.Pending,
			"refused", r.Refused, "folios", r.Folios, "keys", r.Keys, "left", r.Left)
	}
	return nil
}

// recoverHeld resolves what owner holds, as recovery does for a dead
// process: each sealed document it left is finished (recoverIssuing), but
// those busy says a running call works on; then, when release is set and
// no document is left, its other folio reservations are handed back and
// its resumable idempotency keys in flight are forgotten, so that a retry
// runs again and, with an invoice stored under the key, gets it back. It
// reports whether all of that was done.
func (s *Service) recoverHeld(ctx context.Context, owner string, busy func(string) bool, release bool, r *Recovered) bool {
	iss, err := s.store.Issuings(ctx, owner)
	if err != nil {
		s.logger().Warn("cannot read issuing records", "owner", owner, "err", err)
		return false
	}
	left := 0
	for _, is := range iss {
		if busy != nil {
			// The list may be old by now: a call may have ended with its
			// record, or marked it. Read it again after the mark (a call
			// marks before it writes, and unmarks after it deletes).
			if busy(is.InvoiceID) {
				left++
				continue
			}
			still, err := s.stillIssuing(ctx, owner, is.InvoiceID)
			if err != nil {
				left++
			}
			if err != nil || !still {
				continue
			}
		}
		err := s.recoverIssuing(ctx, is, r)
		switch ErrorCode(err) {
		case "":
		case DataIntegrity, AlreadyExists, Conflict, NotFound, Invalid, Rejected:
			// It will not resolve by itself: set aside for an operator, so
			// that its process's other holdings can be resolved.
			s.logger().Error("a sealed document cannot be resolved; set aside (owner quarantine) for an operator",
				"invoice", is.InvoiceID, "owner", owner, "err", err)
			if qerr := s.store.QuarantineIssuing(ctx, is.InvoiceID, owner); qerr != nil {
				left++
			}
			r.Quarantined++
		default:
			left++
			r.Left++
			s.logger().Warn("a sealed document could not be resolved; will retry", "invoice", is.InvoiceID, "owner", owner, "err", err)
		}
	}
	if left > 0 || !release {
		return false
	}
	n, err := s.store.ReleaseFoliosOf(ctx, owner)
	if err != nil {
		s.logger().Warn("cannot release folios", "owner", owner, "err", err)
		return false
	}
	r.Folios += n
	if n, err = s.store.ReleaseIdempotentOf(ctx, owner); err != nil {
		s.logger().Warn("cannot release idempotency keys", "owner", owner, "err", err)
		return false
	}
	r.Keys += n
	return true
}

// recoverIssuing settles one sealed document a process left. The provider
// is asked first (Stamped); a document it does not have is stamped now,
// with the same sealed bytes: the dead process's own call may still be
// running at the provider, and a provider answers a second call for one
// document with the first stamp (307), so the document is finished, never
// abandoned. Only a refusal gives the folio back; a provider that cannot
// answer leaves the invoice pending for the job worker.
func (s *Service) recoverIssuing(ctx context.Context, is *Issuing, r *Recovered) error {
	var rec issueRecord
	dec := json.NewDecoder(bytes.NewReader(is.Record))
	dec.UseNumber() // metadata numbers as written
	if err := dec.Decode(&rec); err != nil || rec.Invoice == nil || len(is.XML) == 0 {
		return Wrap(DataIntegrity, errors.Join(err, errors.New("no invoice")), "an issuing record is unreadable")
	}
	inv := rec.Invoice
	inv.XML = is.XML
	var st *Stamp
	var err error = Errorf(StampUnavailable, "no stamping provider is configured")
	finished := false
	if stamper := s.stamper(inv.Livemode); stamper != nil {
		st, finished, err = stampOnce(ctx, stamper, inv.XML)
	}
	switch {
	case err == nil:
		applyStamp(inv, st, "")
		inv.UpdatedAt = s.now()
	case ErrorCode(err) == StampRejected:
		dropped, derr := s.store.DropIssuing(ctx, is.InvoiceID, is.Owner, rec.Reserved)
		if derr != nil || !dropped {
			return derr
		}
		s.releaseReceipts(ctx, inv.TeamID, inv.Livemode, inv.ID, receiptIDs(rec.Receipts)...)
		s.recordFailed(ctx, inv, err)
		r.Refused++
		return nil
	default:
		now := s.now()
		inv.StampAttempts, inv.NextStampAt, inv.StampError = 1, now.Add(retryDelay(1)), err.Error()
	}
	for _, j := range rec.Jobs {
		j.Lease = time.Time{} // the dead process's claim: this process claims it after the commit
	}
	if rec.Jobs == nil && !rec.Draft && len(rec.Receipts) == 0 && ownAutomation(inv) {
		// A record written before jobs were recorded with it (a newer one
		// holds a list, empty or not): the job stores the invoice's
		// automation payment unless it exists.
		rec.Jobs = []*Job{invoicePaymentJob(inv, s.now())}
	}
	err = s.storeIssued(ctx, &rec)
	if rec.Draft && ErrorCode(err) == NotFound {
		rec.Draft = false // the draft was deleted meanwhile: the document stands on its own
		err = s.storeIssued(ctx, &rec)
	}
	if ErrorCode(err) == AlreadyExists {
		got, ferr := s.store.FindInvoice(ctx, inv.TeamID, inv.Livemode, inv.ID)
		if ferr == nil && got.Status != InvoiceDraft && got.Series == inv.Series && got.Folio == inv.Folio {
			_, err = s.store.DropIssuing(ctx, is.InvoiceID, is.Owner, false) // another process stored it first
			return err
		}
		s.logger().Error("a stamped document conflicts with a stored invoice", "invoice", inv.ID, "uuid", inv.UUID,
			"series", inv.Series, "folio", inv.Folio, "xml", string(inv.XML), "err", err)
	}
	if err != nil {
		return err
	}
	for _, j := range rec.Jobs {
		s.runJobNow(ctx, j.ID, j.Kind, s.runJob)
	}
	if inv.Status == InvoiceValid {
		r.Stored++
		if finished {
			r.Finished++
		}
		s.sendAfterBackgroundIssue(ctx, inv)
	} else {
		r.Pending++
	}
	return nil
}

// StartProcess records this process (self, with its ID, host and pid set by
// the caller), resolves what dead processes left — this host's previous run
// included — and then keeps a heartbeat and watches the others until ctx
// ends. Call it before serving requests: recovery asks the providers about
// every sealed document a dead process left before anything else is issued.
func (s *Service) StartProcess(ctx context.Context, self Process, alive Liveness) error {
	now := s.now()
	self.StartedAt, self.BeatAt = now, now
	if err := s.store.RegisterProcess(ctx, &self); err != nil {
		return fmt.Errorf("register process: %w", err)
	}
	s.proc = &processState{self: self, alive: alive}
	s.proc.beat.Store(now.UnixNano())
	if _, err := s.RecoverDead(ctx); err != nil {
		return err
	}
	// Two loops, so that a slow provider during recovery never delays the
	// heartbeat (which would make the others judge this process dead).
	s.proc.loops.Add(2)
	go func() {
		defer s.proc.loops.Done()
		s.poll(ctx, "heartbeat", beatEvery, 1, func(ctx context.Context, _ int) (int, error) {
			return 0, s.beatOnce(ctx)
		})
	}()
	go func() {
		defer s.proc.loops.Done()
		s.poll(ctx, "recovery", beatEvery, 1, func(ctx context.Context, _ int) (int, error) {
			_, err := s.RecoverDead(ctx)
			return 0, errors.Join(err, s.recoverOwn(ctx, false))
		})
	}()
	return nil
}

// StopProcess ends a clean stop: call it once no request of this process
// runs any more and its workers were told to stop, after cancelling
// StartProcess's ctx. It waits for the two loops and for every invoice
// still being issued (a background job's) until ctx ends, resolves
// whatever this process still holds as recovery would, and deletes its
// record. After an unclean stop (requests still running) do not call it:
// the record stays, and the next start on this host, or the other
// processes, recover it.
func (s *Service) StopProcess(ctx context.Context) error {
	if s.proc == nil {
		return nil
	}
	s.proc.loops.Wait()
	for s.proc.issuing.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("invoices still being issued: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
	return s.recoverOwn(ctx, true)
}

// beatOnce records a heartbeat. A process whose record is gone was judged
// dead by the others (it could not beat for deadAfter) and what it held
// then was resolved: it records itself again, under the same id, so that
// what it wrote since is its own again (recoverOwn); a folio it reserved
// before is no longer its own, and BeginIssuing refuses to use it.
func (s *Service) beatOnce(ctx context.Context) error {
	now := s.now()
	err := s.store.BeatProcess(ctx, s.owner(), now)
	if ErrorCode(err) == NotFound {
		s.proc.mu.Lock()
		s.proc.self.BeatAt = now
		self := s.proc.self
		s.proc.mu.Unlock()
		s.logger().Error("this process was judged dead by the others; recording it again", "process", self.ID)
		s.proc.epoch.Add(1)
		err = s.store.RegisterProcess(ctx, &self)
	}
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	s.proc.beat.Store(now.UnixNano())
	return nil
}
