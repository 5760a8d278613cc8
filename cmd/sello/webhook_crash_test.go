package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// serveProcess is `sello serve` running as a child process.
type serveProcess struct {
	cmd  *exec.Cmd
	addr string
	key  string // the sandbox test key, printed on the first start only
}

func startServe(t *testing.T, bin, db string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db,
		"--webhook-allow-private", "--webhook-lease", "6s")
	cmd.Env = []string{"HOME=" + t.TempDir()}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	p := &serveProcess{cmd: cmd}
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
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "sello")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "sello.db")

	var mu sync.Mutex
	got := map[string]int{}
	var mismatched []string
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct{ ID string }
		json.NewDecoder(r.Body).Decode(&p)
		time.Sleep(5 * time.Millisecond)
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

	p := startServe(t, bin, db)
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

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const n = 400
	ids := sello.IDGenerator{}
	for i := range n {
		e := &sello.Event{ID: ids.New("evt_"), TeamID: team, Type: "customer.created", ObjectID: fmt.Sprint("client_", i),
			Data: []byte(`{"id":"client"}`), CreatedAt: time.Now()}
		if err := store.RecordEvent(context.Background(), e); err != nil {
			t.Fatalf("RecordEvent: %v", err)
		}
	}
	waitFor(t, "some deliveries", func() bool { d, _ := received(); return d >= 40 })
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
	before, _ := received()
	if before >= n {
		t.Fatalf("all %d events were delivered before the kill; the test proves nothing", n)
	}

	startServe(t, bin, db)
	waitFor(t, "every event after the restart", func() bool { d, _ := received(); return d == n })
	distinct, total := received()
	t.Logf("%d events: %d delivered before SIGKILL, %d after restart; %d requests (%d duplicates)", n, before, distinct-before, total, total-distinct)
	mu.Lock()
	defer mu.Unlock()
	if len(mismatched) > 0 {
		t.Errorf("deliveries under another webhook-id: %v", mismatched)
	}
}
