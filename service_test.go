package sello_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// manualClock is a clock the test moves.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openStore(t testing.TB) sello.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newTeam(name string, parent sello.TeamID) *sello.Team {
	return &sello.Team{LegalName: name, TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600", ParentID: parent}
}

func TestCreateTeamAndAuthenticate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := &manualClock{t: time.Date(2026, 3, 1, 18, 4, 5, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: openStore(t), Now: clk.now})
	parent := newTeam("PARENT", "")
	keys, err := svc.CreateTeam(ctx, parent)
	if err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	for _, tc := range []struct {
		header string
		live   bool
		keyID  string
	}{{"Bearer " + keys.Test, false, keys.TestID}, {keys.Live, true, keys.LiveID}, {" bearer  " + keys.Test, false, keys.TestID}} {
		a, err := svc.Authenticate(ctx, tc.header)
		if err != nil {
			t.Fatalf("Authenticate(%.20s…): %v", tc.header, err)
		}
		if a.Team.ID != parent.ID || a.Livemode != tc.live || a.KeyID != tc.keyID {
			t.Errorf("Authenticate = %+v, want team %s live %v key %s", a, parent.ID, tc.live, tc.keyID)
		}
	}
	for _, h := range []string{"", "  ", "Bearer", "Bearer  "} {
		if _, err := svc.Authenticate(ctx, h); sello.ErrorCode(err) != sello.Unauthenticated {
			t.Errorf("Authenticate(%q) = %v, want unauthenticated", h, err)
		}
	}
	if _, err := svc.Authenticate(ctx, "Bearer x.y.z"); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("Authenticate(x.y.z) = %v, want invalid_token", err)
	}

	child := newTeam("CHILD", parent.ID)
	if _, err := svc.CreateTeam(ctx, child); err != nil {
		t.Fatalf("CreateTeam(child): %v", err)
	}
	if _, err := svc.CreateTeam(ctx, newTeam("GRANDCHILD", child.ID)); sello.ErrorCode(err) != sello.InsufficientPermissions {
		t.Errorf("CreateTeam(grandchild) = %v, want insufficient_permissions", err)
	}
	a, _ := svc.Authenticate(ctx, keys.Test)
	if got, err := svc.ResolveTarget(ctx, a, string(child.ID)); err != nil || got.ID != child.ID {
		t.Errorf("ResolveTarget(child) = %v, %v", got, err)
	}
	for _, id := range []string{"team_unknown", "x"} {
		if _, err := svc.ResolveTarget(ctx, a, id); sello.ErrorCode(err) != sello.Forbidden {
			t.Errorf("ResolveTarget(%s) = %v, want forbidden", id, err)
		}
	}
}

func TestCreateTeamValidates(t *testing.T) {
	t.Parallel()
	svc := sello.NewService(sello.Config{Store: openStore(t), Now: time.Now})
	_, err := svc.CreateTeam(context.Background(), &sello.Team{TaxID: "abc", TaxSystem: "6011", Zip: "6600"})
	e, ok := err.(*sello.Error)
	if !ok || e.Code != sello.Invalid || len(e.Fields) != 4 {
		t.Fatalf("CreateTeam(bad) = %v, want 4 field problems", err)
	}
	if _, err := svc.CreateTeam(context.Background(), &sello.Team{LegalName: "A", TaxID: "eku9003173c9", TaxSystem: "601", Zip: "06600"}); err != nil {
		t.Errorf("CreateTeam(lower-case RFC) = %v, want it upper-cased and accepted", err)
	}
}

// TestRevocationBound: a revocation through the same Service applies at
// once; one made by another process applies once the cache entry expires.
func TestRevocationBound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := openStore(t)
	clk := &manualClock{t: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	server := sello.NewService(sello.Config{Store: store, Now: clk.now, AuthCacheTTL: 5 * time.Second})
	admin := sello.NewService(sello.Config{Store: store, Now: clk.now})
	keys, err := server.CreateTeam(ctx, newTeam("A", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{keys.Test, keys.Live} {
		if _, err := server.Authenticate(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := server.RevokeKey(ctx, keys.TestID); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Authenticate(ctx, keys.Test); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("Authenticate after local revoke = %v, want invalid_token", err)
	}
	if err := admin.RevokeKey(ctx, keys.LiveID); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Authenticate(ctx, keys.Live); err != nil {
		t.Errorf("Authenticate inside the cache bound = %v, want the cached answer", err)
	}
	clk.add(5 * time.Second)
	if _, err := server.Authenticate(ctx, keys.Live); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("Authenticate after the cache bound = %v, want invalid_token", err)
	}
	if err := admin.RevokeKey(ctx, "key_test_nope"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("RevokeKey(unknown) = %v, want not_found", err)
	}
}

func TestEnsureSandbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := sello.NewService(sello.Config{Store: openStore(t), Now: time.Now})
	team, keys, err := svc.EnsureSandbox(ctx)
	if err != nil || team == nil || !team.Sandbox || keys.Test == "" {
		t.Fatalf("EnsureSandbox on empty store = %v %v %v", team, keys, err)
	}
	if a, err := svc.Authenticate(ctx, keys.Test); err != nil || a.Team.ID != team.ID {
		t.Errorf("Authenticate(sandbox key) = %v, %v", a, err)
	}
	if team, _, err := svc.EnsureSandbox(ctx); team != nil || err != nil {
		t.Errorf("EnsureSandbox twice = %v, %v; want nothing", team, err)
	}
}
