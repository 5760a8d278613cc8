package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// testProcesses checks the process records: register, beat, list, forget.
func testProcesses(t *testing.T, s sello.Store) {
	ctx := t.Context()
	p := &sello.Process{ID: "process_a", Host: "h1", Boot: "b1/pid:[1]", PID: 42, PIDStart: "1234", StartedAt: t0, BeatAt: t0}
	if err := s.RegisterProcess(ctx, p); err != nil {
		t.Fatalf("RegisterProcess: %v", err)
	}
	if err := s.RegisterProcess(ctx, &sello.Process{ID: "process_b", StartedAt: t0.Add(time.Second), BeatAt: t0}); err != nil {
		t.Fatalf("RegisterProcess b: %v", err)
	}
	if err := s.BeatProcess(ctx, "process_a", t0.Add(time.Minute)); err != nil {
		t.Fatalf("BeatProcess: %v", err)
	}
	wantCode(t, "BeatProcess(unknown)", s.BeatProcess(ctx, "process_none", t0), sello.NotFound)
	ps, err := s.Processes(ctx)
	if err != nil || len(ps) != 2 {
		t.Fatalf("Processes = %v, %v; want 2", ps, err)
	}
	got := ps[0]
	if got.ID != "process_a" || got.Host != "h1" || got.Boot != p.Boot || got.PID != 42 || got.PIDStart != "1234" ||
		!got.StartedAt.Equal(t0) || !got.BeatAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("Processes[0] = %+v", got)
	}
	// One recoverer at a time: a claim holds until it expires.
	for _, c := range []struct {
		by   string
		now  time.Time
		want bool
	}{{"process_x", t0, true}, {"process_y", t0.Add(time.Minute), false}, {"process_x", t0.Add(time.Minute), true},
		{"process_y", t0.Add(3 * time.Minute), true}} {
		ok, err := s.ClaimProcess(ctx, "process_b", c.by, c.now, c.now.Add(2*time.Minute))
		if err != nil || ok != c.want {
			t.Errorf("ClaimProcess(by %s at %v) = %v, %v; want %v", c.by, c.now, ok, err, c.want)
		}
	}
	if ok, err := s.ClaimProcess(ctx, "process_none", "x", t0, t0); err != nil || ok {
		t.Errorf("ClaimProcess(unknown) = %v, %v", ok, err)
	}
	if err := s.ForgetProcess(ctx, "process_a"); err != nil {
		t.Fatalf("ForgetProcess: %v", err)
	}
	if ps, _ := s.Processes(ctx); len(ps) != 1 || ps[0].ID != "process_b" {
		t.Errorf("after ForgetProcess: %v", ps)
	}
}

