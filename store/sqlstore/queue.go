package sqlstore

import (
	"context"
	"slices"

	"github.com/sello-mx/sello"
)

// QueueStats returns the depth and the earliest due time of every kind of
// job (sello.JobKinds, then any other kind found open), reading the
// partial index of open jobs only.
func (db *DB) QueueStats(ctx context.Context) ([]sello.QueueStat, error) {
	out := make([]sello.QueueStat, len(sello.JobKinds))
	for i, k := range sello.JobKinds {
		out[i].Queue = k
	}
	rows, err := db.read.QueryContext(ctx, `SELECT kind, count(*), min(run_at) FROM jobs
		WHERE done_at IS NULL GROUP BY kind ORDER BY kind`)
	if err != nil {
		return nil, failed(err, "queue", "")
	}
	defer rows.Close()
	for rows.Next() {
		var q sello.QueueStat
		if err := rows.Scan(&q.Queue, &q.Waiting, scanTime(&q.NextDue)); err != nil {
			return nil, failed(err, "queue", "")
		}
		if i := slices.Index(sello.JobKinds, q.Queue); i >= 0 {
			out[i] = q
		} else {
			out = append(out, q)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "queue", "")
	}
	return out, nil
}
