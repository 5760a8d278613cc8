package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// benchLists measures the list and search routes over HTTP on a team
// holding --rows invoices, as many events, webhook deliveries and
// payments (or --other-rows of each), and 1,000 clients. It starts its own
// server on a fresh database (SQLite in a temporary file, or PostgreSQL
// with DATABASE_URL), issues one real invoice through the API and stores --rows copies of it
// through the store in bulk (new ids, UUIDs, folios, dates over three
// years, 1,000 clients of which one holds a tenth, series, statuses,
// payment methods and metadata spread as a busy team's), then times each
// request sequentially and prints one line per request:
//
//	<name> p50=<ms> p99=<ms> total_results=<n>
//
// and a last line with the worst p99.
func benchLists(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench lists")
	rows := fs.Int("rows", 100_000, "invoices to store")
	otherRows := fs.Int("other-rows", 0, "events, webhook deliveries and payments to store (0: as many as --rows)")
	reuse := fs.Bool("reuse", false, "time the cases over the data an earlier run with the same --rows and --other-rows left in DATABASE_URL's database, without storing it again")
	requests := fs.Int("requests", 200, "requests per case")
	caseTime := fs.Duration("case-time", 10*time.Second, "at most this long per case (fewer requests when a case is slow)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *otherRows == 0 {
		*otherRows = *rows
	}
	if *rows < 100 || *otherRows < 100 || *requests < 1 {
		return errors.New("--rows and --other-rows must be at least 100 and --requests at least 1")
	}
	b, err := benchServer(ctx, e)
	if err != nil {
		return err
	}
	defer b.stop()
	client := &http.Client{Timeout: 5 * time.Minute}
	var data *benchData
	var others *benchOthers
	if *reuse {
		if data, others, err = reuseBenchData(ctx, b, *rows, *otherRows); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "data:        reused: %d invoices and %d of each other list of team %s\n", *rows, *otherRows, b.team.ID)
	} else if data, others, err = seedBenchData(ctx, e, client, b, *rows, *otherRows); err != nil {
		return err
	}
	cases, err := data.cases(ctx, client, b)
	if err != nil {
		return err
	}
	cases = append(cases, others.cases()...)
	worst, worstName := time.Duration(0), ""
	for _, c := range cases {
		lat, total, err := timeRequests(ctx, client, b, c.path, *requests, *caseTime)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		p50, p99 := percentile(lat, 0.5), percentile(lat, 0.99)
		fmt.Fprintf(e.stdout, "%s p50=%s p99=%s total_results=%d\n", c.name, ms(p50), ms(p99), total)
		if p99 > worst {
			worst, worstName = p99, c.name
		}
	}
	fmt.Fprintf(e.stdout, "worst p99=%s (%s)\n", ms(worst), worstName)
	return nil
}

// seedBenchData stores the benchmark's data through the store in bulk:
// rows invoices copied from one issued through the API, otherRows events,
// deliveries and payments, and the clients.
func seedBenchData(ctx context.Context, e *env, client *http.Client, b *benchEnv, rows, otherRows int) (*benchData, *benchOthers, error) {
	if _, err := postInvoice(ctx, client, b.base, b.key, benchInvoiceBody(b.client.ID)); err != nil {
		return nil, nil, fmt.Errorf("template invoice: %w", err)
	}
	tmpl, _, _, err := b.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: b.team.ID, ListOptions: sello.ListOptions{Limit: 1}})
	if err != nil || len(tmpl) != 1 {
		return nil, nil, fmt.Errorf("template invoice: %v", err)
	}
	start := time.Now()
	data, err := seedBenchInvoices(ctx, b.store, tmpl[0], rows)
	if err != nil {
		return nil, nil, err
	}
	built := time.Since(start)
	fmt.Fprintf(e.stdout, "data:        %d invoices stored in %.1fs (%.0f/s)", rows, built.Seconds(), float64(rows)/built.Seconds())
	if b.dbPath != "" {
		if size := fileSizes(b.dbPath); size > 0 {
			fmt.Fprintf(e.stdout, "; SQLite file %.1f MiB, %.1f KB per invoice", float64(size)/(1<<20), float64(size)/1000/float64(rows+1))
		}
	}
	fmt.Fprintln(e.stdout)

	start = time.Now()
	others, err := seedBenchOthers(ctx, b, data.first, data.span, otherRows, benchClients)
	if err != nil {
		return nil, nil, err
	}
	built = time.Since(start)
	fmt.Fprintf(e.stdout, "data:        %d events, %d webhook deliveries, %d payments and %d clients stored in %.1fs\n",
		otherRows, otherRows, otherRows, benchClients, built.Seconds())
	// After a bulk load, as autovacuum would in time: PostgreSQL's planner
	// and its search (invoices' trigrams) read the statistics.
	if a, ok := b.store.(interface{ Analyze(context.Context) error }); ok {
		start = time.Now()
		if err := a.Analyze(ctx); err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(e.stdout, "data:        analyzed in %.1fs\n", time.Since(start).Seconds())
	}

	return data, others, nil
}

