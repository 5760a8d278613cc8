package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func idemKey(value string) sello.IdempotencyKey {
	return sello.IdempotencyKey{KeyTeam: "team_p", TargetTeam: "team_c", Livemode: false, Value: value}
}

func newRecord(k sello.IdempotencyKey, fingerprint string, at time.Time) *sello.IdempotencyRecord {
	return &sello.IdempotencyRecord{Key: k, Fingerprint: fingerprint, CreatedAt: at}
}

// begin calls BeginIdempotent and fails the test on an error.
func begin(t *testing.T, s sello.Store, rec *sello.IdempotencyRecord) *sello.IdempotencyRecord {
	t.Helper()
	got, err := s.BeginIdempotent(t.Context(), rec)
	if err != nil {
		t.Fatalf("BeginIdempotent(%+v) = %v", rec.Key, err)
	}
	return got
}

func testIdempotencyLifecycle(t *testing.T, s sello.Store) {
	ctx := t.Context()
	k := idemKey("order-1")
	first := newRecord(k, "POST /v2/clients {a}", t0)
	if got := begin(t, s, first); got != nil {
		t.Fatalf("first BeginIdempotent = %+v, want nil", got)
	}

	// In flight: a second begin changes nothing and sees the first.
	inFlight := begin(t, s, newRecord(k, "POST /v2/clients {b}", t0.Add(time.Second)))
	if diff := cmp.Diff(first, inFlight); diff != "" {
		t.Errorf("BeginIdempotent while in flight mismatch (-want +got):\n%s", diff)
	}

	// Finished: the answer is stored and returned.
	body := []byte(`{"data":{"id":"client_1"}}`)
	if err := s.FinishIdempotent(ctx, k, 201, "application/json", body); err != nil {
		t.Fatalf("FinishIdempotent = %v", err)
	}
	want := &sello.IdempotencyRecord{Key: k, Fingerprint: first.Fingerprint, Done: true,
		Status: 201, ContentType: "application/json", Body: body, CreatedAt: t0}
	if diff := cmp.Diff(want, begin(t, s, newRecord(k, "x", t0))); diff != "" {
		t.Errorf("BeginIdempotent after finish mismatch (-want +got):\n%s", diff)
	}

	// Releasing a finished record keeps it.
	if err := s.ReleaseIdempotent(ctx, k); err != nil {
		t.Fatalf("ReleaseIdempotent(finished) = %v", err)
	}
	if diff := cmp.Diff(want, begin(t, s, newRecord(k, "x", t0))); diff != "" {
		t.Errorf("BeginIdempotent after releasing a finished record mismatch (-want +got):\n%s", diff)
	}

	// Releasing an in-flight record frees the key.
	k2 := idemKey("order-2")
	begin(t, s, newRecord(k2, "f", t0))
	if err := s.ReleaseIdempotent(ctx, k2); err != nil {
		t.Fatalf("ReleaseIdempotent(in flight) = %v", err)
	}
	if got := begin(t, s, newRecord(k2, "g", t0)); got != nil {
		t.Errorf("BeginIdempotent after release = %+v, want nil", got)
	}
	if err := s.ReleaseIdempotent(ctx, idemKey("never-used")); err != nil {
		t.Errorf("ReleaseIdempotent(unknown) = %v, want nil", err)
	}

	wantCode(t, "FinishIdempotent(unknown)",
		s.FinishIdempotent(ctx, idemKey("never-used"), 200, "application/json", nil), sello.NotFound)

	// A finished empty answer comes back done, with no body.
	k3 := idemKey("order-3")
	begin(t, s, newRecord(k3, "f", t0))
	if err := s.FinishIdempotent(ctx, k3, 204, "", nil); err != nil {
		t.Fatalf("FinishIdempotent(no body) = %v", err)
	}
	got := begin(t, s, newRecord(k3, "f", t0))
	if got == nil || !got.Done || got.Status != 204 || len(got.Body) != 0 {
		t.Errorf("BeginIdempotent after an empty answer = %+v, want done, 204, no body", got)
	}
}

