package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

// ReadSecret reads the server secret name from the SQLite database at path
// (parameters after "?" are ignored) without writing to it: it opens the
// file read-only, runs no migration and makes no file. NotFound when the
// file or the secret does not exist; a file that is no Sello database is an
// error.
func ReadSecret(ctx context.Context, path, name string) ([]byte, error) {
	file, _, _ := strings.Cut(strings.TrimPrefix(path, "file:"), "?")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil, sello.Errorf(sello.NotFound, "no database at %s", file)
	}
	pool, err := sql.Open("sqlite", "file:"+file+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, sello.Wrap(sello.Database, err, "cannot open the SQLite database")
	}
	defer pool.Close()
	return sqlstore.ReadSecretFrom(ctx, pool, name)
}
