package sello

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// How processes watch each other (docs/RELIABILITY.md). A process records a
// heartbeat every beatEvery. Another process of the same host knows at once
// whether it still runs (Liveness); one elsewhere is dead once its last beat
// is deadAfter old. A process starts a provider call only while its own last
// recorded beat is younger than freshBeat, and the call ends within
// stampTimeout, so by the time others judge it dead it can no longer stamp:
// freshBeat + stampTimeout < deadAfter.
const (
	beatEvery = 2 * time.Second
	freshBeat = 6 * time.Second
	deadAfter = 25 * time.Second
)

// Liveness tells whether a recorded process still runs when this process
// can know it (one of the same host and boot); known is false otherwise.
type Liveness func(p *Process) (alive, known bool)

// processState is this Service's own record as a running process.
type processState struct {
	mu    sync.Mutex
	self  Process
	alive Liveness
	beat  atomic.Int64  // unix nanoseconds of the last recorded beat
	done  chan struct{} // closed when the heartbeat stops
	// issuing counts the issue calls running (a request's, or a background
	// job's): StopProcess waits for them.
	issuing atomic.Int32
}

// owner is the id of this process as a holder of folios, sealed documents
// and idempotency keys ("" when the Service runs without a process record).
func (s *Service) owner() string {
	if s.proc == nil {
		return ""
	}
	s.proc.mu.Lock()
	defer s.proc.mu.Unlock()
	return s.proc.self.ID
}

// mayStamp says whether this process may start a provider call now: its
// last heartbeat is recent, so no other process can have judged it dead.
func (s *Service) mayStamp() bool {
	if s.proc == nil {
		return true
	}
	return s.now().Sub(time.Unix(0, s.proc.beat.Load())) < freshBeat
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
	s.proc = &processState{self: self, alive: alive, done: make(chan struct{})}
	s.proc.beat.Store(now.UnixNano())
	if _, err := s.RecoverDead(ctx); err != nil {
		return err
	}
	go s.heartbeat(ctx)
	return nil
}

