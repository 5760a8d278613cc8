package storetest

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// UpgradeInvoiceLists checks migrations 00070 and 00100 on an engine: pool is a
// database migrated up to version 60 (before the migration), stamp the
// engine's stored form of a time, and open migrates it to the latest
// version and returns the store. Invoices written before keep their lists:
// the payment method, the metadata index, the metadata keys to count and
// the kept counts of every facet are filled from the stored rows, and
// follow the old rows' later changes.
func UpgradeInvoiceLists(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := oldSchema(t, pool, stamp)
	for i, c := range []struct{ status, doc string }{
		{"valid", `{"payment_method":"PPD","metadata":{"order":"o-1","vip":true,"n":7,"obj":{"a":1}}}`},
		{"valid", `{"payment_method":"PUE","metadata":{"order":"o-2"}}`},
		{"canceled", `{"payment_method":"PUE"}`},
		{"draft", `{"metadata":{"order":"o-4"}}`},
	} {
		exec(`INSERT INTO invoices (id, team_id, livemode, type, status, series, folio, cancellation_status, search,
			sort_name, doc, created_at, updated_at) VALUES ($1, 'team_old', $2, 'I', $3, 'A', $4, '', $1, '', $5, $6, $6)`,
			fmt.Sprintf("invoice_old%d", i), false, c.status, i+1, c.doc, stamp(t0.Add(time.Duration(i)*time.Second)))
	}
	s := open()
	for _, c := range []struct {
		name string
		f    sello.InvoiceFilter
		want int
	}{
		{"all but drafts", sello.InvoiceFilter{}, 3},
		{"canceled", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}, 1},
		{"drafts", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceDraft}}, 1},
		{"PPD", sello.InvoiceFilter{PaymentMethod: "PPD"}, 1},
		{"PUE", sello.InvoiceFilter{PaymentMethod: "PUE"}, 2},
		{"order o-2", sello.InvoiceFilter{Metadata: map[string]string{"order": "o-2"}}, 1},
		{"vip", sello.InvoiceFilter{Metadata: map[string]string{"vip": "true"}}, 1},
		{"number", sello.InvoiceFilter{Metadata: map[string]string{"n": "7"}}, 1},
		{"an object matches nothing", sello.InvoiceFilter{Metadata: map[string]string{"obj": `{"a":1}`}}, 0},
		{"series A", sello.InvoiceFilter{Series: "A"}, 3},
		{"q", sello.InvoiceFilter{Query: "ice_old1"}, 1},
		{"q, all but drafts", sello.InvoiceFilter{Query: "invoice_old"}, 3},
		{"series A, drafts", sello.InvoiceFilter{Series: "A", Statuses: []sello.InvoiceStatus{sello.InvoiceDraft}}, 1},
		{"two seconds", sello.InvoiceFilter{ListOptions: sello.ListOptions{CreatedGTE: t0, CreatedLTE: t0.Add(time.Second)}}, 2},
		{"five days, series A", sello.InvoiceFilter{Series: "A", ListOptions: sello.ListOptions{
			CreatedGTE: t0.AddDate(0, 0, -2), CreatedLTE: t0.AddDate(0, 0, 3)}}, 3},
	} {
		c.f.TeamID = "team_old"
		got, _, total, err := s.FindInvoices(ctx, c.f)
		if err != nil || total != c.want || len(got) != c.want {
			t.Errorf("FindInvoices(%s) after the upgrade = %d invoices, total %d, %v; want %d", c.name, len(got), total, err, c.want)
		}
	}
	// An old invoice changed after the upgrade leaves the counts it was
	// filled under.
	inv, err := s.FindInvoice(ctx, "team_old", false, "invoice_old0")
	if err != nil {
		t.Fatal(err)
	}
	inv.Status, inv.Metadata = sello.InvoiceCanceled, map[string]any{"order": "o-9"}
	if err := s.UpdateInvoice(ctx, inv, sello.InvoiceValid); err != nil {
		t.Fatal(err)
	}
	canceled := []sello.InvoiceStatus{sello.InvoiceCanceled}
	for _, c := range []struct {
		name string
		f    sello.InvoiceFilter
		want int
	}{
		{"order o-1", sello.InvoiceFilter{Metadata: map[string]string{"order": "o-1"}}, 0},
		{"order o-9, canceled", sello.InvoiceFilter{Metadata: map[string]string{"order": "o-9"}, Statuses: canceled}, 1},
		{"vip", sello.InvoiceFilter{Metadata: map[string]string{"vip": "true"}}, 0},
		{"series A, canceled", sello.InvoiceFilter{Series: "A", Statuses: canceled}, 2},
	} {
		c.f.TeamID = "team_old"
		if _, _, total, err := s.FindInvoices(ctx, c.f); err != nil || total != c.want {
			t.Errorf("total(%s) after a change = %d, %v; want %d", c.name, total, err, c.want)
		}
	}
}

