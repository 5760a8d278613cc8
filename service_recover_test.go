package sello_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// crashingStore fails the commit that stores a new invoice while crash is
// set: the process "dies" between the provider's answer and the store.
// Once dead is set it writes no heartbeat and no process record either: a
// dead process's loops, still running in the test, must not record it
// again after the others recovered it.
type crashingStore struct {
	sello.Store
	crash atomic.Bool
	dead  atomic.Bool
}

func (c *crashingStore) BeatProcess(ctx context.Context, id string, at time.Time) error {
	if c.dead.Load() {
		return sello.Errorf(sello.Database, "the process is dead")
	}
	return c.Store.BeatProcess(ctx, id, at)
}

func (c *crashingStore) RegisterProcess(ctx context.Context, p *sello.Process) error {
	if c.dead.Load() {
		return sello.Errorf(sello.Database, "the process is dead")
	}
	return c.Store.RegisterProcess(ctx, p)
}

func (c *crashingStore) CreateInvoice(ctx context.Context, inv *sello.Invoice, with *sello.InvoiceWrites, events ...*sello.Event) error {
	if c.crash.Load() {
		return sello.Errorf(sello.Database, "the process died")
	}
	return c.Store.CreateInvoice(ctx, inv, with, events...)
}

// TestRecoverDead: a process stamps a document and dies before storing it,
// seals another that never reaches the provider, reserves a third folio
// and dies before sealing, and leaves an idempotency key in flight. The
// process that starts next stores the first (with its events), finishes
// the second (stamping it with the same sealed bytes: the dead process's
// call might still run at the provider), hands the third folio to its very
// next invoice, and frees the key: its retry gets the stored invoice back
// without a second stamp.
func TestRecoverDead(t *testing.T) {
	t.Parallel()
	eachEngine(t, testRecoverDead)
}

// crashingProcess is a Service over s, recorded as process_a, whose store
// fails every new invoice's commit; dead says when it is gone.
func crashingProcess(t *testing.T, f *invoiceFixture, s sello.Store, stamper sello.Stamper) (a *sello.Service, dead *atomic.Bool, alive sello.Liveness, crash *crashingStore) {
	crash = &crashingStore{Store: s}
	dead = &crash.dead
	alive = func(p *sello.Process) (bool, bool) { return p.ID != "process_a" || !dead.Load(), true }
	crash.crash.Store(true)
	a = sello.NewService(sello.Config{Store: crash, Now: f.clk.now, TestStamper: stamper})
	actx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	if err := a.StartProcess(actx, sello.Process{ID: "process_a"}, alive); err != nil {
		t.Fatal(err)
	}
	return a, dead, alive, crash
}

// TestRecoverOwn: a live process whose commit failed after the provider
// stamped stores the invoice itself, within seconds, once its store works.
func TestRecoverOwn(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	a, _, _, crash := crashingProcess(t, f, f.store, f.pac)
	if _, err := a.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}}); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	crash.crash.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		invs, _, _, err := f.store.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if len(invs) == 1 {
			f.check(t, invs[0])
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the process did not store its own stamped document")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := f.pac.stamps.Load(); n != 1 {
		t.Errorf("the provider stamped %d documents, want 1", n)
	}
}

