package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// FindInvoices returns one page of invoices matching f.
func (db *DB) FindInvoices(ctx context.Context, f sello.InvoiceFilter) ([]*sello.Invoice, bool, int, error) {
	q := db.newList(invoiceColumns, `invoices`, `sort_name`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	if len(f.Statuses) == 0 {
		q.where(`status <> ?`, string(sello.InvoiceDraft))
	} else {
		statuses := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}
		q.where(`status IN (`+marks(len(statuses))+`)`, statuses...)
	}
	if len(f.Types) > 0 {
		types := make([]any, len(f.Types))
		for i, t := range f.Types {
			types[i] = t
		}
		q.where(`type IN (`+marks(len(types))+`)`, types...)
	}
	if f.ClientID != "" {
		q.where(`client_id = ?`, f.ClientID)
	}
	if f.Series != "" {
		q.where(`series = ?`, f.Series)
	}
	if f.PaymentMethod != "" {
		db.docTextWhere(&q, "payment_method", f.PaymentMethod)
	}
	for k, v := range f.Metadata {
		db.metadataWhere(&q, k, v)
	}
	if f.PaysInvoice != "" {
		// The few complements that pay it, found by the paid UUID first.
		q.from = db.d.PaysFrom
		q.where(`paid_uuid = ? AND invoices.id = payment_invoice_id AND type = 'P'`, strings.ToUpper(f.PaysInvoice))
	}
	if folded := sello.Fold(f.Query); folded != "" {
		db.searchWhere(&q, folded)
	}
	var out []*sello.Invoice
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		inv, err := scanInvoice(rows)
		if err == nil {
			out = append(out, inv)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// marks returns n comma-separated placeholders for list.where.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// ClaimInvoiceWork leases due invoices (pending, or with a pending
// cancellation) across every team, the longest due first, by moving their
// next_stamp_at to the end of the lease. A cheap read first keeps an idle
// poll from taking the write lock.
func (db *DB) ClaimInvoiceWork(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*sello.Invoice, error) {
	const due = `(status = 'pending' OR cancellation_status = 'pending') AND next_stamp_at <= $1`
	var found bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invoices WHERE `+due+`)`,
		db.t(now)).Scan(&found); err != nil || !found {
		if err != nil {
			return nil, failed(err, "invoice", "")
		}
		return nil, nil
	}
	rows, err := db.write.QueryContext(ctx, `UPDATE invoices SET next_stamp_at = $2
		WHERE id IN (SELECT id FROM invoices WHERE `+due+` ORDER BY next_stamp_at, id LIMIT $3`+db.d.SkipLocked+`)
		RETURNING `+invoiceColumns, db.t(now), db.t(now.Add(lease)), limit)
	if err != nil {
		return nil, failed(err, "invoice", "")
	}
	defer rows.Close()
	var out []*sello.Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, failed(err, "invoice", "")
		}
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "invoice", "")
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	})
	return out, nil
}
