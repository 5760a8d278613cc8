package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// TestInGroupTx runs concurrent writers through group commit: every one is
// answered, the one that breaks a constraint is undone alone, and every
// writer answered nil is stored.
func TestInGroupTx(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE group_test (n INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	const writers = 40
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			n := i
			if i == writers-1 {
				n = 7 // a duplicate: exactly one of the two writers of 7 fails
			}
			errs[i] = db.inGroupTx(ctx, "test", func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO group_test (n) VALUES ($1)`, n); err != nil {
					return sqlstore.Failed(err, "test", "")
				}
				return nil
			})
		})
	}
	wg.Wait()
	failedN := 0
	for i, err := range errs {
		switch {
		case err == nil:
		case sello.ErrorCode(err) == sello.AlreadyExists:
			failedN++
		default:
			t.Errorf("writer %d: inGroupTx() = %v", i, err)
		}
	}
	var stored int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM group_test`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if failedN != 1 || stored != writers-1 {
		t.Errorf("%d writers (one duplicate): %d failed and %d rows stored, want 1 and %d", writers, failedN, stored, writers-1)
	}
}

// TestInGroupTxCanceled refuses a writer whose context has ended.
func TestInGroupTxCanceled(t *testing.T) {
	t.Parallel()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ran := false
	err = db.inGroupTx(ctx, "test", func(context.Context, *sql.Tx) error { ran = true; return nil })
	if err == nil || ran {
		t.Errorf("inGroupTx(canceled) = %v and ran %v, want an error and false", err, ran)
	}
}
