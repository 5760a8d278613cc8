package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// benchServer returns the handler over a fresh SQLite database and a test
// key of its one team.
func benchServer(b *testing.B, cfg sello.Config) (*Server, string) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cfg.Store, cfg.Now = db, time.Now
	svc := sello.NewService(cfg)
	tm := &sello.Team{LegalName: "BENCH", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600"}
	keys, err := svc.CreateTeam(ctx, tm)
	if err != nil {
		b.Fatal(err)
	}
	return NewServer(svc, slog.New(slog.NewJSONHandler(io.Discard, nil))), keys.Test
}

// discard is a minimal ResponseWriter, cheaper than httptest.Recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func benchmarkPing(b *testing.B, cfg sello.Config) {
	s, key := benchServer(b, cfg)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest("GET", "/v2/ping", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		w := &discard{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			s.ServeHTTP(w, req)
		}
	})
}

// BenchmarkAuthenticatedPing is GET /v2/ping with a test key through the
// whole handler, key cache on (the default).
func BenchmarkAuthenticatedPing(b *testing.B) { benchmarkPing(b, sello.Config{}) }

// BenchmarkAuthenticatedPingNoCache looks the key and the team up in SQLite
// on every request.
func BenchmarkAuthenticatedPingNoCache(b *testing.B) {
	benchmarkPing(b, sello.Config{AuthCacheTTL: -1})
}