// benchData is what the cases need to know of the stored invoices.
type benchData struct {
	rows      int
	bigClient string    // the client with a tenth of the invoices
	orderID   string    // one order_id value, held by one invoice
	uuid      string    // the UUID of one invoice
	name      string    // the legal name of one client
	first     time.Time // the oldest creation time
	span      time.Duration
}

// benchClients is how many clients the invoices are spread over.
const benchClients = 1000

// seedBenchInvoices stores rows copies of tmpl, in batches of one
// transaction each.
func seedBenchInvoices(ctx context.Context, store sello.Store, tmpl *sello.Invoice, rows int) (*benchData, error) {
	d := &benchData{rows: rows, span: 3 * 365 * 24 * time.Hour}
	d.first = tmpl.CreatedAt.Add(-d.span)
	step := d.span / time.Duration(rows)
	folios := map[string]int64{}
	const batch = 5000
	invs := make([]*sello.Invoice, 0, batch)
	for i := range rows {
		inv := *tmpl
		inv.ID = fmt.Sprintf("invoice_bench%012d", i)
		inv.UUID = benchUUID(inv.ID)
		inv.Series = []string{"A", "B", "C", "D"}[i%4]
		folios[inv.Series]++
		inv.Folio = 1_000_000 + folios[inv.Series] // clear of the template's folio
		inv.CreatedAt = d.first.Add(time.Duration(i) * step)
		inv.UpdatedAt = inv.CreatedAt
		inv.Status = sello.InvoiceValid
		if i%100 == 7 {
			inv.Status = sello.InvoiceCanceled
		}
		if i%20 == 3 {
			inv.Type = "E"
		}
		inv.PaymentMethod = "PUE"
		if i%10 < 3 {
			inv.PaymentMethod = "PPD"
		}
		client := benchClientOf(i, benchClients)
		inv.Client.LegalName = benchLegalName(client)
		inv.ClientID = fmt.Sprintf("client_bench%04d", client)
		inv.Metadata = map[string]any{"channel": []string{"web", "app"}[i%2], "order_id": fmt.Sprintf("ord-%09d", i)}
		invs = append(invs, &inv)
		if len(invs) == batch || i == rows-1 {
			if err := store.ImportInvoices(ctx, invs); err != nil {
				return nil, fmt.Errorf("store invoices: %w", err)
			}
			invs = invs[:0]
		}

	}
	d.fill()
	return d, nil
}

// fill sets what the cases look for, from rows and first: the order id and
// UUID of the invoice halfway, the legal name of a third of the way's
// client.
func (d *benchData) fill() {
	d.bigClient = "client_bench0000"
	d.orderID, d.uuid = fmt.Sprintf("ord-%09d", d.rows/2), benchUUID(fmt.Sprintf("invoice_bench%012d", d.rows/2))
	d.name = benchLegalName(benchClientOf(d.rows/3, benchClients))
}