// UpgradeJobs checks migration 00090 on an engine: pool is a database
// migrated up to version 80, and open migrates it to the latest version.
// The open payment job and the pending invoice's and delivery's next
// attempts written before become jobs, claimed as before; the done job
// stays done.
func UpgradeJobs(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := oldSchema(t, pool, stamp)
	exec(`INSERT INTO payments (id, team_id, livemode, status, currency, email, tax_id, search, sort_name, doc,
		version, created_at, updated_at) VALUES ('payment_old', 'team_old', $1, 'succeeded', 'MXN', '', '', '', '', '{}', 0, $2, $2)`,
		false, stamp(t0))
	for _, j := range []struct {
		id, kind string
		arg      int
		done     any
	}{{"pjob_open", sello.JobPPDInvoice, 0, nil}, {"pjob_done", sello.JobComplement, 1, stamp(t0.Add(time.Minute))}} {
		exec(`INSERT INTO payment_jobs (id, team_id, livemode, payment_id, kind, installment, due, attempts,
			last_error, done_at, created_at) VALUES ($1, 'team_old', $2, 'payment_old', $3, $4, $5, 2, 'pac down', $6, $7)`,
			j.id, false, j.kind, j.arg, stamp(t0.Add(time.Second)), j.done, stamp(t0))
	}
	for i, c := range []struct {
		status, cancel string
		next           any
	}{{"pending", "", stamp(t0.Add(2 * time.Second))}, {"valid", "pending", stamp(t0.Add(3 * time.Second))}, {"valid", "", nil}} {
		exec(`INSERT INTO invoices (id, team_id, livemode, type, status, series, folio, cancellation_status,
			next_stamp_at, search, sort_name, doc, created_at, updated_at)
			VALUES ($1, 'team_old', $2, 'I', $3, 'A', $4, $5, $6, '', '', '{}', $7, $7)`,
			fmt.Sprintf("invoice_old%d", i), false, c.status, i+1, c.cancel, c.next, stamp(t0))
	}
	exec(`INSERT INTO webhooks (id, team_id, livemode, url, events, status, type, version, secret, previous_secret,
		created_at, updated_at) VALUES ('wh_old', 'team_old', $1, 'https://example.com/h', '["*"]', 'active', 'team', '2', 's', '', $2, $2)`,
		false, stamp(t0))
	exec(`INSERT INTO events (id, team_id, livemode, type, object_id, data, created_at)
		VALUES ('evt_old', 'team_old', $1, 'customer.created', 'client_x', $2, $3)`, false, []byte(`{}`), stamp(t0))
	for _, d := range []struct {
		id, status string
		next       any
	}{{"whd_pending", "pending", stamp(t0.Add(4 * time.Second))}, {"whd_done", "succeeded", nil}} {
		exec(`INSERT INTO webhook_deliveries (id, webhook_id, event_id, team_id, event_team_id, livemode, event, status,
			attempts, next_attempt_at, history, created_at)
			VALUES ($1, 'wh_old', 'evt_old', 'team_old', 'team_old', $2, 'customer.created', $3, 1, $4, '[]', $5)`,
			d.id, false, d.status, d.next, stamp(t0))
	}
	s := open()
	if ds, err := s.ClaimDeliveries(ctx, t0.Add(time.Hour), time.Minute, 10); err != nil || len(ds) != 1 || ds[0].ID != "whd_pending" {
		t.Errorf("ClaimDeliveries after the upgrade = %v, %v; want whd_pending", ds, err)
	}
	got, err := s.ClaimJobs(ctx, t0.Add(time.Hour), time.Minute, 10, sello.JobKinds...)
	if err != nil {
		t.Fatalf("ClaimJobs after the upgrade = %v", err)
	}
	var claimed []string
	for _, j := range got {
		claimed = append(claimed, j.Kind+" "+j.Ref)
	}
	slices.Sort(claimed)
	want := []string{"invoice invoice_old0", "invoice invoice_old1", "ppd_invoice payment_old"}
	if !slices.Equal(claimed, want) {
		t.Errorf("jobs claimed after the upgrade = %q, want %q", claimed, want)
	}
	jobs, err := s.FindJobs(ctx, "team_old", false, "payment_old")
	if err != nil || len(jobs) != 2 {
		t.Fatalf("FindJobs(payment_old) = %+v, %v; want both jobs", jobs, err)
	}
	for _, j := range jobs {
		if j.Attempts != 2 || j.LastError != "pac down" || (j.ID == "pjob_done") == j.DoneAt.IsZero() {
			t.Errorf("job %s after the upgrade = %+v", j.ID, j)
		}
	}
}