func testRecoverDead(t *testing.T, s sello.Store) {
	ctx := context.Background()
	f := newInvoiceFixtureOn(t, s, nil)
	a, deadA, alive, _ := crashingProcess(t, f, s, f.pac)
	req := func() *sello.InvoiceRequest {
		return &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}}
	}
	key := sello.IdempotencyKey{KeyTeam: f.team.ID, TargetTeam: f.team.ID, Value: "order-1"}
	if prev, err := a.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key, Fingerprint: "fp", Resumable: true}); err != nil || prev != nil {
		t.Fatalf("BeginIdempotent = %v, %v", prev, err)
	}
	if _, err := a.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req()); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	if n := f.pac.stamps.Load(); n != 1 {
		t.Fatalf("the provider stamped %d documents, want 1", n)
	}
	f.pac.fail.Store(1) // the second never reaches the provider
	if _, err := a.CreateInvoice(ctx, f.team, false, req()); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	now := f.clk.now()
	if folio, err := s.ReserveFolio(ctx, f.team.ID, false, "A", "series_x", "process_a", now, now.Add(time.Hour)); err != nil || folio != 3 {
		t.Fatalf("ReserveFolio = %d, %v", folio, err)
	}
	if _, _, n, err := s.FindClients(ctx, sello.ClientFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}}); err != nil || n != 0 {
		t.Fatalf("clients before recovery = %d, %v; want none: an inline client is stored with its invoice", n, err)
	}
	deadA.Store(true)

	b := sello.NewService(sello.Config{Store: s, Now: f.clk.now, TestStamper: f.pac})
	bctx, stopB := context.WithCancel(ctx)
	defer stopB()
	if err := b.StartProcess(bctx, sello.Process{ID: "process_b"}, alive); err != nil {
		t.Fatal(err)
	}
	invs, _, total, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 2 {
		t.Fatalf("after recovery: %d invoices, %v; want the one the provider stamped and the one finished", total, err)
	}
	byFolio := map[int64]*sello.Invoice{}
	for _, inv := range invs {
		f.check(t, inv)
		byFolio[inv.Folio] = inv
	}
	got := byFolio[1]
	if got == nil || byFolio[2] == nil {
		t.Fatalf("recovered folios = %v, want 1 and 2", byFolio)
	}
	evs, _, _, err := s.FindEvents(ctx, sello.EventFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 20}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ev := range evs {
		if ev.ObjectID == got.ID {
			kinds[ev.Type]++
		}
	}
	if kinds["invoice.created"] != 1 || kinds["invoice.stamped"] != 1 {
		t.Errorf("events of the recovered invoice = %v, want invoice.created and invoice.stamped once", kinds)
	}
	// Each recovered invoice's inline client is stored with it, once, with
	// its event; none was stored before.
	_, _, clients, err := s.FindClients(ctx, sello.ClientFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || clients != 2 {
		t.Errorf("clients after recovery = %d, %v; want the two recovered invoices' own", clients, err)
	}
	for _, inv := range invs {
		if _, err := s.FindClientByID(ctx, f.team.ID, false, inv.ClientID); err != nil {
			t.Errorf("client %s of recovered invoice %s: %v", inv.ClientID, inv.ID, err)
		}
		created := 0
		for _, ev := range evs {
			if ev.ObjectID == inv.ClientID && ev.Type == "customer.created" {
				created++
			}
		}
		if created != 1 {
			t.Errorf("customer.created of client %s = %d, want 1", inv.ClientID, created)
		}
	}

	// The key is free again; its retry finds the recovered invoice.
	if prev, err := b.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key, Fingerprint: "fp", Resumable: true}); err != nil || prev != nil {
		t.Fatalf("BeginIdempotent after recovery = %+v, %v; want the key free", prev, err)
	}
	again, err := b.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req())
	if err != nil || again.ID != got.ID || again.UUID != got.UUID {
		t.Fatalf("retry under the key = %s, %v; want invoice %s back", idOf(again), err, got.ID)
	}
	// The folio reserved but never sealed goes to the next invoice.
	next, err := b.CreateInvoice(ctx, f.team, false, req())
	if err != nil {
		t.Fatalf("next invoice: %v", err)
	}
	if next.Folio != 3 {
		t.Errorf("next invoice folio = %d, want 3 (handed back)", next.Folio)
	}
	if n := f.pac.stamps.Load(); n != 3 {
		t.Errorf("the provider stamped %d documents, want 3 (each once)", n)
	}
	if ps, _ := s.Processes(ctx); len(ps) != 1 || ps[0].ID != "process_b" {
		t.Errorf("processes after recovery = %v, want process_b only", ps)
	}
}

// refusingStamper has stamped nothing and refuses every document.
type refusingStamper struct{ sello.Stamper }

func (refusingStamper) Stamped(context.Context, []byte) (*sello.Stamp, error) {
	return nil, sello.Errorf(sello.NotFound, "not stamped")
}

func (refusingStamper) Stamp(context.Context, []byte) (*sello.Stamp, error) {
	return nil, &sello.Error{Code: sello.StampRejected, Message: "refused",
		Fields: []sello.FieldError{{Field: "Fecha", Problem: "outside the 72-hour window", SATCode: "401"}}}
}

