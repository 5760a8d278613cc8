package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"runtime"
	"strconv"

	"github.com/sello-mx/sello/store/sqlstore"
)

// inFolioTx runs a folio reservation in a write transaction that commits
// with PRAGMA synchronous=NORMAL when the database was opened with FULL or
// EXTRA, and puts the connection's setting back afterwards.
//
// Why that is safe: in WAL mode a NORMAL commit is written to the WAL but
// not fsynced, so it survives a crash of the process and only a power loss
// or an OS crash can undo it. A reservation is always followed by the commit
// that stores its document (CreateInvoice, UpdateInvoice, a receipt's or a
// payment's invoice) at the full setting, and that commit's fsync of the WAL
// makes every frame before it durable, the reservation's included. So a
// power loss can at worst undo reservations whose document was never
// stored; their folios are handed out again, which is what happens anyway
// when a reservation expires or is released (ReleaseFolio). No stored
// invoice can lose its folio or share it (no gap, no duplicate). It saves
// one of the two fsyncs of every issued invoice, the write lock's longest
// wait.
func (db *DB) inFolioTx(ctx context.Context, f func(tx sqlstore.Execer) error) error {
	defer yieldWriter()
	full := db.synchronous
	if full <= syncNormal {
		return db.InTx(ctx, "folio", func(tx *sql.Tx) error { return f(db.prepared(tx)) })
	}
	// PRAGMA synchronous cannot change inside a transaction, and it belongs
	// to a connection: hold the (only) write connection across the three.
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return sqlstore.Failed(err, "folio", "")
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = `+strconv.Itoa(syncNormal)); err != nil {
		return sqlstore.Failed(err, "folio", "")
	}
	defer restoreSync(ctx, conn, full)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return sqlstore.Failed(err, "folio", "")
	}
	defer tx.Rollback()
	if err := f(db.prepared(tx)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return sqlstore.Failed(err, "folio", "")
	}
	return nil
}

// restoreSync puts the write connection back to synchronous=level. If that
// fails the connection is discarded, so that no invoice is ever committed
// with less than the configured durability.
func restoreSync(ctx context.Context, conn *sql.Conn, level int) {
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = `+strconv.Itoa(level)); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// syncNormal is PRAGMA synchronous=NORMAL; FULL is 2 and EXTRA 3.
const syncNormal = 1

// yieldWriter lets the goroutine that was just handed the write connection
// run at once. database/sql gives the released connection to a waiting
// goroutine, which the scheduler runs next on this P, but only once this
// goroutine blocks; issuing goes on to sign (about a millisecond of CPU),
// and meanwhile the one writer of the database would sit idle.
func yieldWriter() { runtime.Gosched() }
