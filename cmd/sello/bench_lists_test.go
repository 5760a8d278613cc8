package main

import (
	"context"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/sello-mx/sello/store/storetest"
)

// TestBenchLists runs `sello bench lists` at a small size on both engines,
// so the benchmark's code path stays tested; no timing is checked.
func TestBenchLists(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			if engine == "postgres" {
				env["DATABASE_URL"] = storetest.PostgresURL(t)
			}
			bench := func(args ...string) (string, map[string]string) {
				var out, errs syncBuffer
				err := run(context.Background(), append([]string{"sello", "bench", "lists", "--rows", "300", "--requests", "2"}, args...),
					getenvFrom(env), &out, &errs)
				if err != nil {
					t.Fatalf("bench lists %v: %v\n%s%s", args, err, out.String(), errs.String())
				}
				line := regexp.MustCompile(`(?m)^(\w+) p50=[0-9.]+ p99=[0-9.]+ total_results=(-?\d+)$`)
				totals := map[string]string{}
				for _, m := range line.FindAllStringSubmatch(out.String(), -1) {
					totals[m[1]] = m[2]
				}
				return out.String(), totals
			}
			out, totals := bench()
			for name, want := range map[string]string{"first_page": "301", "status_canceled": "3",
				"series_B": "75", "payment_method_PPD": "90", "metadata_order_id": "1", "client_10pct": "30",
				"events_type": "75", "events_type_1pct": "3", "deliveries_first_page": "300", "deliveries_failed": "30",
				"deliveries_event": "75", "clients_first_page": "1001", "clients_search": "1",
				"payments_first_page": "300", "payments_refunded": "15", "payments_currency_USD": "60", "payments_email": "1",
				"payments_metadata_channel": "150", "payments_metadata_order_id": "1", "payments_search_name": "1"} {
				if totals[name] != want {
					t.Errorf("%s total_results = %q, want %s\n%s", name, totals[name], want, out)
				}
			}
			if len(totals) < 37 || !strings.Contains(out, "worst p99=") {
				t.Errorf("bench lists printed %d cases:\n%s", len(totals), out)
			}
			if engine != "postgres" {
				return
			}
			// --reuse times the same cases over the data already stored,
			// and finds the same totals.
			again, reused := bench("--reuse")
			if !strings.Contains(again, "data:        reused") || !maps.Equal(reused, totals) {
				t.Errorf("bench lists --reuse:\n%s\nwant the totals of\n%s", again, out)
			}
		})
	}
}
