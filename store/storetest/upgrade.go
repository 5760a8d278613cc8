package storetest

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// UpgradeInvoiceLists checks migration 00070 on an engine: pool is a
// database migrated up to version 60 (before the migration), stamp the
// engine's stored form of a time, and open migrates it to the latest
// version and returns the store. Invoices written before keep their lists:
// the payment method, the metadata index and the kept counts are filled
// from the stored rows.
func UpgradeInvoiceLists(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := pool.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO teams (id, name, legal_name, tax_id, tax_system, zip, created_at, updated_at)
		VALUES ('team_old', 'Old', 'OLD', 'EKU9003173C9', '601', '42501', $1, $1)`, stamp(t0))
	for i, c := range []struct{ status, doc string }{
		{"valid", `{"payment_method":"PPD","metadata":{"order":"o-1","vip":true,"n":7,"obj":{"a":1}}}`},
		{"valid", `{"payment_method":"PUE","metadata":{"order":"o-2"}}`},
		{"canceled", `{"payment_method":"PUE"}`},
		{"draft", `{"metadata":{"order":"o-4"}}`},
	} {
		exec(`INSERT INTO invoices (id, team_id, livemode, type, status, series, folio, cancellation_status, search,
			sort_name, doc, created_at, updated_at) VALUES ($1, 'team_old', $2, 'I', $3, 'A', $4, '', '', '', $5, $6, $6)`,
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
	} {
		c.f.TeamID = "team_old"
		got, _, total, err := s.FindInvoices(ctx, c.f)
		if err != nil || total != c.want || len(got) != c.want {
			t.Errorf("FindInvoices(%s) after the upgrade = %d invoices, total %d, %v; want %d", c.name, len(got), total, err, c.want)
		}
	}
}
