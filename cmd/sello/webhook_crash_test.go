package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/store/storetest"
)

// serveProcess is `sello serve` running as a child process.
type serveProcess struct {
	cmd  *exec.Cmd
	addr string
	key  string // the sandbox test key, printed on the first start only
	logs string // the file its standard error (the JSON log) goes to
}

func startServe(t *testing.T, bin, db string, env []string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db,
		"--webhook-allow-private", "--webhook-lease", "6s")
	cmd.Env = append([]string{"HOME=" + t.TempDir()}, env...)
	logs, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	p := &serveProcess{cmd: cmd, logs: logs.Name()}
	keyRe := regexp.MustCompile(`TEST key \(shown once, keep it\): (\S+)`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if m := keyRe.FindStringSubmatch(line); m != nil {
			p.key = m[1]
		}
		if a, ok := strings.CutPrefix(line, "Listening on http://"); ok {
			p.addr = a
			break
		}
	}
	if p.addr == "" {
		t.Fatalf("sello serve did not start: %v", sc.Err())
	}
	go io.Copy(io.Discard, out)
	return p
}

// TestWebhooksSurviveKill records events with deliveries pending, kills the
// server with SIGKILL in the middle of delivering them, restarts it on the
// same database and checks that every event arrives: at least once, and
// always under its own webhook-id.
//
// The events are recorded by the test through Store.RecordEvent on the same
// SQLite file (no route of this branch emits events yet), exactly as a
// change's transaction would record them.
func TestWebhooksSurviveKill(t *testing.T) {
	killTestEngines(t, surviveKill)
}

// killTestEngines builds the binary once and runs a fault test with it on
// both engines at once: SQLite in a file of its own, and a fresh PostgreSQL
// database (with a master key in the environment, as PostgreSQL needs).
// open opens the test's database from the test process.
func killTestEngines(t *testing.T, test func(t *testing.T, bin, db string, env []string, open func() (sello.Store, error))) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "sello")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(t.TempDir(), "sello.db")
		test(t, bin, db, nil, func() (sello.Store, error) { return sqlite.Open(context.Background(), db) })
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		url := storetest.PostgresURL(t)
		master := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
		test(t, bin, filepath.Join(t.TempDir(), "unused.db"), []string{"DATABASE_URL=" + url, "SELLO_MASTER_KEY=" + master},
			func() (sello.Store, error) { return postgres.Open(context.Background(), url) })
	})
}

func surviveKill(t *testing.T, bin, db string, env []string, open func() (sello.Store, error)) {

	var mu sync.Mutex
	got := map[string]int{}
	var mismatched []string
	arrived, midway := 0, make(chan struct{})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct{ ID string }
		json.NewDecoder(r.Body).Decode(&p)
		mu.Lock()
		arrived++
		if arrived == 50 {
			close(midway) // the test kills the server while this batch is in flight
		}
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		got[p.ID]++
		if r.Header.Get("webhook-id") != p.ID {
			mismatched = append(mismatched, p.ID+" as "+r.Header.Get("webhook-id"))
		}
		mu.Unlock()
	}))
	defer rc.Close()
	received := func() (distinct, total int) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range got {
			total += n
		}
		return len(got), total
	}

	p := startServe(t, bin, db, env)
	status, body := ping(t, "http://"+p.addr, p.key)
	if status != 200 {
		t.Fatalf("ping = %d %v", status, body)
	}
	team := sello.TeamID(body["data"].(map[string]any)["team"].(string))
	req, _ := http.NewRequest("POST", "http://"+p.addr+"/v2/webhooks", strings.NewReader(`{"url":"`+rc.URL+`/hook"}`))
	req.Header.Set("Authorization", "Bearer "+p.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("POST /v2/webhooks = %v, %v", resp, err)
	}
	resp.Body.Close()

	store, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const n = 400
	ids := sello.IDGenerator{}
	var events []*sello.Event
	for i := range n {
		events = append(events, &sello.Event{ID: ids.New("evt_"), TeamID: team, Type: "customer.created",
			ObjectID: fmt.Sprint("client_", i), Data: []byte(`{"id":"client"}`), CreatedAt: time.Now()})
	}
	if err := store.RecordEvent(context.Background(), events...); err != nil {
		t.Fatalf("RecordEvent: %v", err)
	}
	select {
	case <-midway:
	case <-time.After(30 * time.Second):
		t.Fatal("timed out waiting for deliveries")
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
	before, _ := received()
	if before >= n {
		t.Fatalf("all %d events were delivered before the kill; the test proves nothing", n)
	}

	startServe(t, bin, db, env)
	waitFor(t, "every event after the restart", func() bool { d, _ := received(); return d == n })
	distinct, total := received()
	t.Logf("%d events: %d delivered before SIGKILL, %d after restart; %d requests (%d duplicates)", n, before, distinct-before, total, total-distinct)
	mu.Lock()
	defer mu.Unlock()
	if len(mismatched) > 0 {
		t.Errorf("deliveries under another webhook-id: %v", mismatched)
	}
}
