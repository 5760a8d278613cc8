package sqlite

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/store/sqlstore"
)

// TestInFolioTxSynchronous checks that a folio reservation commits with
// synchronous=NORMAL at most, and that the write connection gets its opened
// setting back afterwards, also when the reservation fails.
func TestInFolioTxSynchronous(t *testing.T) {
	t.Parallel()
	fail := errors.New("reservation failed")
	tests := []struct {
		params        string
		inside, after int
		err           error
	}{
		{"", 1, 2, nil},
		{"", 1, 2, fail},
		{"?_synchronous=EXTRA", 1, 3, nil},
		{"?_sync=FULL", 1, 2, fail},
		{"?_synchronous=NORMAL", 1, 1, nil},
		{"?_synchronous=OFF", 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.params, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			db, err := Open(ctx, filepath.Join(t.TempDir(), "sello.db")+tt.params)
			if err != nil {
				t.Fatalf("Open(%q) = %v", tt.params, err)
			}
			t.Cleanup(func() { db.Close() })
			inside := -1
			err = db.inFolioTx(ctx, func(tx sqlstore.Execer) error {
				if err := tx.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&inside); err != nil {
					return err
				}
				return tt.err
			})
			if !errors.Is(err, tt.err) {
				t.Fatalf("inFolioTx() = %v, want %v", err, tt.err)
			}
			var after int
			if err := db.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if inside != tt.inside || after != tt.after {
				t.Errorf("Open(%q): synchronous inside the reservation %d and after %d, want %d and %d",
					tt.params, inside, after, tt.inside, tt.after)
			}
		})
	}
}