// testIssuing checks what a process holds while it stamps: its Issuing
// records (deleted by the commit that stores the invoice, or dropped with
// their folio given back), its folio reservations and its idempotency keys.
func testIssuing(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_is")
	mustCreateTeam(t, s, newTeam(team, "", "ISSUING", t0))
	reserve := func(owner string) int64 {
		t.Helper()
		// A process's reservations last until released (as the Service asks).
		f, err := s.ReserveFolio(ctx, team, false, "A", "series_is", owner, t0, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("ReserveFolio: %v", err)
		}
		return f
	}
	begin := func(id, owner string, folio int64, at time.Time) {
		t.Helper()
		is := &sello.Issuing{InvoiceID: id, TeamID: team, Owner: owner, Series: "A", Folio: folio, CreatedAt: at,
			XML: []byte("<x/>"), Record: []byte(`{"id":"` + id + `"}`)}
		if err := s.BeginIssuing(ctx, is); err != nil {
			t.Fatalf("BeginIssuing(%s): %v", id, err)
		}
	}
	f1, f2, f3, f4 := reserve("process_dead"), reserve("process_dead"), reserve("process_dead"), reserve("process_live")
	begin("invoice_2", "process_dead", f2, t0.Add(time.Second))
	begin("invoice_1", "process_dead", f1, t0)
	begin("invoice_3", "process_dead", f3, t0.Add(2*time.Second))
	begin("invoice_4", "process_live", f4, t0)
	wantCode(t, "BeginIssuing(twice)", s.BeginIssuing(ctx, &sello.Issuing{InvoiceID: "invoice_1", TeamID: team, Owner: "x",
		CreatedAt: t0, XML: []byte("<x/>"), Record: []byte("{}")}), sello.AlreadyExists)

	got, err := s.Issuings(ctx, "process_dead")
	if err != nil || len(got) != 3 {
		t.Fatalf("Issuings = %v, %v; want 3", got, err)
	}
	if got[0].InvoiceID != "invoice_1" || got[1].InvoiceID != "invoice_2" || got[0].TeamID != team || got[0].Livemode ||
		got[0].Owner != "process_dead" || got[0].Series != "A" || got[0].Folio != f1 || !got[0].CreatedAt.Equal(t0) || !bytes.Equal(got[0].Record, []byte(`{"id":"invoice_1"}`)) || string(got[0].XML) != "<x/>" {
		t.Errorf("Issuings = %+v %+v", got[0], got[1])
	}

	// Storing invoice_1 (folio f1) ends its record and its reservation.
	if err := s.CreateInvoice(ctx, newInvoice("invoice_1", team, false, sello.InvoiceValid, "A", f1, t0), nil); err != nil {
		t.Fatalf("CreateInvoice: %v", err)
	}
	// invoice_2 was never stamped: dropped, folio f2 given back, once: a
	// second recoverer, or another owner, changes nothing.
	if ok, err := s.DropIssuing(ctx, "invoice_2", "process_other", true); err != nil || ok {
		t.Fatalf("DropIssuing(by another owner) = %v, %v; want nothing dropped", ok, err)
	}
	if ok, err := s.DropIssuing(ctx, "invoice_2", "process_dead", true); err != nil || !ok {
		t.Fatalf("DropIssuing = %v, %v", ok, err)
	}
	if ok, err := s.DropIssuing(ctx, "invoice_2", "process_dead", true); err != nil || ok {
		t.Fatalf("DropIssuing(again) = %v, %v; want nothing dropped", ok, err)
	}
	if got, _ := s.Issuings(ctx, "process_dead"); len(got) != 1 || got[0].InvoiceID != "invoice_3" {
		t.Fatalf("Issuings after store and drop = %+v, want invoice_3 only", got)
	}
	// Folios with a record do not go back with the others of a dead
	// process, and a reservation held until released does not expire.
	if n, err := s.ReleaseFoliosOf(ctx, "process_dead"); err != nil || n != 0 {
		t.Fatalf("ReleaseFoliosOf with invoice_3 recorded = %d, %v; want 0", n, err)
	}
	late := t0.Add(48 * time.Hour)
	if f, err := s.ReserveFolio(ctx, team, false, "A", "series_is", "p", late, late.Add(time.Hour)); err != nil || f != f2 {
		t.Fatalf("reservation two days later = %d, %v; want %d (the folio handed back, not a held one)", f, err, f2)
	}
	if ok, err := s.DropIssuing(ctx, "invoice_3", "process_dead", false); err != nil || !ok {
		t.Fatalf("DropIssuing without folio: %v, %v", ok, err)
	}
	// A record whose folio is no longer its owner's reservation (recovery
	// handed it back) is refused, and nothing is written.
	f5 := reserve("process_zombie")
	if _, err := s.ReleaseFoliosOf(ctx, "process_zombie"); err != nil {
		t.Fatal(err)
	}
	err = s.BeginIssuing(ctx, &sello.Issuing{InvoiceID: "invoice_5", TeamID: team, Owner: "process_zombie", Series: "A",
		Folio: f5, Reserved: true, CreatedAt: t0, XML: []byte("<x/>"), Record: []byte("{}")})
	wantCode(t, "BeginIssuing(folio handed back)", err, sello.Conflict)
	if got, _ := s.Issuings(ctx, "process_zombie"); len(got) != 0 {
		t.Errorf("BeginIssuing refused but wrote %d records", len(got))
	}
	// ReleaseFolio leaves a reservation another owner holds.
	if err := s.ReleaseFolio(ctx, sello.FolioClaim{TeamID: team, Series: "A", Folio: f4, Owner: "process_other"}); err != nil {
		t.Fatal(err)
	}
	// A record set aside keeps its folio pinned, whoever recovers its owner.
	if err := s.QuarantineIssuing(ctx, "invoice_4", "process_live"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Issuings(ctx, "quarantine"); len(got) != 1 || got[0].InvoiceID != "invoice_4" {
		t.Errorf("Issuings(quarantine) = %v", got)
	}
	if n, err := s.ReleaseFoliosOf(ctx, "process_live"); err != nil || n != 0 {
		t.Errorf("ReleaseFoliosOf(owner of a quarantined record) = %d, %v; want 0", n, err)
	}
	if f := reserve("p"); f != f5 {
		t.Errorf("next reservation = %d, want %d (handed back from the zombie)", f, f5)
	}

	// The dead process still holds f3 (no record now): handed back; the
	// live one keeps f4.
	if n, err := s.ReleaseFoliosOf(ctx, "process_dead"); err != nil || n != 1 {
		t.Fatalf("ReleaseFoliosOf = %d, %v; want 1", n, err)
	}
	if f := reserve("p"); f != f3 {
		t.Errorf("next reservation = %d; want the folio handed back, %d", f, f3)
	}
	if f := reserve("p"); f != f5+1 {
		t.Errorf("next reservation = %d, want %d (f4 is still held)", f, f5+1)
	}
	// ReturnFolio gives back a folio no invoice holds (its reservation
	// ended), not one a stored invoice has.
	for _, f := range []int64{f1, 40} {
		if err := s.ReturnFolio(ctx, sello.FolioClaim{TeamID: team, Series: "A", Folio: f}); err != nil {
			t.Fatalf("ReturnFolio(%d): %v", f, err)
		}
	}
	if f := reserve("p"); f != 40 {
		t.Errorf("reservation after returning folio 40 = %d, want 40 (and never %d, which invoice_1 has)", f, f1)
	}

	// Idempotency keys in flight of a dead process are forgotten; finished
	// ones and those of others are kept.
	key := func(v string) sello.IdempotencyKey {
		return sello.IdempotencyKey{KeyTeam: team, TargetTeam: team, Value: v}
	}
	for _, k := range []struct{ v, owner string }{{"k1", "process_dead"}, {"k2", "process_dead"}, {"k3", "process_live"}} {
		if _, err := s.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key(k.v), Fingerprint: "f", CreatedAt: t0, Owner: k.owner}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.FinishIdempotent(ctx, key("k2"), 201, "application/json", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ReleaseIdempotentOf(ctx, "process_dead"); err != nil || n != 1 {
		t.Fatalf("ReleaseIdempotentOf = %d, %v; want 1", n, err)
	}
	for v, wantFree := range map[string]bool{"k1": true, "k2": false, "k3": false} {
		prev, err := s.BeginIdempotent(ctx, &sello.IdempotencyRecord{Key: key(v), Fingerprint: "f", CreatedAt: t0})
		if err != nil || (prev == nil) != wantFree {
			t.Errorf("key %s after release: prev %+v, %v; want free %v", v, prev, err, wantFree)
		}
		if prev != nil && v == "k3" && prev.Owner != "process_live" {
			t.Errorf("key k3 owner = %q", prev.Owner)
		}
	}
}
