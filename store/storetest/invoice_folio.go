package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

func mustReserve(t *testing.T, s sello.Store, team sello.TeamID, live bool, series string, now, until time.Time) int64 {
	t.Helper()
	f, err := s.ReserveFolio(t.Context(), team, live, series, "series_"+string(team)+series, "", now, until)
	if err != nil {
		t.Fatalf("ReserveFolio(%s, live %v, %s) = %v", team, live, series, err)
	}
	return f
}

func testFolios(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_fo")
	mustCreateTeam(t, s, newTeam(team, "", "FOLIOS", t0))
	until := t0.Add(time.Minute)
	reserve := func(live bool, series string, now time.Time) int64 {
		return mustReserve(t, s, team, live, series, now, now.Add(time.Minute))
	}

	var got []int64
	for range 3 {
		got = append(got, reserve(false, "A", t0))
	}
	if !slices.Equal(got, []int64{1, 2, 3}) {
		t.Fatalf("three reservations = %v, want [1 2 3]", got)
	}
	series, err := s.FindSeries(ctx, team)
	if err != nil || len(series) != 1 {
		t.Fatalf("FindSeries = %v, %v; want the series ReserveFolio created", series, err)
	}
	if sr := series[0]; sr.ID != "series_team_foA" || sr.Name != "A" || sr.NextTest != 4 || sr.NextLive != 1 || !sr.CreatedAt.Equal(t0) {
		t.Errorf("created series = %+v, want series_team_foA named A, next test 4, next live 1, created %v", sr, t0)
	}
	if f := reserve(true, "A", t0); f != 1 {
		t.Errorf("first live folio = %d, want 1 (the modes count apart)", f)
	}

	// A released folio is the next one handed out, before the counter.
	if err := s.ReleaseFolio(ctx, sello.FolioClaim{TeamID: team, Series: "A", Folio: 2}); err != nil {
		t.Fatalf("ReleaseFolio = %v", err)
	}
	if f := reserve(false, "A", t0); f != 2 {
		t.Errorf("reservation after releasing 2 = %d, want 2", f)
	}
	if f := reserve(false, "A", t0); f != 4 {
		t.Errorf("next reservation = %d, want 4", f)
	}
	// Releasing an unknown folio changes nothing.
	if err := s.ReleaseFolio(ctx, sello.FolioClaim{TeamID: team, Series: "Z", Folio: 9}); err != nil {
		t.Errorf("ReleaseFolio(unknown) = %v", err)
	}

	// An invoice stored with folio 1 ends its reservation: after every
	// reservation expired, 1 is not handed out again, 3 and 4 are.
	mustCreateInvoice(t, s, newInvoice("invoice_f1", team, false, sello.InvoiceValid, "A", 1, t0))
	// A draft stamped with folio 2 ends its reservation too.
	mustCreateInvoice(t, s, newInvoice("invoice_f2", team, false, sello.InvoiceDraft, "A", 0, t0))
	if err := s.UpdateInvoice(ctx, newInvoice("invoice_f2", team, false, sello.InvoicePending, "A", 2, t0), sello.InvoiceDraft); err != nil {
		t.Fatalf("UpdateInvoice(draft→pending, folio 2) = %v", err)
	}
	later := until.Add(time.Second)
	got = []int64{reserve(false, "A", later), reserve(false, "A", later), reserve(false, "A", later)}
	if !slices.Equal(got, []int64{3, 4, 5}) {
		t.Errorf("reservations after the others expired = %v, want [3 4 5]", got)
	}
	// Before they expire, nothing is handed out twice.
	if f := reserve(false, "A", later); f != 6 {
		t.Errorf("reservation while 3–5 are held = %d, want 6", f)
	}

	// A series made elsewhere keeps its counters.
	if err := s.CreateSeries(ctx, &sello.Series{ID: "series_b", TeamID: team, Name: "B", NextLive: 50, NextTest: 10, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if f := reserve(false, "B", t0); f != 10 {
		t.Errorf("first folio of series B = %d, want its counter 10", f)
	}
	if f := reserve(true, "B", t0); f != 50 {
		t.Errorf("first live folio of series B = %d, want 50", f)
	}

	// The counter skips folios an invoice took by hand and folios still
	// reserved after it was set back.
	mustCreateInvoice(t, s, newInvoice("invoice_b12", team, false, sello.InvoiceValid, "B", 12, t0))
	mustCreateInvoice(t, s, newInvoice("invoice_b13", team, false, sello.InvoiceDraft, "B", 13, t0)) // a draft takes none
	if got := []int64{reserve(false, "B", t0), reserve(false, "B", t0), reserve(false, "B", t0)}; !slices.Equal(got, []int64{11, 13, 14}) {
		t.Errorf("reservations around invoice B-12 = %v, want [11 13 14]", got)
	}
	if err := s.UpdateSeries(ctx, &sello.Series{ID: "series_b", TeamID: team, NextLive: 51, NextTest: 11}); err != nil {
		t.Fatal(err)
	}
	if f := reserve(false, "B", t0); f != 15 {
		t.Errorf("reservation after setting the counter back to 11 = %d, want 15", f)
	}

	_, err = s.ReserveFolio(ctx, "team_none", false, "A", "series_x", "", t0, until)
	wantCode(t, "ReserveFolio(unknown team)", err, sello.NotFound)
}

// testFoliosConcurrent reserves and stores 100 invoices of one series at
// once: every folio is used once, with no gap.
func testFoliosConcurrent(t *testing.T, s sello.Store) {
	const n = 100
	team := sello.TeamID("team_fc")
	mustCreateTeam(t, s, newTeam(team, "", "CONCURRENTES", t0))
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		folios []int64
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.ReserveFolio(t.Context(), team, true, "C", "series_c", "", t0, t0.Add(time.Hour))
			if err != nil {
				t.Errorf("ReserveFolio #%d = %v", i, err)
				return
			}
			inv := newInvoice(fmt.Sprintf("invoice_c%03d", i), team, true, sello.InvoiceValid, "C", f, t0)
			if err := s.CreateInvoice(t.Context(), inv, nil); err != nil {
				t.Errorf("CreateInvoice(folio %d) = %v", f, err)
				return
			}
			mu.Lock()
			folios = append(folios, f)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(folios)
	for i, f := range folios {
		if f != int64(i+1) {
			t.Fatalf("folios = %v, want 1..%d each once", folios, n)
		}
	}
	if len(folios) != n {
		t.Errorf("%d invoices stored, want %d", len(folios), n)
	}
}

// testFoliosReuseConcurrent gives 20 folios back and has 30 callers reserve
// at once: the 20 are handed out once each, then the counter goes on.
func testFoliosReuseConcurrent(t *testing.T, s sello.Store) {
	const released, n = 20, 30
	team := sello.TeamID("team_fr")
	mustCreateTeam(t, s, newTeam(team, "", "REUSO", t0))
	for i := range released {
		f := mustReserve(t, s, team, false, "R", t0, t0.Add(time.Hour))
		if i%2 == 0 {
			if err := s.ReleaseFolio(t.Context(), sello.FolioClaim{TeamID: team, Series: "R", Folio: f}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The odd folios expire instead of being given back.
	now := t0.Add(2 * time.Hour)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		folios []int64
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.ReserveFolio(t.Context(), team, false, "R", "series_r", "", now, now.Add(time.Hour))
			if err != nil {
				t.Errorf("ReserveFolio #%d = %v", i, err)
				return
			}
			mu.Lock()
			folios = append(folios, f)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(folios)
	for i, f := range folios {
		if f != int64(i+1) {
			t.Fatalf("folios = %v, want 1..%d each once", folios, n)
		}
	}
}

// testClaimInvoiceWork: writing an invoice keeps its JobInvoice in step,
// and ClaimJobs leases the due ones across teams.
func testClaimInvoiceWork(t *testing.T, s sello.Store) {
	ctx := t.Context()
	teams := []sello.TeamID{"team_w1", "team_w2"}
	for _, team := range teams {
		mustCreateTeam(t, s, newTeam(team, "", "TRABAJO", t0))
	}
	folio := int64(0)
	due := func(id string, team sello.TeamID, status sello.InvoiceStatus, cancel string, next time.Time) {
		folio++
		inv := newInvoice(id, team, false, status, "W", folio, t0)
		inv.CancellationStatus, inv.NextStampAt = cancel, next
		mustCreateInvoice(t, s, inv)
	}
	now := t0.Add(time.Hour)
	due("invoice_p1", teams[0], sello.InvoicePending, "", now.Add(-3*time.Minute))
	due("invoice_p2", teams[1], sello.InvoicePending, "", now.Add(-2*time.Minute))
	due("invoice_c1", teams[1], sello.InvoiceValid, sello.CancellationPending, now.Add(-time.Minute))
	due("invoice_p3", teams[0], sello.InvoicePending, "", now) // due exactly now
	due("invoice_later", teams[0], sello.InvoicePending, "", now.Add(time.Second))
	due("invoice_valid", teams[0], sello.InvoiceValid, "", now.Add(-time.Hour))
	due("invoice_rej", teams[0], sello.InvoiceValid, sello.CancellationRejected, now.Add(-time.Hour))
	due("invoice_nonext", teams[0], sello.InvoicePending, "", time.Time{})

	ids := func(jobs []*sello.Job) []string {
		var out []string
		for _, j := range jobs {
			if j.Kind != sello.JobInvoice || j.ID != "job_"+j.Ref {
				t.Errorf("claimed %+v, want the JobInvoice of an invoice", j)
			}
			out = append(out, j.Ref)
		}
		slices.Sort(out)
		return out
	}
	first, err := s.ClaimJobs(ctx, now, time.Minute, 2, sello.JobInvoice)
	if err != nil {
		t.Fatalf("ClaimJobs = %v", err)
	}
	if got := ids(first); !slices.Equal(got, []string{"invoice_p1", "invoice_p2"}) {
		t.Errorf("first claim = %v, want the two longest due, of both teams", got)
	}
	for _, j := range first {
		if !j.Lease.Equal(now.Add(time.Minute)) {
			t.Errorf("claimed %s: lease until %v; want %v", j.ID, j.Lease, now.Add(time.Minute))
		}
	}
	rest, err := s.ClaimJobs(ctx, now, time.Minute, 10, sello.JobInvoice)
	if got := ids(rest); err != nil || !slices.Equal(got, []string{"invoice_c1", "invoice_p3"}) {
		t.Errorf("second claim = %v, %v; want invoice_c1 and invoice_p3", got, err)
	}
	if none, err := s.ClaimJobs(ctx, now.Add(30*time.Second), time.Minute, 10, sello.JobInvoice); err != nil || len(none) != 1 || none[0].Ref != "invoice_later" {
		t.Errorf("claim during the leases = %v, %v; want invoice_later only", ids(none), err)
	}
	jobs, err := findJobs(ctx, s, teams[0], "invoice_p1", sello.JobInvoice)
	if err != nil || len(jobs) != 1 || !jobs[0].Lease.Equal(now.Add(time.Minute)) || !jobs[0].DoneAt.IsZero() {
		t.Errorf("stored job of invoice_p1 = %+v, %v; want open and leased until %v", jobs, err, now.Add(time.Minute))
	}
	// Another write of a claimed invoice (a complement paying it, a
	// recovery) keeps the claim: no second worker takes it meanwhile.
	p2, _ := s.FindInvoice(ctx, teams[1], false, "invoice_p2")
	p2.StampError = "touched"
	if err := s.UpdateInvoice(ctx, p2, sello.InvoicePending); err != nil {
		t.Fatal(err)
	}
	if none, err := s.ClaimJobs(ctx, now.Add(45*time.Second), time.Minute, 10, sello.JobInvoice); err != nil || len(none) != 0 {
		t.Errorf("claim during the leases, after another write = %v, %v; want none", ids(none), err)
	}
	stored, _ := s.FindInvoice(ctx, teams[0], false, "invoice_p1")
	// The worker stamped invoice_p1; the others are claimed again once
	// their lease ends.
	stored.Status, stored.NextStampAt, stored.UUID = sello.InvoiceValid, time.Time{}, uuidOf(stored.ID)
	if err := s.UpdateInvoice(ctx, stored, sello.InvoicePending); err != nil {
		t.Fatalf("UpdateInvoice(stamped) = %v", err)
	}
	if jobs, _ := findJobs(ctx, s, teams[0], "invoice_p1", sello.JobInvoice); len(jobs) != 0 {
		t.Errorf("job of the stamped invoice = %+v, want none left", jobs)
	}
	again, err := s.ClaimJobs(ctx, now.Add(2*time.Minute), time.Minute, 10, sello.JobInvoice)
	if got := ids(again); err != nil || !slices.Equal(got, []string{"invoice_c1", "invoice_later", "invoice_p2", "invoice_p3"}) {
		t.Errorf("claim after the leases = %v, %v", got, err)
	}
	// A retry scheduled by writing the invoice opens its job again.
	stored.Status, stored.UUID, stored.NextStampAt = sello.InvoicePending, "", now.Add(time.Hour)
	if err := s.UpdateInvoice(ctx, stored, sello.InvoiceValid); err != nil {
		t.Fatalf("UpdateInvoice(pending) = %v", err)
	}
	later, err := s.ClaimJobs(ctx, now.Add(time.Hour), time.Minute, 10, sello.JobInvoice)
	if got := ids(later); err != nil || !slices.Contains(got, "invoice_p1") {
		t.Errorf("claim of the rescheduled invoice = %v, %v", got, err)
	}
	for _, id := range []string{"invoice_valid", "invoice_rej", "invoice_nonext"} {
		if jobs, _ := findJobs(ctx, s, teams[0], id, sello.JobInvoice); len(jobs) != 0 {
			t.Errorf("jobs of %s = %+v, want none: it has nothing to do", id, jobs)
		}
	}
}

// findJobs returns the test-mode jobs of one kind working on ref.
func findJobs(ctx context.Context, s sello.Store, team sello.TeamID, ref, kind string) ([]*sello.Job, error) {
	jobs, err := s.FindJobs(ctx, team, false, ref)
	return slices.DeleteFunc(jobs, func(j *sello.Job) bool { return j.Kind != kind }), err
}

// testEmailJob: the write that stamps an invoice asking for an e-mail
// opens its JobEmail once, due at once; an import or any later write does
// not; ClaimJob takes it only while it is due and open.
func testEmailJob(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_mail")
	mustCreateTeam(t, s, newTeam(team, "", "CORREO", t0))
	stamped := newInvoice("invoice_m1", team, false, sello.InvoiceValid, "M", 1, t0)
	mustCreateInvoice(t, s, stamped)
	jobs, err := findJobs(ctx, s, team, "invoice_m1", sello.JobEmail)
	if err != nil || len(jobs) != 1 || !jobs[0].RunAt.Equal(stamped.UpdatedAt) || !jobs[0].DoneAt.IsZero() {
		t.Fatalf("e-mail jobs of a stored stamped invoice = %+v, %v; want one, due at %v", jobs, err, stamped.UpdatedAt)
	}
	j, err := s.ClaimJob(ctx, jobs[0].ID, stamped.UpdatedAt, time.Minute)
	if err != nil || !j.Lease.Equal(stamped.UpdatedAt.Add(time.Minute)) {
		t.Fatalf("ClaimJob = %+v, %v; want leased for a minute", j, err)
	}
	lost := *j
	lost.Lease = lost.Lease.Add(-time.Second)
	wantCode(t, "UpdateJob(lost claim)", s.UpdateJob(ctx, &lost), sello.Conflict)
	wantCode(t, "ClaimJob(held)", errOf(s.ClaimJob(ctx, j.ID, stamped.UpdatedAt.Add(30*time.Second), time.Minute)), sello.NotFound)
	j.DoneAt = stamped.UpdatedAt
	if err := s.UpdateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "ClaimJob(done)", errOf(s.ClaimJob(ctx, j.ID, t0.Add(time.Hour), time.Minute)), sello.NotFound)
	// A later write (a cancellation) opens nothing again.
	stamped.CancellationStatus = sello.CancellationPending
	if err := s.UpdateInvoice(ctx, stamped, sello.InvoiceValid); err != nil {
		t.Fatal(err)
	}
	if jobs, _ := findJobs(ctx, s, team, "invoice_m1", sello.JobEmail); len(jobs) != 1 || jobs[0].DoneAt.IsZero() {
		t.Errorf("e-mail jobs after a later write = %+v, want the one done", jobs)
	}
	// A pending invoice opens it when the worker stores its stamp.
	pending := newInvoice("invoice_m2", team, false, sello.InvoicePending, "M", 2, t0)
	pending.UUID, pending.NextStampAt = "", t0.Add(time.Minute)
	mustCreateInvoice(t, s, pending)
	if jobs, _ := findJobs(ctx, s, team, "invoice_m2", sello.JobEmail); len(jobs) != 0 {
		t.Errorf("e-mail jobs of a pending invoice = %+v, want none yet", jobs)
	}
	pending.Status, pending.UUID, pending.NextStampAt, pending.UpdatedAt = sello.InvoiceValid, uuidOf(pending.ID), time.Time{}, t0.Add(2*time.Minute)
	if err := s.UpdateInvoice(ctx, pending, sello.InvoicePending); err != nil {
		t.Fatal(err)
	}
	if jobs, _ := findJobs(ctx, s, team, "invoice_m2", sello.JobEmail); len(jobs) != 1 || !jobs[0].RunAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("e-mail jobs of the stamped pending invoice = %+v, want one due at its stamp", jobs)
	}
	// Imported invoices send nothing; one that does not ask for it neither.
	imported := newInvoice("invoice_m3", team, false, sello.InvoiceValid, "M", 3, t0)
	quiet := newInvoice("invoice_m4", team, false, sello.InvoiceValid, "M", 4, t0)
	quiet.SendEmail = false
	if err := s.ImportInvoices(ctx, []*sello.Invoice{imported}); err != nil {
		t.Fatal(err)
	}
	mustCreateInvoice(t, s, quiet)
	for _, id := range []string{"invoice_m3", "invoice_m4"} {
		if jobs, _ := findJobs(ctx, s, team, id, sello.JobEmail); len(jobs) != 0 {
			t.Errorf("e-mail jobs of %s = %+v, want none", id, jobs)
		}
	}
}

// testClaimInvoiceWorkConcurrent has workers claim at once: each due
// invoice is claimed by exactly one of them.
func testClaimInvoiceWorkConcurrent(t *testing.T, s sello.Store) {
	const n, workers = 40, 5
	team := sello.TeamID("team_wc")
	mustCreateTeam(t, s, newTeam(team, "", "TRABAJO", t0))
	for i := range n {
		inv := newInvoice(fmt.Sprintf("invoice_w%02d", i), team, false, sello.InvoicePending, "W", int64(i+1), t0)
		inv.NextStampAt = t0.Add(time.Duration(i) * time.Second)
		mustCreateInvoice(t, s, inv)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[string]int{}
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				jobs, err := s.ClaimJobs(t.Context(), t0.Add(time.Hour), time.Hour, 3, sello.JobInvoice)
				if err != nil {
					t.Errorf("ClaimJobs = %v", err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					seen[j.Ref]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("%d invoices claimed, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s claimed %d times, want once", id, k)
		}
	}
}
