package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// bench sends authenticated requests from N workers for a duration and
// prints the throughput and latency percentiles.
func bench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "invoices" {
		return benchInvoices(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "lists" {
		return benchLists(ctx, e, args[1:])
	}
	fs := newFlags(e, "bench")
	url := fs.String("url", "http://127.0.0.1:8080/v2/ping", "URL to request")
	key := fs.String("key", "", "API key, sent as Authorization: Bearer <key>")
	method := fs.String("method", "GET", "HTTP method")
	duration := fs.Duration("duration", 10*time.Second, "how long to run")
	conc := fs.Int("concurrency", 16, "concurrent connections")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *key == "" {
		*key = e.getenv("SELLO_KEY")
	}
	if *conc < 1 {
		return errors.New("--concurrency must be at least 1")
	}
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: *conc, MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true,
	}}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	results := make([]workerResult, *conc)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = benchWorker(ctx, client, *method, *url, *key)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	var failed, other int
	for _, r := range results {
		all = append(all, r.latencies...)
		failed += r.failed
		other += r.non2xx
	}
	if len(all) == 0 {
		return fmt.Errorf("no successful requests (%d failed, %d non-2xx)", failed, other)
	}
	pct := func(p float64) time.Duration { return percentile(all, p) }
	fmt.Fprintf(e.stdout, "requests:    %d ok, %d non-2xx, %d failed in %.1fs with %d connections\n",
		len(all), other, failed, elapsed.Seconds(), *conc)
	fmt.Fprintf(e.stdout, "throughput:  %.0f requests/s\n", float64(len(all))/elapsed.Seconds())
	fmt.Fprintf(e.stdout, "latency:     p50 %v  p90 %v  p99 %v  max %v\n",
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), all[len(all)-1].Round(time.Microsecond))
	return nil
}

type workerResult struct {
	latencies      []time.Duration
	failed, non2xx int
}

func benchWorker(ctx context.Context, client *http.Client, method, url, key string) workerResult {
	var r workerResult
	r.latencies = make([]time.Duration, 0, 1<<16)
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		r.failed++
		return r
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for ctx.Err() == nil {
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				r.failed++
			}
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			r.non2xx++
			continue
		}
		r.latencies = append(r.latencies, time.Since(t))
	}
	return r
}
