package sqlstore

import (
	"context"

	"github.com/sello-mx/sello"
)

// queueCounts reads each queue's waiting items and earliest due time; each
// query reads the queue's partial index only.
var queueCounts = []struct{ queue, query string }{
	{sello.QueueInvoices, `SELECT count(next_stamp_at), min(next_stamp_at) FROM invoices
		WHERE status = 'pending' OR cancellation_status = 'pending'`},
	{sello.QueuePayments, `SELECT count(*), min(due) FROM payment_jobs WHERE done_at IS NULL`},
	{sello.QueueDeliveries, `SELECT count(*), min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'`},
}

// QueueStats returns the depth and the earliest due time of every queue.
func (db *DB) QueueStats(ctx context.Context) ([]sello.QueueStat, error) {
	out := make([]sello.QueueStat, len(queueCounts))
	for i, q := range queueCounts {
		out[i].Queue = q.queue
		if err := db.read.QueryRowContext(ctx, q.query).Scan(&out[i].Waiting, scanTime(&out[i].NextDue)); err != nil {
			return nil, failed(err, "queue", "")
		}
	}
	return out, nil
}