// benchUUID is the UUID of a stored copy, made from its id.
func benchUUID(id string) string {
	sum := sha256.Sum256([]byte(id))
	h := strings.ToUpper(hex.EncodeToString(sum[:16]))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// benchClientOf is the client of the i-th invoice or payment: client 0 has
// a tenth, the others share the rest.
func benchClientOf(i, clients int) int {
	if i%10 == 0 {
		return 0
	}
	return i%(clients-1) + 1
}

// benchLegalName is the legal name of client n.
func benchLegalName(n int) string { return fmt.Sprintf("CLIENTE %04d COMERCIAL SA DE CV", n) }

// reuseBenchData finds the data an earlier run left in b's PostgreSQL
// database: the team holding its first invoice, for which it issues a key,
// and what the cases look for, as the seeding made it.
func reuseBenchData(ctx context.Context, b *benchEnv, rows, otherRows int) (*benchData, *benchOthers, error) {
	if b.engine != "postgres" {
		return nil, nil, errors.New("--reuse needs DATABASE_URL: a SQLite benchmark database is temporary")
	}
	teams, _, _, err := b.store.FindTeams(ctx, sello.TeamFilter{ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil {
		return nil, nil, err
	}
	for _, t := range teams {
		first, err := b.store.FindInvoice(ctx, t.ID, false, "invoice_bench000000000000")
		if sello.ErrorCode(err) == sello.NotFound {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		key, _, err := b.svc.IssueKey(ctx, t.ID, false)
		if err != nil {
			return nil, nil, err
		}
		b.team, b.key = t, key
		d := &benchData{rows: rows, span: 3 * 365 * 24 * time.Hour, first: first.CreatedAt}
		d.fill()
		o := &benchOthers{webhook: "wh_bench"}
		o.fill(d.first, d.span, otherRows, benchClients)
		return d, o, nil
	}
	return nil, nil, errors.New("--reuse: no team of this database holds the benchmark's invoices")
}

// benchCase is one request to time.
type benchCase struct{ name, path string }

// cases are the requests of issue 16's table and more: the first page, a
// deep page by cursor, each filter alone, common pairs, each order, metadata
// and q.
func (d *benchData) cases(ctx context.Context, client *http.Client, b *benchEnv) ([]benchCase, error) {
	month := func(k int) string {
		from := d.first.Add(d.span * time.Duration(k) / 36)
		return "created[gte]=" + strconv.FormatInt(from.Unix(), 10) + "&created[lte]=" + strconv.FormatInt(from.AddDate(0, 1, 0).Unix(), 10)
	}
	depth := min(200_000, d.rows/5)
	cursor, err := cursorAt(ctx, client, b, depth)
	if err != nil {
		return nil, err
	}
	q := url.QueryEscape
	return []benchCase{
		{"first_page", "/v2/invoices?limit=20"},
		{fmt.Sprintf("cursor_%d_deep", depth), "/v2/invoices?limit=20&next=" + q(cursor)},
		{"offset_1000", "/v2/invoices?limit=20&offset=1000"},
		{"income", "/v2/invoices/income?limit=20"},
		{"status_canceled", "/v2/invoices?limit=20&status=canceled"},
		{"series_B", "/v2/invoices?limit=20&series=B"},
		{"payment_method_PPD", "/v2/invoices?limit=20&payment_method=PPD"},
		{"metadata_channel", "/v2/invoices?limit=20&metadata.channel=web"},
		{"metadata_order_id", "/v2/invoices?limit=20&metadata.order_id=" + q(d.orderID)},
		{"client_10pct", "/v2/invoices?limit=20&client_id=" + d.bigClient},
		{"client_status", "/v2/invoices?limit=20&client_id=" + d.bigClient + "&status=valid"},
		{"one_month", "/v2/invoices?limit=20&" + month(20)},
		{"series_month", "/v2/invoices?limit=20&series=B&" + month(20)},
		{"status_month", "/v2/invoices?limit=20&status=canceled&" + month(20)},
		{"order_by_name", "/v2/invoices?limit=20&order_by=name"},
		{"sort_asc", "/v2/invoices?limit=20&sort=asc"},
		{"search_name", "/v2/invoices/search?q=" + q(d.name)},
		{"search_uuid8", "/v2/invoices/search?q=" + q(d.uuid[:8])},
		{"search_name_10pct", "/v2/invoices/search?q=" + q(benchLegalName(0))}, // bigClient's
		{"search_word", "/v2/invoices/search?q=comercial"},                     // in every client's name
	}, nil
}

// cursorAt returns the cursor that continues the newest-first list after
// its first depth invoices (one request by offset).
func cursorAt(ctx context.Context, client *http.Client, b *benchEnv, depth int) (string, error) {
	body, err := getJSON(ctx, client, b, fmt.Sprintf("/v2/invoices?limit=1&offset=%d", depth-1))
	if err != nil {
		return "", fmt.Errorf("deep cursor: %w", err)
	}
	next, _ := body["next"].(string)
	if next == "" {
		return "", errors.New("deep cursor: the list has no next page")
	}
	return next, nil
}

// timeRequests sends GET path sequentially n times (or for at most d) and
// returns the latencies and the total_results of the first answer.
func timeRequests(ctx context.Context, client *http.Client, b *benchEnv, path string, n int, d time.Duration) ([]time.Duration, int, error) {
	var lat []time.Duration
	total := -1
	start := time.Now()
	for i := 0; i < n && (i == 0 || time.Since(start) < d); i++ {
		t := time.Now()
		body, err := getJSON(ctx, client, b, path)
		if err != nil {
			return nil, 0, err
		}
		lat = append(lat, time.Since(t))
		if total < 0 {
			if v, ok := body["total_results"].(float64); ok {
				total = int(v)
			}
		}
	}
	return lat, total, nil
}

// getJSON GETs path with the bench key and decodes a 200 answer.
func getJSON(ctx context.Context, client *http.Client, b *benchEnv, path string) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.key)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %.300s", path, resp.StatusCode, raw)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return body, nil
}

// percentile returns the p-th quantile of lat, which it sorts in place.
func percentile(lat []time.Duration, p float64) time.Duration {
	slices.Sort(lat)
	return lat[min(len(lat)-1, int(float64(len(lat))*p))]
}

// ms formats a duration in milliseconds with two decimals.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64)
}

// fileSizes is the size of a SQLite database with its WAL.
func fileSizes(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
