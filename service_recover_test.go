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
type crashingStore struct {
	sello.Store
	crash atomic.Bool
}

func (c *crashingStore) CreateInvoice(ctx context.Context, inv *sello.Invoice, touched []*sello.Invoice, events ...*sello.Event) error {
	if c.crash.Load() {
		return sello.Errorf(sello.Database, "the process died")
	}
	return c.Store.CreateInvoice(ctx, inv, touched, events...)
}

// TestRecoverDead: a process stamps a document and dies before storing it,
// seals another that never reaches the provider, and leaves an
// idempotency key in flight. The process that starts next stores the
// first (with its events), hands the second's folio to its very next
// invoice, and frees the key: its retry gets the stored invoice back
// without a second stamp.
func TestRecoverDead(t *testing.T) {
	t.Parallel()
	eachEngine(t, testRecoverDead)
}

func testRecoverDead(t *testing.T, s sello.Store) {
	ctx := context.Background()
	f := newInvoiceFixtureOn(t, s, nil)
	var deadA atomic.Bool
	alive := func(p *sello.Process) (bool, bool) { return p.ID != "process_a" || !deadA.Load(), true }

	crash := &crashingStore{Store: s}
	a := sello.NewService(crash, f.clk.now, sello.IDGenerator{}, sello.WithStampers(f.pac, nil))
	actx, stopA := context.WithCancel(ctx)
	defer stopA()
	if err := a.StartProcess(actx, sello.Process{ID: "process_a"}, alive); err != nil {
		t.Fatal(err)
	}
	req := func() *sello.InvoiceRequest {
		return &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}}
	}
	key := sello.IdempotencyKey{KeyTeam: f.team.ID, TargetTeam: f.team.ID, Value: "order-1"}
	if prev, err := a.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key, Fingerprint: "fp"}); err != nil || prev != nil {
		t.Fatalf("BeginIdempotent = %v, %v", prev, err)
	}
	kctx := sello.WithIdempotency(ctx, key, "fp")
	crash.crash.Store(true)
	if _, err := a.CreateInvoice(kctx, f.team, false, req()); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	if n := f.pac.stamps.Load(); n != 1 {
		t.Fatalf("the provider stamped %d documents, want 1", n)
	}
	f.pac.fail.Store(1) // the second never reaches the provider
	if _, err := a.CreateInvoice(ctx, f.team, false, req()); err == nil {
		t.Fatal("CreateInvoice stored while the store was failing")
	}
	stopA()
	deadA.Store(true)

	b := sello.NewService(s, f.clk.now, sello.IDGenerator{}, sello.WithStampers(f.pac, nil))
	bctx, stopB := context.WithCancel(ctx)
	defer stopB()
	if err := b.StartProcess(bctx, sello.Process{ID: "process_b"}, alive); err != nil {
		t.Fatal(err)
	}
	invs, _, total, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 1 {
		t.Fatalf("after recovery: %d invoices, %v; want the one the provider stamped", total, err)
	}
	got := invs[0]
	f.check(t, got)
	if got.Folio != 1 {
		t.Errorf("recovered invoice folio = %d, want 1", got.Folio)
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

	// The key is free again; its retry finds the recovered invoice.
	if prev, err := b.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key, Fingerprint: "fp"}); err != nil || prev != nil {
		t.Fatalf("BeginIdempotent after recovery = %+v, %v; want the key free", prev, err)
	}
	again, err := b.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req())
	if err != nil || again.ID != got.ID || again.UUID != got.UUID {
		t.Fatalf("retry under the key = %s, %v; want invoice %s back", idOf(again), err, got.ID)
	}
	// The folio of the document never stamped goes to the next invoice.
	next, err := b.CreateInvoice(ctx, f.team, false, req())
	if err != nil {
		t.Fatalf("next invoice: %v", err)
	}
	if next.Folio != 2 {
		t.Errorf("next invoice folio = %d, want 2 (handed back)", next.Folio)
	}
	if n := f.pac.stamps.Load(); n != 2 {
		t.Errorf("the provider stamped %d documents, want 2 (the recovered one once)", n)
	}
	if ps, _ := s.Processes(ctx); len(ps) != 1 || ps[0].ID != "process_b" {
		t.Errorf("processes after recovery = %v, want process_b only", ps)
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
	b := sello.NewService(f.store, f.clk.now, sello.IDGenerator{}, sello.WithStampers(f.pac, nil))
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
