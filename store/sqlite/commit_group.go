package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/sello-mx/sello/store/sqlstore"
)

// Group commit: new invoices are committed several to a transaction, so
// that concurrent issuers share one synchronous=FULL fsync instead of
// queueing for one each behind the single write connection. Every invoice
// runs inside its own SAVEPOINT, so one that fails (a folio already used)
// is undone alone; a caller is answered only after the transaction holding
// its invoice has committed, so an acknowledged invoice is as durable as
// before. Without concurrency a group is one invoice and one transaction.

// inInvoiceTx runs the storing of a new invoice in a group transaction.
func (db *DB) inInvoiceTx(ctx context.Context, f func(ctx context.Context, tx *sql.Tx) error) error {
	return db.inGroupTx(ctx, "invoice", f)
}

// groupJob is one caller's writes waiting for a group transaction.
type groupJob struct {
	ctx  context.Context
	what string // for errors: "invoice"
	f    func(ctx context.Context, tx *sql.Tx) error
	done chan error    // the outcome, once its transaction has ended
	lead chan struct{} // closed when this caller is to run the next group
}

// commitGroup is the queue of jobs and whether a caller is running groups.
type commitGroup struct {
	mu      sync.Mutex
	queue   []*groupJob
	running bool
}

// inGroupTx runs f in a write transaction shared with concurrent callers
// and returns once that transaction has ended. f gets a context without
// cancellation: an interrupted statement would roll back the others' writes.
func (db *DB) inGroupTx(ctx context.Context, what string, f func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return sqlstore.Failed(err, what, "")
	}
	j := &groupJob{ctx: ctx, what: what, f: f, done: make(chan error, 1), lead: make(chan struct{})}
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, j)
	lead := !g.running
	g.running = true
	g.mu.Unlock()
	if !lead {
		select {
		case err := <-j.done:
			return err
		case <-j.lead:
		}
	}
	db.runGroup()
	return <-j.done
}

// runGroup commits the queued jobs (the caller's among them) in one
// transaction, then hands the lead to the first job queued meanwhile.
func (db *DB) runGroup() {
	defer yieldWriter()
	g := &db.group
	g.mu.Lock()
	batch := g.queue
	g.queue = nil
	g.mu.Unlock()
	db.commitJobs(batch)
	g.mu.Lock()
	if len(g.queue) == 0 {
		g.running = false
	} else {
		close(g.queue[0].lead)
	}
	g.mu.Unlock()
}

// commitJobs runs batch in one transaction and answers every job.
func (db *DB) commitJobs(batch []*groupJob) {
	results := make([]error, len(batch))
	answer := func() {
		for i, j := range batch {
			j.done <- results[i]
		}
	}
	defer answer()
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		fill(results, batch, err)
		return
	}
	defer tx.Rollback()
	stored := 0
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			results[i] = sqlstore.Failed(err, j.what, "")
			continue
		}
		ex := db.prepared(tx)
		if _, err := ex.ExecContext(ctx, savepoint); err != nil {
			fill(results, batch, err)
			return
		}
		if results[i] = j.f(context.WithoutCancel(j.ctx), tx); results[i] != nil {
			if _, err := ex.ExecContext(ctx, rollbackToSavepoint); err != nil {
				fill(results, batch, err) // the transaction itself may be gone
				return
			}
		} else {
			stored++
		}
		if _, err := ex.ExecContext(ctx, releaseSavepoint); err != nil {
			fill(results, batch, err)
			return
		}
	}
	if stored == 0 {
		return
	}
	if err := tx.Commit(); err != nil {
		for i, j := range batch {
			if results[i] == nil {
				results[i] = sqlstore.Failed(err, j.what, "")
			}
		}
		return
	}
	db.Committed()
}

// The savepoint around each job of a group.
const (
	savepoint           = `SAVEPOINT job`
	rollbackToSavepoint = `ROLLBACK TO job`
	releaseSavepoint    = `RELEASE job`
)

// fill sets every result to err: nothing of the group was stored.
func fill(results []error, batch []*groupJob, err error) {
	for i, j := range batch {
		results[i] = sqlstore.Failed(err, j.what, "")
	}
}
