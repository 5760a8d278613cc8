package sqlstore

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/sello-mx/sello"
)

// FindInvoices returns one page of invoices matching f.
//
// Each filter has an index that leads with it (migration 00070): status,
// series, payment method and client, each followed by the creation time, and
// invoice_metadata, whose pairs a metadata filter walks in creation order.
// The total of a list is summed from invoice_counts, which triggers keep in
// each change's transaction, when keptCount has it (every kind, status,
// series, payment method, client or metadata pair, a date range alone or
// with a series); any other combination counts its matches on the index of
// its first filter (docs/PERFORMANCE.md).
func (db *DB) FindInvoices(ctx context.Context, f sello.InvoiceFilter) ([]*sello.Invoice, bool, int, error) {
	f.Metadata = db.indexedPairs(f.Metadata)
	q := db.newList(invoiceColumns, `invoices`, `sort_name`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	var count []string // the conditions on status and type, which kept counts have too
	var countArgs []any
	if len(f.Statuses) == 0 {
		q.where(`status <> ?`, string(sello.InvoiceDraft))
		count = append(count, `status <> 'draft'`)
	} else {
		statuses := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}
		q.where(`status IN (`+marks(len(statuses))+`)`, statuses...)
		count = append(count, `status IN (`+marks(len(statuses))+`)`)
		countArgs = append(countArgs, statuses...)
	}
	if len(f.Types) > 0 {
		types := make([]any, len(f.Types))
		for i, t := range f.Types {
			types[i] = t
		}
		q.where(`type IN (`+marks(len(types))+`)`, types...)
		count = append(count, `type IN (`+marks(len(types))+`)`)
		countArgs = append(countArgs, types...)
	}
	if query, args, ok := db.keptCount(f, count, countArgs); ok {
		ListQuery{&q}.Count(query, args...)
	}
	if f.Query != "" && db.h.NarrowInvoices != nil {
		if ok, err := db.h.NarrowInvoices(ctx, ListQuery{&q}, f, count, countArgs); err != nil || !ok {
			return nil, false, 0, err
		}
	}
	if f.ClientID != "" {
		q.where(`client_id = ?`, f.ClientID)
	}
	if f.Series != "" {
		q.where(`series = ?`, f.Series)
	}
	if f.PaymentMethod != "" {
		q.where(`payment_method = ?`, f.PaymentMethod)
	}
	if f.PaysInvoice != "" {
		// The few complements that pay it, found by the paid UUID first.
		q.from = db.d.Lead(`invoice_payments`, `invoices`)
		q.where(`paid_uuid = ? AND invoices.id = payment_invoice_id AND type = 'P'`, strings.ToUpper(f.PaysInvoice))
	}
	keys := slices.Sorted(maps.Keys(f.Metadata))
	for i, k := range keys {
		if i == 0 && f.PaysInvoice == "" {
			// The list walks the first pair's index entries newest first.
			q.from, q.created, q.id = db.d.Lead(`invoice_metadata`, `invoices`), `m_created`, `m_invoice`
			q.where(`m_team = ? AND m_mode = ? AND m_key = ? AND m_value = ? AND invoices.id = m_invoice`,
				f.TeamID, f.Livemode, k, f.Metadata[k])
			continue
		}
		q.where(hasMetadataPair,
			k, f.Metadata[k])
	}
	if folded := sello.Fold(f.Query); folded != "" && !q.searched {
		db.searchWhere(&q, folded)
	}
	var scanned []scannedInvoice
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		sc, err := scanInvoice(rows)
		if err == nil {
			scanned = append(scanned, sc)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	out, err := db.openInvoices(ctx, scanned)
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// hasMetadataPair is the condition that an invoice has a metadata pair:
// two ? placeholders, the key and the value.
const hasMetadataPair = `EXISTS (SELECT 1 FROM invoice_metadata m
	WHERE m.m_invoice = invoices.id AND m.m_key = ? AND m.m_value = ?)`

// marks returns n comma-separated placeholders for list.where.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