// testIdempotencyScope checks that each part of the key scopes it.
func testIdempotencyScope(t *testing.T, s sello.Store) {
	base := idemKey("same")
	keys := []sello.IdempotencyKey{base}
	for _, change := range []func(*sello.IdempotencyKey){
		func(k *sello.IdempotencyKey) { k.KeyTeam = "team_other" },
		func(k *sello.IdempotencyKey) { k.TargetTeam = "team_other" },
		func(k *sello.IdempotencyKey) { k.Livemode = true },
		func(k *sello.IdempotencyKey) { k.Value = "SAME" },
	} {
		k := base
		change(&k)
		keys = append(keys, k)
	}
	for i, k := range keys {
		if got := begin(t, s, newRecord(k, fmt.Sprint(i), t0)); got != nil {
			t.Errorf("BeginIdempotent(%+v) = %+v, want nil (a distinct scope)", k, got)
		}
	}
	for i, k := range keys {
		got := begin(t, s, newRecord(k, "again", t0))
		if got == nil || got.Fingerprint != fmt.Sprint(i) {
			t.Errorf("BeginIdempotent(%+v) again = %+v, want fingerprint %d", k, got, i)
		}
	}
}

func testIdempotencyPurge(t *testing.T, s sello.Store) {
	ctx := t.Context()
	old, mid, recent := idemKey("old"), idemKey("mid"), idemKey("recent")
	begin(t, s, newRecord(old, "f", t0))
	begin(t, s, newRecord(mid, "f", t0.Add(time.Hour)))
	begin(t, s, newRecord(recent, "f", t0.Add(2*time.Hour)))
	if err := s.FinishIdempotent(ctx, old, 200, "application/json", []byte("{}")); err != nil {
		t.Fatalf("FinishIdempotent(old) = %v", err)
	}
	for _, want := range []int{1, 0} {
		n, err := s.PurgeIdempotent(ctx, t0.Add(time.Hour))
		if err != nil || n != want {
			t.Errorf("PurgeIdempotent(t0+1h) = %d, %v, want %d, nil", n, err, want)
		}
	}
	if got := begin(t, s, newRecord(old, "g", t0.Add(3*time.Hour))); got != nil {
		t.Errorf("BeginIdempotent(purged key) = %+v, want nil", got)
	}
	for _, k := range []sello.IdempotencyKey{mid, recent} {
		if got := begin(t, s, newRecord(k, "g", t0)); got == nil {
			t.Errorf("BeginIdempotent(%s) after purge = nil, want the kept record", k.Value)
		}
	}
}

// testIdempotencyConcurrent races many first uses of one key: exactly one
// wins and every other sees the winner's record.
func testIdempotencyConcurrent(t *testing.T, s sello.Store) {
	const n = 16
	k := idemKey("race")
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		got   [n]*sello.IdempotencyRecord
		errs  [n]error
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = s.BeginIdempotent(t.Context(), newRecord(k, fmt.Sprint(i), t0))
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i := range n {
		switch {
		case errs[i] != nil:
			t.Fatalf("BeginIdempotent in goroutine %d = %v", i, errs[i])
		case got[i] == nil && winner >= 0:
			t.Fatalf("BeginIdempotent won in goroutines %d and %d, want exactly one winner", winner, i)
		case got[i] == nil:
			winner = i
		}
	}
	if winner < 0 {
		t.Fatalf("BeginIdempotent won in no goroutine, want exactly one")
	}
	for i := range n {
		if i != winner && got[i].Fingerprint != fmt.Sprint(winner) {
			t.Errorf("goroutine %d saw fingerprint %q, want the winner's %q", i, got[i].Fingerprint, fmt.Sprint(winner))
		}
	}
}
