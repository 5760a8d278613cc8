package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/httpapi"
	"github.com/sello-mx/sello/rsasign"
)

func serve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	db := dbFlag(fs, e)
	accessLog := fs.Bool("access-log", false, "log one line per request")
	authTTL := fs.Duration("auth-cache-ttl", 5*time.Second, "how long a verified key is cached; bounds how late a revocation by another process takes effect")
	drain := fs.Duration("shutdown-timeout", 30*time.Second, "how long to drain in-flight requests on SIGINT/SIGTERM")
	keyFile := fs.String("master-key-file", "", "file holding the master key that seals CSDs and webhook secrets (default: SELLO_MASTER_KEY_FILE, else sello.master.key next to the database; SELLO_MASTER_KEY overrides)")
	hooks := webhookFlags(fs, e)
	payLease := paymentLeaseFlag(fs, e)
	jobLease := jobLeaseFlag(fs, e)
	authLimit := failureLimit{n: 20, per: 10 * time.Second}
	fs.Var(&authLimit, "auth-failure-limit", "failed authentications a client (IP address) may make, as N/duration; past it they answer 429 (0 turns the limit off)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(e.stderr, nil))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	store, engine, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	master, err := serveMasterKey(e, engine, *keyFile, *db, logger)
	if err != nil {
		return err
	}
	if err := hooks.check(); err != nil {
		return err
	}
	cfg := sello.Config{Store: store, Logger: logger, MasterKey: master, AuthCacheTTL: *authTTL,
		PaymentLease: *payLease, JobLease: *jobLease, WebhookHTTPHosts: hooks.hosts()}
	if *authTTL == 0 {
		cfg.AuthCacheTTL = -1 // no cache
	}
	if err := invoiceConfig(ctx, e, logger, &cfg); err != nil {
		return err
	}
	paymentConfig(e, ln.Addr().String(), &cfg)
	svc, err := newService(e, cfg)
	if err != nil {
		return err
	}
	// The worker opens sealed webhook secrets through the Service.
	worker := hooks.newWorker(store, logger, svc.OpenWebhookSecrets)
	team, keys, err := svc.EnsureSandbox(ctx)
	if err != nil {
		return err
	}
	if team != nil {
		fmt.Fprintf(e.stdout, "Sandbox team %s created (%s, %s).\nSandbox TEST key (shown once, keep it): %s\n", team.ID, team.LegalName, team.TaxID, keys.Test)
	}
	// What a previous run (or a dead replica) left is resolved before this
	// one answers anything.
	procCtx, stopProc := context.WithCancel(context.WithoutCancel(ctx))
	defer stopProc()
	if err := svc.StartProcess(procCtx, thisProcess(sello.IDGenerator{}.New("process_")), processAlive); err != nil {
		return err
	}
	api := httpapi.NewServer(svc, logger, httpapi.WithVersion(version()),
		httpapi.WithPublicURL(e.getenv("PUBLIC_URL")), httpapi.WithAccessLog(*accessLog),
		httpapi.WithAuthFailureLimit(authLimit.n, authLimit.per))
	srv := newHTTPServer(withPages(api, svc, logger), logger)
	go purgeIdempotency(ctx, svc, logger)
	workerCtx, stopWorker := context.WithCancel(ctx)
	defer stopWorker()
	waitWorker := startWorker(workerCtx, worker)
	go svc.JobWorker(workerCtx, time.Second)
	go svc.GlobalInvoiceWorker(workerCtx, time.Minute)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "db", engine, "version", version(), "rsa", rsasign.Backend())
	fmt.Fprintf(e.stdout, "Listening on http://%s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	err = srv.Shutdown(sctx)
	stopWorker()
	waitWorker()
	stopProc()
	if err != nil {
		// Requests still run: the process record stays for recovery.
		return fmt.Errorf("shutdown: %w", err)
	}
	pctx, pcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer pcancel()
	if err := svc.StopProcess(pctx); err != nil {
		logger.Warn("cannot resolve the process record; the next start will", "err", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newHTTPServer bounds every phase of a connection, so a client that sends
// slowly, never reads its answer or idles cannot hold one for long. The
// WriteTimeout runs from the end of the request headers; the API moves the
// deadline again when its answer starts and for every MiB the client
// accepts (httpapi.WithWriteTimeout), so neither a long handler nor a large
// download by a client that keeps reading is cut.
func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// failureLimit is the value of --auth-failure-limit: n failures per
// duration ("20/10s"), or "0" for no limit.
type failureLimit struct {
	n   int
	per time.Duration
}

func (f *failureLimit) String() string {
	if f.n <= 0 {
		return "0"
	}
	return strconv.Itoa(f.n) + "/" + f.per.String()
}

func (f *failureLimit) Set(v string) error {
	if v == "0" {
		f.n = 0
		return nil
	}
	n, per, ok := strings.Cut(v, "/")
	count, err := strconv.Atoi(n)
	d, derr := time.ParseDuration(per)
	if !ok || err != nil || derr != nil || count <= 0 || d <= 0 {
		return fmt.Errorf("want N/duration such as 20/10s, or 0")
	}
	f.n, f.per = count, d
	return nil
}

// purgeIdempotency deletes old idempotency records every hour.
func purgeIdempotency(ctx context.Context, svc *sello.Service, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := svc.PurgeIdempotent(ctx); err != nil {
				logger.Error("purge idempotency records", "error", err.Error())
			} else if n > 0 {
				logger.Info("purged idempotency records", "count", n)
			}
		}
	}
}
