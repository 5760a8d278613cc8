package httpapi

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// clock advances one second on every reading, so teams created one after
// the other sort by creation time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// syncBuffer is a bytes.Buffer safe for the logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is a running server over a fresh SQLite database with three teams:
// parent, its child, and an unrelated team.
type env struct {
	url                   string
	svc                   *sello.Service
	parent, child, other  *sello.Team
	test, live, childTest string
	otherTest, revoked    string
	secret                []byte
	logs                  *syncBuffer
}

func withRoutes(rts ...*route) Option { return func(s *Server) { s.extra = rts } }

// storeWrap lets a test replace one Store method.
type storeWrap struct {
	sello.Store
	ping func(context.Context) error
}

func (s storeWrap) Ping(ctx context.Context) error {
	if s.ping != nil {
		return s.ping(ctx)
	}
	return s.Store.Ping(ctx)
}

func setup(t *testing.T, opts ...Option) *env {
	t.Helper()
	return setupStore(t, func(s sello.Store) sello.Store { return s }, opts...)
}

func setupStore(t *testing.T, wrap func(sello.Store) sello.Store, opts ...Option) *env {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: wrap(db), Now: clk.now})
	e := &env{svc: svc, logs: &syncBuffer{}}
	newTeam := func(name string, parent sello.TeamID) (*sello.Team, *sello.TeamKeys) {
		tm := &sello.Team{LegalName: name, TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600", ParentID: parent}
		keys, err := svc.CreateTeam(ctx, tm)
		if err != nil {
			t.Fatalf("CreateTeam(%s): %v", name, err)
		}
		return tm, keys
	}
	var k *sello.TeamKeys
	e.parent, k = newTeam("PARENT", "")
	e.test, e.live = k.Test, k.Live
	e.child, k = newTeam("CHILD", e.parent.ID)
	e.childTest = k.Test
	e.other, k = newTeam("OTHER", "")
	e.otherTest = k.Test
	tok, key, err := svc.IssueKey(ctx, e.parent.ID, false)
	if err != nil {
		t.Fatalf("IssueKey: %v", err)
	}
	if err := svc.RevokeKey(ctx, key.ID); err != nil {
		t.Fatalf("RevokeKey: %v", err)
	}
	e.revoked = tok
	if e.secret, err = svc.Secret(ctx, sello.KeySigningSecret); err != nil {
		t.Fatalf("Secret: %v", err)
	}
	logger := slog.New(slog.NewJSONHandler(e.logs, nil))
	srv := httptest.NewServer(NewServer(svc, logger, append([]Option{WithVersion("test")}, opts...)...))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// forge signs arbitrary header and claims JSON with secret.
func forge(secret []byte, header, claims string) string {
	enc := base64.RawURLEncoding
	s := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims))
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(s))
	return s + "." + enc.EncodeToString(m.Sum(nil))
}

// do sends a request and decodes the JSON answer.
func (e *env) do(t *testing.T, method, path string, hdr map[string]string, body string) (*http.Response, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return resp, out
}

// lookup returns the value at a dotted path ("data.team", "data.0.id").
func lookup(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func bearer(key string) map[string]string { return map[string]string{"Authorization": "Bearer " + key} }

// decodeClaims reads a key's claims without verifying it.
func decodeClaims(key string) (map[string]any, error) {
	parts := strings.Split(key, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var c map[string]any
	return c, json.Unmarshal(raw, &c)
}