// TestRecoverRefused: a sealed document the provider refuses at recovery
// gives its folio back and records invoice.failed; nothing is stored.
func TestRecoverRefused(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(1)
	a, deadA, alive, _ := crashingProcess(t, f, f.store, f.pac)
	if _, err := a.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}}); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	deadA.Store(true)
	b := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: refusingStamper{f.pac}})
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := b.StartProcess(bctx, sello.Process{ID: "process_b"}, alive); err != nil {
		t.Fatal(err)
	}
	if _, _, total, _ := f.store.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}}); total != 0 {
		t.Errorf("%d invoices stored, want none", total)
	}
	evs, _, _, _ := f.store.FindEvents(ctx, sello.EventFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 20}})
	failed := 0
	for _, ev := range evs {
		if ev.Type == "invoice.failed" {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d invoice.failed events, want 1", failed)
	}
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}})
	if err != nil || inv.Folio != 1 {
		t.Fatalf("next invoice = %s, %v; want folio 1 (handed back)", idOf(inv), err)
	}
}

func idOf(inv *sello.Invoice) string {
	if inv == nil {
		return "<nil>"
	}
	return inv.ID
}

// TestRecoverDeadByHeartbeat: a process of another host is dead once its
// last beat is 25 s old, not before.
func TestRecoverDeadByHeartbeat(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	now := f.clk.now()
	for _, p := range []struct {
		id  string
		age time.Duration
	}{{"process_quiet", 10 * time.Second}, {"process_gone", 30 * time.Second}} {
		id, age := p.id, p.age
		if err := f.store.RegisterProcess(ctx, &sello.Process{ID: id, Host: "elsewhere", StartedAt: now.Add(-time.Hour), BeatAt: now.Add(-age)}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.ReserveFolio(ctx, f.team.ID, false, "A", "series_a", id, now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	unknown := func(*sello.Process) (bool, bool) { return false, false }
	b := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac})
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := b.StartProcess(bctx, sello.Process{ID: "process_b"}, unknown); err != nil {
		t.Fatal(err)
	}
	ps, err := f.store.Processes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{"process_quiet", "process_b"}) {
		t.Errorf("processes after recovery = %v, want the quiet one kept and the gone one recovered", ids)
	}
	// process_gone held folio 2 (process_quiet folio 1): handed back.
	inv, err := b.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Folio != 2 {
		t.Errorf("next invoice folio = %d, want 2 (handed back by the dead process)", inv.Folio)
	}
}

// TestRefusedPendingReturnsFolio: a pending invoice that the provider
// refuses when the worker retries goes back to draft, and its folio goes to
// the next invoice of the series (no gap).
func TestRefusedPendingReturnsFolio(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(1)
	req := func() *sello.InvoiceRequest {
		return &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}}
	}
	key := sello.IdempotencyKey{KeyTeam: f.team.ID, TargetTeam: f.team.ID, Value: "order-9"}
	pending, err := f.svc.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req())
	if err != nil || pending.Status != sello.InvoicePending || pending.Folio != 1 {
		t.Fatalf("CreateInvoice with the provider down = %s, %v", idOf(pending), err)
	}
	f.clk.add(time.Minute)
	w := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: refusingStamper{f.pac}})
	if n, err := w.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs = %d, %v", n, err)
	}
	back, err := f.store.FindInvoice(ctx, f.team.ID, false, pending.ID)
	if err != nil || back.Status != sello.InvoiceDraft || back.Folio != 0 {
		t.Fatalf("refused pending invoice = %v folio %d, %v; want a draft without folio", back.Status, back.Folio, err)
	}
	// The same request again (its key was released) answers with what it
	// stored, now a draft: it issues nothing.
	stamps := f.pac.stamps.Load()
	again, err := f.svc.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req())
	if err != nil || again.ID != pending.ID || again.Status != sello.InvoiceDraft || f.pac.stamps.Load() != stamps {
		t.Fatalf("retry under the key = %s, %v; want the draft %s back and no stamp", idOf(again), err, pending.ID)
	}
	next, err := f.svc.CreateInvoice(ctx, f.team, false, req())
	if err != nil {
		t.Fatal(err)
	}
	if next.Folio != 1 {
		t.Errorf("next invoice folio = %d, want 1 (given back)", next.Folio)
	}
}