// StopProcess ends a clean stop: call it once no request of this process
// runs any more and its workers were told to stop, after cancelling
// StartProcess's ctx. It waits for the heartbeat and for every invoice
// still being issued (a background job's) until ctx ends, resolves
// whatever this process still holds as recovery would, and deletes its
// record. After an unclean stop (requests
// still running) do not call it: the record stays, and the next start on
// this host, or the other processes, recover it.
func (s *Service) StopProcess(ctx context.Context) error {
	if s.proc == nil {
		return nil
	}
	select {
	case <-s.proc.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	for s.proc.issuing.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("invoices still being issued: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
	s.proc.mu.Lock()
	self := s.proc.self
	s.proc.mu.Unlock()
	var r Recovered
	return s.recoverProcess(ctx, &self, &r)
}

// heartbeat beats and recovers dead processes every beatEvery.
func (s *Service) heartbeat(ctx context.Context) {
	defer close(s.proc.done)
	s.poll(ctx, "heartbeat and recovery", beatEvery, 1, func(ctx context.Context, _ int) (int, error) {
		s.beatOnce(ctx)
		_, err := s.RecoverDead(ctx)
		return 0, err
	})
}

// beatOnce records a heartbeat. A process whose record is gone was judged
// dead by the others (it could not beat for deadAfter) and what it held was
// resolved: it records itself again under a new id.
func (s *Service) beatOnce(ctx context.Context) {
	now := s.now()
	err := s.store.BeatProcess(ctx, s.owner(), now)
	if ErrorCode(err) == NotFound {
		s.proc.mu.Lock()
		old := s.proc.self.ID
		s.proc.self.ID = s.ids.New("process_")
		s.proc.self.StartedAt, s.proc.self.BeatAt = now, now
		self := s.proc.self
		s.proc.mu.Unlock()
		s.logger().Error("this process was judged dead by the others; recording it again", "old", old, "new", self.ID)
		err = s.store.RegisterProcess(ctx, &self)
	}
	if err != nil {
		if ctx.Err() == nil {
			s.logger().Warn("heartbeat failed", "err", err)
		}
		return
	}
	s.proc.beat.Store(now.UnixNano())
}

// dead says whether a recorded process is known to be dead.
func (s *Service) dead(p *Process, now time.Time) bool {
	if p.ID == s.owner() {
		return false
	}
	if s.proc != nil && s.proc.alive != nil {
		if alive, known := s.proc.alive(p); known {
			return !alive
		}
	}
	return now.Sub(p.BeatAt) >= deadAfter
}

// Recovered counts what RecoverDead resolved.
type Recovered struct {
	Processes  int // dead processes whose holdings were resolved
	Stored     int // sealed documents the provider had stamped: stored
	Pending    int // sealed documents the provider could not be asked about: stored pending
	HandedBack int // sealed documents never stamped: their folios given back
	Folios     int // other reserved folios given back
	Keys       int // idempotency keys in flight forgotten (their retries run again)
}

// RecoverDead resolves what every dead process held: each sealed document
// it left is looked up at the provider (Stamped) and stored when it was
// stamped, else its folio is handed back to the very next invoice of its
// series; then its other folio reservations are handed back and its
// idempotency keys in flight are forgotten, so that a retry runs again and,
// with an invoice already stored under the key, gets it back. Safe to run
// in several processes at once.
func (s *Service) RecoverDead(ctx context.Context) (Recovered, error) {
	var r Recovered
	ps, err := s.store.Processes(ctx)
	if err != nil {
		return r, fmt.Errorf("processes: %w", err)
	}
	now := s.now()
	for _, p := range ps {
		if !s.dead(p, now) {
			continue
		}
		if err := s.recoverProcess(ctx, p, &r); err != nil {
			return r, fmt.Errorf("recover process %s: %w", p.ID, err)
		}
		r.Processes++
	}
	if r.Processes > 0 {
		s.logger().Info("recovered dead processes", "processes", r.Processes, "stored", r.Stored, "pending", r.Pending,
			"handed_back", r.HandedBack, "folios", r.Folios, "keys", r.Keys)
	}
	return r, nil
}

func (s *Service) recoverProcess(ctx context.Context, p *Process, r *Recovered) error {
	iss, err := s.store.Issuings(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, is := range iss {
		if err := s.recoverIssuing(ctx, is, r); err != nil {
			return fmt.Errorf("invoice %s: %w", is.InvoiceID, err)
		}
	}
	n, err := s.store.ReleaseFoliosOf(ctx, p.ID)
	if err != nil {
		return err
	}
	r.Folios += n
	if n, err = s.store.ReleaseIdempotentOf(ctx, p.ID); err != nil {
		return err
	}
	r.Keys += n
	return s.store.ForgetProcess(ctx, p.ID)
}

// recoverIssuing settles one sealed document a dead process left.
func (s *Service) recoverIssuing(ctx context.Context, is *Issuing, r *Recovered) error {
	var rec issueRecord
	if err := json.Unmarshal(is.Record, &rec); err != nil || rec.Invoice == nil {
		return Wrap(DataIntegrity, errors.Join(err, errors.New("no invoice")), "an issuing record is unreadable")
	}
	inv := rec.Invoice
	stamper := s.stamper(inv.Livemode)
	var st *Stamp
	err := errors.New("no stamping provider is configured")
	if stamper != nil {
		sctx, cancel := context.WithTimeout(ctx, stampTimeout)
		st, err = stamper.Stamped(sctx, inv.XML)
		cancel()
	}
	switch {
	case err == nil:
		applyStamp(inv, st, "")
		r.Stored++
	case ErrorCode(err) == NotFound:
		var claim *FolioClaim
		if rec.Reserved {
			claim = &FolioClaim{TeamID: inv.TeamID, Livemode: inv.Livemode, Series: inv.Series, Folio: inv.Folio}
		}
		if err := s.store.DropIssuing(ctx, is.InvoiceID, claim); err != nil {
			return err
		}
		if len(rec.Receipts) > 0 {
			ids := make([]string, len(rec.Receipts))
			for i, x := range rec.Receipts {
				ids[i] = x.ID
			}
			if err := s.store.ReleaseReceipts(ctx, inv.TeamID, inv.Livemode, inv.ID, ids...); err != nil {
				s.logger().Warn("cannot release receipts", "holder", inv.ID, "err", err)
			}
		}
		r.HandedBack++
		return nil
	default:
		// The provider cannot say: keep the folio and let the invoice worker
		// ask again (Stamped first), as for any pending invoice.
		now := s.now()
		inv.StampAttempts, inv.NextStampAt, inv.StampError = 1, now.Add(retryDelay(1)), err.Error()
		r.Pending++
	}
	err = s.storeIssued(ctx, &rec)
	if ErrorCode(err) == AlreadyExists {
		return s.store.DropIssuing(ctx, is.InvoiceID, nil) // another process stored it first
	}
	return err
}
