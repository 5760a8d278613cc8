package sqlite

import (
	"context"
	"database/sql"

	"github.com/sello-mx/sello/store/sqlstore"
)

// prepareHot prepares the writes of every issued invoice (HotWrites, and
// the group commit's savepoints) on the write pool, and the point reads of
// every request and invoice (HotReads) on the read pool, where each
// connection prepares them on first use. modernc.org/sqlite parses and
// plans a statement on every ExecContext of its text, about a tenth of an
// invoice's CPU and time held under the one write lock.
func (db *DB) prepareHot(ctx context.Context) error {
	hotQueries := append(db.HotWrites(), savepoint, rollbackToSavepoint, releaseSavepoint)
	hotReads := db.HotReads()
	db.hot = make(map[string]*sql.Stmt, len(hotQueries))
	db.hotRead = make(map[string]*sql.Stmt, len(hotReads))
	for _, q := range hotQueries {
		s, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		db.hot[q] = s
	}
	for _, q := range hotReads {
		s, err := db.read.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		db.hotRead[q] = s
	}
	return nil
}

// lookup runs a point read, through its prepared statement if it has one.
// Like FindTeamByID it ignores ctx's cancellation (pointLookup).
func (db *DB) lookup(ctx context.Context, query string, args ...any) *sql.Row {
	if s := db.hotRead[query]; s != nil {
		return s.QueryRowContext(pointLookup(ctx), args...)
	}
	return db.read.QueryRowContext(ctx, query, args...)
}

// prepared returns tx running the hot queries through their prepared
// statements. A statement is bound to the write connection; if that
// connection was replaced, database/sql prepares it again on the new one.
func (db *DB) prepared(tx *sql.Tx) sqlstore.Execer { return preparedTx{tx, db.hot} }

// preparedTx is a transaction that runs the queries it has prepared
// statements for through them, and any other query as text.
type preparedTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// ExecContext implements sqlstore.Execer.
func (p preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := p.stmts[query]; s != nil {
		return p.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return p.tx.ExecContext(ctx, query, args...)
}

// QueryContext implements sqlstore.Execer.
func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.stmts[query]; s != nil {
		return p.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return p.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext implements sqlstore.Execer.
func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.stmts[query]; s != nil {
		return p.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return p.tx.QueryRowContext(ctx, query, args...)
}
