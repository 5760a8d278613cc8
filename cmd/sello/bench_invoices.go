package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/httpapi"
	"github.com/sello-mx/sello/rsasign"
)

// benchInvoices measures end-to-end invoice creation over HTTP: each
// request resolves a stored client, computes, validates, reserves a folio,
// seals with the team's CSD, stamps with the sandbox PAC and stores. Beside
// it, it measures the raw RSA-2048 signing rate of this machine in the same
// run, with the signer this binary seals with (rsasign.Backend: crypto/rsa,
// or OpenSSL when built with -tags fastrsa; with --url the server may have
// been built otherwise): two signatures per invoice (the Sello and the PAC's
// SelloSAT) bound what any implementation can reach.
//
// Without --url it starts its own server on a fresh database: SQLite in a
// temporary directory, or PostgreSQL when DATABASE_URL is set.
func benchInvoices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench invoices")
	url := fs.String("url", "", "base URL of a running server (default: start one in process)")
	key := fs.String("key", "", "test API key for --url (default SELLO_KEY)")
	duration := fs.Duration("duration", 10*time.Second, "how long to run")
	conc := fs.Int("concurrency", 8, "concurrent requests")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run (in-process server only) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *conc < 1 {
		return errors.New("--concurrency must be at least 1")
	}
	if *key == "" {
		*key = e.getenv("SELLO_KEY")
	}
	clientID := ""
	if *url == "" {
		b, err := benchServer(ctx, e)
		if err != nil {
			return err
		}
		defer b.stop()
		*url, *key, clientID = b.base, b.key, b.client.ID
	}
	body := benchInvoiceBody(clientID)
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}}
	defer client.CloseIdleConnections()
	// One warm-up invoice: the first one creates the sandbox CSD.
	if _, err := postInvoice(ctx, client, *url, *key, body); err != nil {
		return fmt.Errorf("warm-up invoice: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	lat := make([][]time.Duration, *conc)
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	cpu0 := processCPU()
	start := time.Now()
	for i := range lat {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rctx.Err() == nil {
				t := time.Now()
				if _, err := postInvoice(rctx, client, *url, *key, body); err != nil {
					if rctx.Err() == nil {
						failed.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
					continue
				}
				lat[i] = append(lat[i], time.Since(t))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	if len(all) == 0 {
		return fmt.Errorf("no invoice was created (%d failed: %v)", failed.Load(), firstErr.Load())
	}
	pct := func(p float64) time.Duration { return percentile(all, p) }
	rate := float64(len(all)) / elapsed.Seconds()
	sigs, err := rsaRate(ctx, 3*time.Second)
	if err != nil {
		return fmt.Errorf("signing rate: %w", err)
	}
	ceiling := sigs / 2
	fmt.Fprintf(e.stdout, "invoices:    %d stamped, %d failed in %.1fs at concurrency %d\n", len(all), failed.Load(), elapsed.Seconds(), *conc)
	if v := firstErr.Load(); v != nil {
		fmt.Fprintf(e.stdout, "first error: %v\n", v)
	}
	fmt.Fprintf(e.stdout, "throughput:  %.1f invoices/s\n", rate)
	fmt.Fprintf(e.stdout, "latency:     p50 %v  p90 %v  p99 %v  max %v\n", pct(0.5).Round(time.Microsecond),
		pct(0.9).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), all[len(all)-1].Round(time.Microsecond))
	fmt.Fprintf(e.stdout, "cpu:         %.2f ms per invoice (this process: the client, and the server when in process)\n",
		float64(cpu.Microseconds())/1000/float64(len(all)))
	fmt.Fprintf(e.stdout, "rsa-2048:    %.0f signatures/s on %d CPUs with %s (ceiling %.0f invoices/s at 2 signatures each)\n",
		sigs, runtime.GOMAXPROCS(0), rsasign.Backend(), ceiling)
	fmt.Fprintf(e.stdout, "efficiency:  %.1f %% of the signing ceiling\n", 100*rate/ceiling)
	return nil
}

func benchInvoiceBody(clientID string) []byte {
	c := `{"legal_name":"UNIVERSIDAD ROBOTICA ESPAÑOLA","tax_id":"URE180429TM6","tax_system":"601","use":"G03","address":{"zip":"86991"}}`
	if clientID != "" {
		c = `{"id":"` + clientID + `"}`
	}
	return []byte(`{"client":` + c + `,"items":[{"description":"Servicio de consultoría","quantity":2,"unit_price":1500,` +
		`"product_key":"80101500","unit_key":"E48","taxes":[{"type":"IVA","rate":0.16}]}],"payment_form":"03"}`)
}

func postInvoice(ctx context.Context, client *http.Client, base, key string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v2/invoices/income", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusCreated {
		return resp.StatusCode, fmt.Errorf("status %d: %.300s", resp.StatusCode, b)
	}
	return resp.StatusCode, nil
}

// rsaRate signs SHA-256 digests with an RSA-2048 key on every CPU for d,
// through the signer the server seals with (rsasign's backend), and returns
// the signatures per second.
func rsaRate(ctx context.Context, d time.Duration) (float64, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return 0, err
	}
	signer, err := rsasign.New(key)
	if err != nil {
		return 0, err
	}
	digest := sha256.Sum256([]byte("sello"))
	var n atomic.Int64
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := signer.Sign(nil, digest[:], crypto.SHA256); err == nil {
					n.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds(), nil
}

// benchEnv is a server started in process by a benchmark, on a fresh
// database with one team and one client.
type benchEnv struct {
	base, key string // the server's URL and a test key of the team
	engine    string // sqlite or postgres
	dbPath    string // the SQLite file ("" on PostgreSQL)
	svc       *sello.Service
	store     sello.Store
	team      *sello.Team
	client    *sello.Client
	stop      func()
}

// benchServer starts a server in process on a fresh database: SQLite in a
// temporary directory, or PostgreSQL when DATABASE_URL is set.
func benchServer(ctx context.Context, e *env) (*benchEnv, error) {
	dir, err := os.MkdirTemp("", "sello-bench-")
	if err != nil {
		return nil, err
	}
	b := &benchEnv{dbPath: filepath.Join(dir, "bench.db")}
	cleanup := []func(){func() { os.RemoveAll(dir) }}
	b.stop = func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	fail := func(err error) (*benchEnv, error) {
		b.stop()
		return nil, err
	}
	store, engine, err := openStore(ctx, e, b.dbPath)
	if err != nil {
		return fail(err)
	}
	cleanup = append(cleanup, func() { store.Close() })
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	cfg := sello.Config{Store: store, Logger: logger}
	if err := invoiceConfig(ctx, e, logger, &cfg); err != nil {
		return fail(err)
	}
	svc, err := newService(e, cfg)
	if err != nil {
		return fail(err)
	}
	// As serve does: every sealed document is written down before stamping.
	procCtx, stopProc := context.WithCancel(context.WithoutCancel(ctx))
	if err := svc.StartProcess(procCtx, thisProcess(sello.IDGenerator{}.New("process_")), processAlive); err != nil {
		stopProc()
		return fail(err)
	}
	cleanup = append(cleanup, func() { stopProc(); svc.StopProcess(context.Background()) })
	team := &sello.Team{Name: "Bench", LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	keys, err := svc.CreateTeam(ctx, team)
	if err != nil {
		return fail(err)
	}
	c := &sello.Client{Name: "URE", LegalName: "UNIVERSIDAD ROBOTICA ESPAÑOLA", TaxID: "URE180429TM6", TaxSystem: "601",
		Use: "G03", Address: sello.Address{Zip: "86991"}}
	if err := svc.CreateClient(ctx, team.ID, false, c); err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	srv := &http.Server{Handler: httpapi.NewServer(svc, logger)}
	go srv.Serve(ln)
	cleanup = append(cleanup, func() { srv.Close() })
	fmt.Fprintf(e.stdout, "server:      in process on %s (%s)\n", ln.Addr(), engine)
	if engine != "sqlite" {
		b.dbPath = ""
	}
	b.base, b.key, b.engine, b.svc, b.store, b.team, b.client = "http://"+ln.Addr().String(), keys.Test, engine, svc, store, team, c
	return b, nil
}
