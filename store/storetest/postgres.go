package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresURL creates an empty PostgreSQL database, dropped on cleanup, next
// to the one TEST_DATABASE_URL names, and returns its URL. Without
// TEST_DATABASE_URL the test is skipped, or fails when CI is set: CI must
// run every PostgreSQL test. Databases isolate parallel tests fully: tables,
// and the advisory lock that guards migrations, are per database.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("TEST_DATABASE_URL is not set; CI must run the PostgreSQL tests")
		}
		tb.Skip("TEST_DATABASE_URL is not set; skipping a PostgreSQL test")
	}
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	name := "sello_test_" + strings.ToLower(rand.Text()[:16])
	exec := func(stmt string) error {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(context.Background(), stmt)
		return err
	}
	// A linguistic default collation (where ICU is available) checks that
	// ordering and keyset paging still compare bytes, as on SQLite.
	if exec(`CREATE DATABASE "`+name+`" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`) != nil {
		if err := exec(`CREATE DATABASE "` + name + `"`); err != nil {
			tb.Fatalf("CREATE DATABASE %s: %v", name, err)
		}
	}
	tb.Cleanup(func() {
		if err := exec(`DROP DATABASE "` + name + `" WITH (FORCE)`); err != nil {
			tb.Errorf("DROP DATABASE %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
