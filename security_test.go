package sello_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// TestDatabaseCopyMintsNothing steals a copy of the database (VACUUM INTO,
// as a backup would take it) and tries to forge, from everything it holds,
// an API key of every stored key and a customer-portal link: none is
// accepted. The master key is not in the copy.
func TestDatabaseCopyMintsNothing(t *testing.T) {
	t.Parallel()
	master := make([]byte, sello.MasterKeySize)
	for i := range master {
		master[i] = byte(i + 1)
	}
	if keys, links := forgeFromCopy(t, master); keys+links != 0 {
		t.Errorf("from a copy of the database: %d forged keys and %d forged links accepted, want 0", keys, links)
	}
	// The control: without a master key the link secrets are stored in
	// plain text (docs/SECURITY.md), and the same forgery opens a link; API
	// keys stay unforgeable through their random part.
	if keys, links := forgeFromCopy(t, nil); keys != 0 || links == 0 {
		t.Errorf("without a master key: %d forged keys and %d forged links accepted, want 0 and some", keys, links)
	}
}

// forgeFromCopy sets up a team, a key and a portal link over SQLite (with
// master as the master key, if any), copies the database and tries every
// forgery the copy allows; it returns how many were accepted.
func forgeFromCopy(t *testing.T, master []byte) (keysAccepted, linksAccepted int) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "sello.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }
	svc := sello.NewService(sello.Config{Store: db, Now: now, MasterKey: master})
	team := newTeam("ESCUELA KEMPER URGATE", "")
	keys, err := svc.CreateTeam(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, keys.Test); err != nil {
		t.Fatalf("Authenticate(issued key) = %v", err)
	}
	c := &sello.Client{LegalName: "PUBLICO EN GENERAL", TaxID: "XAXX010101000", TaxSystem: "616", Address: sello.Address{Zip: "42501", Country: "MEX"}}
	if err := svc.CreateClient(ctx, team.ID, false, c); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreatePortalLink(ctx, team.ID, false, c.ID, ""); err != nil {
		t.Fatal(err)
	}

	stolen := filepath.Join(dir, "stolen.db")
	if _, err := db.Writer().ExecContext(ctx, `VACUUM INTO $1`, stolen); err != nil {
		t.Fatal(err)
	}
	cp, err := sql.Open("sqlite", stolen)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var secrets [][]byte
	rows, err := cp.QueryContext(ctx, `SELECT name, value FROM secrets`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		var v []byte
		if err := rows.Scan(&name, &v); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, v)
	}
	rows.Close()
	if len(secrets) == 0 {
		t.Fatal("the copy holds no secrets: nothing was tried")
	}
	type key struct {
		id, team string
		live     bool
		created  int64
	}
	var stored []key
	rows, err = cp.QueryContext(ctx, `SELECT id, team_id, livemode, created_at FROM api_keys`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.team, &k.live, &k.created); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, k)
	}
	rows.Close()

	enc := base64.RawURLEncoding
	sign := func(secret []byte, body string) string {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(body))
		return enc.EncodeToString(m.Sum(nil))
	}
	tried := 0
	for _, secret := range secrets {
		for _, k := range stored {
			claims, _ := json.Marshal(map[string]any{"team": k.team, "livemode": k.live, "key_id": k.id,
				"iat": time.Unix(0, k.created).Unix()})
			body := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + enc.EncodeToString(claims)
			forged := body + "." + sign(secret, body)
			tried++
			if _, err := svc.Authenticate(ctx, forged); err == nil {
				keysAccepted++
			}
		}
		claims, _ := json.Marshal(map[string]any{"t": team.ID, "l": false, "c": c.ID, "e": now().Add(time.Hour).Unix()})
		body := enc.EncodeToString(claims)
		tried++
		if _, err := svc.OpenPortalLink(ctx, body+"."+sign(secret, body)); err == nil {
			linksAccepted++
		}
	}
	t.Logf("master key %v: %d forgeries tried from %d stored secrets and %d keys: %d keys and %d links accepted",
		master != nil, tried, len(secrets), len(stored), keysAccepted, linksAccepted)
	return keysAccepted, linksAccepted
}

// TestRotateSecrets rotates the key-signing and portal secrets twice: keys
// and links signed before keep working, on this Service and on a second one
// over the same database that had the old secret in memory (a replica);
// keys issued after work on both; a key signed with an unknown secret does
// not.
func TestRotateSecrets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openStore(t)
	now := func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }
	master := make([]byte, sello.MasterKeySize)
	a := sello.NewService(sello.Config{Store: db, Now: now, MasterKey: master})
	b := sello.NewService(sello.Config{Store: db, Now: now, MasterKey: master})
	team := newTeam("ESCUELA KEMPER URGATE", "")
	keys, err := a.CreateTeam(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	c := &sello.Client{LegalName: "PUBLICO EN GENERAL", TaxID: "XAXX010101000", TaxSystem: "616", Address: sello.Address{Zip: "42501", Country: "MEX"}}
	if err := a.CreateClient(ctx, team.ID, false, c); err != nil {
		t.Fatal(err)
	}
	link, err := a.CreatePortalLink(ctx, team.ID, false, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Authenticate(ctx, keys.Test); err != nil { // b now holds the old secret
		t.Fatal(err)
	}
	tokens := []string{keys.Test}
	for round := range 2 {
		for _, name := range []string{sello.KeySigningSecret, sello.PortalSecret} {
			if err := a.RotateSecret(ctx, name); err != nil {
				t.Fatalf("RotateSecret(%s) = %v", name, err)
			}
		}
		token, _, err := a.IssueKey(ctx, team.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, token)
		for _, svc := range []*sello.Service{a, b, sello.NewService(sello.Config{Store: db, Now: now, MasterKey: master})} {
			for i, tok := range tokens {
				if _, err := svc.Authenticate(ctx, tok); err != nil {
					t.Errorf("round %d: Authenticate(key %d) = %v", round, i, err)
				}
			}
			if _, err := svc.OpenPortalLink(ctx, link.Token); err != nil {
				t.Errorf("round %d: OpenPortalLink(before rotation) = %v", round, err)
			}
		}
	}
	fixed := sello.NewService(sello.Config{Store: db, Now: now, MasterKey: master, Secrets: map[string][]byte{sello.KeySigningSecret: []byte("a secret of at least thirty-two bytes")}})
	if _, err := fixed.Authenticate(ctx, tokens[0]); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("Authenticate(key signed with another secret) = %v, want invalid_token", err)
	}
	if err := fixed.RotateSecret(ctx, sello.KeySigningSecret); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("RotateSecret(configured secret) = %v, want not_allowed", err)
	}
}

// TestPlainSecretsAreSealed: a database whose secrets an earlier version
// stored in plain text keeps its keys valid once a master key is set, and
// the plain rows are gone.
func TestPlainSecretsAreSealed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openStore(t)
	now := func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }
	old := sello.NewService(sello.Config{Store: db, Now: now})
	team := newTeam("ESCUELA KEMPER URGATE", "")
	keys, err := old.CreateTeam(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSecret(ctx, sello.KeySigningSecret); err != nil {
		t.Fatalf("the plain secret was not stored: %v", err)
	}
	sealed := sello.NewService(sello.Config{Store: db, Now: now, MasterKey: make([]byte, sello.MasterKeySize)})
	if _, err := sealed.Authenticate(ctx, keys.Live); err != nil {
		t.Errorf("Authenticate(key issued before sealing) = %v", err)
	}
	if _, err := db.FindSecret(ctx, sello.KeySigningSecret); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindSecret(plain) after sealing = %v, want not_found", err)
	}
}