// oldSchema returns how an upgrade test writes rows in a database of an
// older schema, which already holds the team team_old.
func oldSchema(t *testing.T, pool *sql.DB, stamp func(time.Time) any) func(q string, args ...any) {
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := pool.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO teams (id, name, legal_name, tax_id, tax_system, zip, created_at, updated_at)
		VALUES ('team_old', 'Old', 'OLD', 'EKU9003173C9', '601', '42501', $1, $1)`, stamp(t0))
	return exec
}

// UpgradeMetadataPairs checks migration 00170 on an engine: pool is a
// database migrated up to the version before it, and open migrates it to
// the latest version. The metadata of payments and clients written before
// is filled into the pairs and their counts (a deleted client's is not),
// and followed after.
func UpgradeMetadataPairs(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := oldSchema(t, pool, stamp)
	for i, doc := range []string{`{"metadata":{"canal":"web","vip":true,"n":7}}`, `{"metadata":{"canal":"web"}}`,
		`{"metadata":{"canal":"app","o":{"a":1}}}`, `{"metadata":null}`} {
		exec(`INSERT INTO payments (id, team_id, livemode, status, currency, email, tax_id, search, sort_name, doc,
			version, created_at, updated_at) VALUES ($1, 'team_old', $2, 'succeeded', 'MXN', '', '', $1, '', $3, 0, $4, $4)`,
			fmt.Sprintf("payment_old%d", i), false, doc, stamp(t0.Add(time.Duration(i)*time.Second)))
		exec(`INSERT INTO clients (id, team_id, livemode, name, legal_name, tax_id, tax_system, use, email, phone, company,
			is_valid, origin, doc, search, sort_name, name_search, created_at, updated_at, deleted_at)
			VALUES ($1, 'team_old', $2, 'C', 'C', '', '', '', '', '', '', $2, 'api', $3, '', '', '', $4, $4, $5)`,
			fmt.Sprintf("client_old%d", i), false, doc, stamp(t0.Add(time.Duration(i)*time.Second)),
			map[bool]any{true: stamp(t0.Add(time.Hour)), false: nil}[i == 1])
	}
	s := open()
	for _, c := range []struct {
		pairs            map[string]string
		payments, client int
	}{
		{map[string]string{"canal": "web"}, 2, 1}, {map[string]string{"canal": "app"}, 1, 1},
		{map[string]string{"vip": "true"}, 1, 1}, {map[string]string{"n": "7"}, 1, 1},
		{map[string]string{"canal": "web", "vip": "true"}, 1, 1}, {map[string]string{"o": `{"a":1}`}, 0, 0},
	} {
		ps, _, total, err := s.FindPayments(ctx, sello.PaymentFilter{TeamID: "team_old", Metadata: c.pairs})
		if err != nil || total != c.payments || len(ps) != c.payments {
			t.Errorf("payments with %v after the upgrade: %d, total %d, %v; want %d", c.pairs, len(ps), total, err, c.payments)
		}
		cs, _, total, err := s.FindClients(ctx, sello.ClientFilter{TeamID: "team_old", Metadata: c.pairs})
		if err != nil || total != c.client || len(cs) != c.client {
			t.Errorf("clients with %v after the upgrade: %d, total %d, %v; want %d", c.pairs, len(cs), total, err, c.client)
		}
	}
	// Payments written before are searched (migration 00190 on SQLite).
	for q, want := range map[string]int{"payment_old": 4, "ment_old2": 1} {
		if ps, _, total, err := s.FindPayments(ctx, sello.PaymentFilter{TeamID: "team_old", Query: q}); err != nil ||
			total != want || len(ps) != want {
			t.Errorf("payments q=%q after the upgrade: %d, total %d, %v; want %d", q, len(ps), total, err, want)
		}
	}
	p, err := s.FindPaymentByID(ctx, "team_old", false, "payment_old1")
	if err != nil {
		t.Fatal(err)
	}
	p.Metadata = map[string]any{"canal": "app"}
	if err := s.UpdatePayment(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	for pair, want := range map[string]int{"web": 1, "app": 2} {
		if _, _, total, err := s.FindPayments(ctx, sello.PaymentFilter{TeamID: "team_old",
			Metadata: map[string]string{"canal": pair}}); err != nil || total != want {
			t.Errorf("payments with canal %s after a change: total %d, %v; want %d", pair, total, err, want)
		}
	}
}

// UpgradeSearchParties checks the migration that splits invoice search
// texts into their own part and their client's (a party) with kept counts
// per party (SQLite 00230, PostgreSQL 00220 and 00230): pool is a database
// migrated up to the version before. Invoices written before are searched
// by their UUID, id, series and folio and by their client's texts, with
// totals summed from the counts filled in, which follow later changes.
func UpgradeSearchParties(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := oldSchema(t, pool, stamp)
	var all []*sello.Invoice
	for i, status := range []sello.InvoiceStatus{sello.InvoiceValid, sello.InvoiceValid, sello.InvoiceCanceled,
		sello.InvoicePending, sello.InvoiceDraft, sello.InvoiceValid} {
		inv := &sello.Invoice{ID: fmt.Sprintf("invoice_old%d", i), TeamID: "team_old", Status: status, Type: "I",
			CreatedAt: t0.Add(time.Duration(i) * time.Second)}
		if status != sello.InvoicePending && status != sello.InvoiceDraft {
			inv.UUID, inv.Series, inv.Folio = strings.ToUpper(uuidOf(inv.ID)), "A", int64(i+1)
		}
		inv.Client.LegalName, inv.Client.TaxID = []string{"ÁRBOLES SA", "PEÑA HNOS"}[i%2], []string{"ARB010101AB1", "PEN010101AB2"}[i%2]
		if i == 5 {
			inv.Client = sello.InvoiceClient{} // no client's part
		}
		all = append(all, inv)
		exec(`INSERT INTO invoices (id, team_id, livemode, uuid, type, status, series, folio, cancellation_status, search,
			sort_name, doc, created_at, updated_at) VALUES ($1, 'team_old', $2, $3, 'I', $4, $5, $6, '', $7, '', '{}', $8, $8)`,
			inv.ID, false, map[bool]any{true: inv.UUID, false: nil}[inv.UUID != ""], string(inv.Status), inv.Series,
			inv.Folio, inv.SearchText(), stamp(inv.CreatedAt))
	}
	s := open()
	check := func(when string) {
		t.Helper()
		for _, q := range []string{"arboles", "pena hnos", "pen0101", "invoice_old", "old4", "a3", strings.ToLower(all[1].UUID[:8]), "sa"} {
			for _, k := range [][]sello.InvoiceStatus{nil, {sello.InvoiceCanceled}, {sello.InvoicePending}, {sello.InvoiceDraft}} {
				f := sello.InvoiceFilter{TeamID: "team_old", Query: q, Statuses: k, ListOptions: sello.ListOptions{Desc: true}}
				var want []string
				for _, inv := range slices.Backward(all) {
					if invoiceMatches(inv, f) {
						want = append(want, inv.ID)
					}
				}
				got, _, total, err := s.FindInvoices(ctx, f)
				ids := invoiceIDs(got)
				if err != nil || total != len(want) || !slices.Equal(ids, want) {
					t.Errorf("%s: q=%q %v = %v, total %d, %v; want %v", when, q, k, ids, total, err, want)
				}
			}
		}
	}
	check("after the upgrade")
	// Stamped, canceled, renamed: the counts follow the old rows.
	for i, change := range map[int]func(*sello.Invoice){
		3: func(inv *sello.Invoice) { inv.Status, inv.UUID = sello.InvoiceValid, strings.ToUpper(uuidOf("old3")) },
		0: func(inv *sello.Invoice) { inv.Status = sello.InvoiceCanceled },
		1: func(inv *sello.Invoice) { inv.Client.LegalName = "ÁRBOLES SA" },
	} {
		inv, err := s.FindInvoice(ctx, "team_old", false, all[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		prev := inv.Status
		inv.Client = all[i].Client // the old row's document held none
		change(inv)
		change(all[i])
		if err := s.UpdateInvoice(ctx, inv, prev); err != nil {
			t.Fatal(err)
		}
	}
	check("after changes")
}
