package main

import (
	"context"
	"flag"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/sqlite"
)

// dbFlag registers --db, whose default comes from SELLO_DB or ./sello.db.
func dbFlag(fs *flag.FlagSet, e *env) *string {
	def := e.getenv("SELLO_DB")
	if def == "" {
		def = "./sello.db"
	}
	return fs.String("db", def, "SQLite database file (ignored when DATABASE_URL names PostgreSQL)")
}

// openStore opens PostgreSQL when DATABASE_URL is a postgres:// URL and the
// SQLite file at path otherwise. Migrations run inside Open.
func openStore(ctx context.Context, e *env, path string) (sello.Store, string, error) {
	if u := e.getenv("DATABASE_URL"); strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		db, err := postgres.Open(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return db, "postgres", nil
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, "", err
	}
	return db, "sqlite", nil
}
