package webhook_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/webhook"
)

// benchStores opens a fresh store per engine: SQLite always, PostgreSQL
// when TEST_DATABASE_URL is set.
func benchStores(b *testing.B) map[string]func(b *testing.B) sello.Store {
	stores := map[string]func(b *testing.B) sello.Store{
		"sqlite": func(b *testing.B) sello.Store {
			db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "sello.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		},
	}
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		return stores
	}
	stores["postgres"] = func(b *testing.B) sello.Store {
		name := "sello_bench_" + rand.Text()[:12]
		adm, err := sql.Open("pgx", admin)
		if err != nil {
			b.Fatal(err)
		}
		defer adm.Close()
		if _, err := adm.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(admin)
		u.Path = "/" + name
		db, err := postgres.Open(context.Background(), u.String())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			db.Close()
			adm, _ := sql.Open("pgx", admin)
			adm.Exec(`DROP DATABASE "` + name + `" WITH (FORCE)`)
			adm.Close()
		})
		return db
	}
	return stores
}

// benchReceiver counts deliveries and notes when each event arrived.
type benchReceiver struct {
	mu      sync.Mutex
	arrived map[string]time.Time
	signal  chan struct{}
}

func (r *benchReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var p struct{ ID string }
	json.NewDecoder(req.Body).Decode(&p)
	r.mu.Lock()
	if _, ok := r.arrived[p.ID]; !ok {
		r.arrived[p.ID] = time.Now()
	}
	r.mu.Unlock()
	select {
	case r.signal <- struct{}{}:
	default:
	}
}

func (r *benchReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.arrived)
}

// benchSetup makes a team, a webhook to a local receiver and a running worker.
func benchSetup(b *testing.B, store sello.Store) (*benchReceiver, *webhook.Worker, sello.TeamID) {
	ctx := context.Background()
	team := sello.TeamID("team_bench")
	now := time.Now()
	if err := store.CreateTeam(ctx, &sello.Team{ID: team, LegalName: "BENCH", TaxID: "EKU9003173C9", TaxSystem: "601",
		Zip: "06600", CreatedAt: now, UpdatedAt: now}); err != nil {
		b.Fatal(err)
	}
	rc := &benchReceiver{arrived: map[string]time.Time{}, signal: make(chan struct{}, 1)}
	srv := httptest.NewServer(rc)
	b.Cleanup(srv.Close)
	err := store.CreateWebhook(ctx, &sello.Webhook{ID: "wh_bench", TeamID: team, URL: srv.URL, Events: []string{},
		Status: sello.WebhookActive, Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", CreatedAt: now, UpdatedAt: now})
	if err != nil {
		b.Fatal(err)
	}
	w := webhook.NewWorker(store, slog.New(slog.NewTextHandler(io.Discard, nil)), webhook.WithAllowPrivate(true))
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { w.Run(wctx); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
	return rc, w, team
}

func benchEvents(team sello.TeamID, n int) []*sello.Event {
	ids := sello.IDGenerator{}
	out := make([]*sello.Event, n)
	for i := range out {
		out[i] = &sello.Event{ID: ids.New("evt_"), TeamID: team, Type: "customer.created", ObjectID: "client_1",
			Data: []byte(`{"id":"client_1","legal_name":"ACME"}`), CreatedAt: time.Now()}
	}
	return out
}

// BenchmarkDeliveryThroughput records b.N events (in transactions of 100)
// and measures how fast the worker delivers them to a local receiver.
func BenchmarkDeliveryThroughput(b *testing.B) {
	for name, open := range benchStores(b) {
		b.Run(name, func(b *testing.B) {
			store := open(b)
			rc, w, team := benchSetup(b, store)
			events := benchEvents(team, b.N)
			b.ResetTimer()
			start := time.Now()
			for chunk := range slices.Chunk(events, 100) {
				if err := store.RecordEvent(context.Background(), chunk...); err != nil {
					b.Fatal(err)
				}
				w.Wake()
			}
			for rc.count() < b.N {
				<-rc.signal
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
		})
	}
}

// BenchmarkDeliveryLatency measures, on an idle worker, the time from the
// change recording one event to its arrival at the receiver: with the
// wake-up the store gives after the commit that made the delivery (a change
// made by this replica; SetDeliveryNotify, as sello serve wires it), and by
// polling alone (a change made by another replica).
func BenchmarkDeliveryLatency(b *testing.B) {
	for name, open := range benchStores(b) {
		for _, wake := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/wake=%v", name, wake), func(b *testing.B) {
				store := open(b)
				rc, w, team := benchSetup(b, store)
				if n, ok := store.(interface{ SetDeliveryNotify(func()) }); ok && wake {
					n.SetDeliveryNotify(w.Wake)
				}
				var lat []time.Duration
				b.ResetTimer()
				for i := range b.N {
					e := benchEvents(team, 1)[0]
					start := time.Now()
					if err := store.RecordEvent(context.Background(), e); err != nil {
						b.Fatal(err)
					}
					for rc.count() < i+1 {
						<-rc.signal
					}
					rc.mu.Lock()
					lat = append(lat, rc.arrived[e.ID].Sub(start))
					rc.mu.Unlock()
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}
