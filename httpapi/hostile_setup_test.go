package httpapi

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/store/storetest"
)

// onEachEngine runs test against a server over SQLite and over PostgreSQL
// (eachStore). The server stamps test mode with the sandbox PAC, so that a
// body gets as far as the CFDI and the database.
func onEachEngine(t *testing.T, test func(t *testing.T, e *env)) {
	eachStore(t, func(t *testing.T, db sello.Store) { test(t, setupStamping(t, db)) })
}

// eachStore runs test on a fresh SQLite store and on a fresh PostgreSQL
// store (storetest.PostgresURL: skipped without TEST_DATABASE_URL, failing
// in CI), each closed on cleanup.
func eachStore(t *testing.T, test func(t *testing.T, db sello.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sello.db"))
		if err != nil {
			t.Fatalf("sqlite.Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		test(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(context.Background(), storetest.PostgresURL(t))
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		test(t, db)
	})
}

// setupStamping is a running server over db with the sandbox PAC for test
// mode and three teams: parent, its child and an unrelated one. Its logs
// are discarded unless the test fails (e.logs keeps them).
func setupStamping(t *testing.T, db sello.Store) *env {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	pac := sandboxPAC(t, clk)
	e, logger := newStampingEnv(db, clk, pac, nil)
	var k *sello.TeamKeys
	e.parent, k = e.createTeam(t, "ESCUELA KEMPER URGATE", "")
	e.test, e.live = k.Test, k.Live
	e.child, k = e.createTeam(t, "HIJA", e.parent.ID)
	e.childTest = k.Test
	e.other, k = e.createTeam(t, "OTRA", "")
	e.otherTest = k.Test
	srv := httptest.NewServer(NewServer(e.svc, logger, WithVersion("test")))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}
