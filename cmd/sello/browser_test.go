package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/store/sqlite"
)

// TestOnboardingBrowser runs the real server, creates a child team through
// Connect, opens its onboarding link in Debian's chromium (driven by
// playwright-core from portal/e2e), fills the form, uploads the SAT's 2023
// test CSD and submits; the API then shows the team set up. An expired link
// shows a clear page. The filled page's screenshot is written to the test's
// artifact directory (go test -artifacts -outputdir DIR keeps it).
//
// It needs /usr/bin/chromium (or $CHROMIUM), node and `npm ci` run in
// portal/e2e; without them it is skipped, or fails when CI is set.
func TestOnboardingBrowser(t *testing.T) {
	t.Parallel()
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	e2e := filepath.Join(cfditest.RepoRoot(t), "portal", "e2e")
	if _, err := os.Stat(chromium); err != nil {
		cfditest.SkipOrFail(t, "chromium not found (%v): apt-get install -y chromium", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		cfditest.SkipOrFail(t, "node not found: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e2e, "node_modules", "playwright-core")); err != nil {
		cfditest.SkipOrFail(t, "playwright-core not installed: run npm ci in portal/e2e (%v)", err)
	}
	csdDir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	pass, err := os.ReadFile(filepath.Join(csdDir, "password.txt"))
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	dbPath := filepath.Join(dir, "sello.db")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sello", "serve", "--addr", "127.0.0.1:0", "--db", dbPath}, getenvFrom(nil), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	addrRE := regexp.MustCompile(`Listening on (http://\S+)`)
	waitFor(t, "the listening line", func() bool { return addrRE.MatchString(stdout.String()) })
	base := addrRE.FindStringSubmatch(stdout.String())[1]
	key := regexp.MustCompile(`Sandbox TEST key \(shown once, keep it\): (\S+)`).FindStringSubmatch(stdout.String())[1]

	api := func(method, path, body string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode >= 300 {
			t.Fatalf("%s %s = %d %s", method, path, resp.StatusCode, raw)
		}
		return out
	}
	created := api("POST", "/v2/connect/teams", `{"members":[],"alias":"Escuela","primaryColor":"#333","logoUrl":"https://example.com/l.png",
		"legalName":"ESCUELA KEMPER URGATE","taxId":"EKU9003173C9","taxSystem":"601","address":{"zip":"42501"},
		"contactEmails":[],"supportEmail":"soporte@example.com"}`)
	team := created["data"].(map[string]any)["id"].(string)
	onboarding := api("GET", "/v2/connect/teams/"+team+"/onboarding", "")["data"].(map[string]any)
	link := onboarding["onboardingUrl"].(string)

	// An expired link: signed with the server's secret by a Service whose
	// clock is two days behind.
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The server's secrets are sealed with the master key next to the database.
	b64, err := os.ReadFile(filepath.Join(filepath.Dir(dbPath), masterKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	master, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b64)))
	if err != nil {
		t.Fatal(err)
	}
	past := sello.NewService(sello.Config{Store: db, Now: func() time.Time { return time.Now().Add(-48 * time.Hour) }, MasterKey: master})
	oldTok, _, err := past.OnboardingToken(context.Background(), sello.TeamID(team), false)
	if err != nil {
		t.Fatal(err)
	}

	shot := filepath.Join(t.ArtifactDir(), "onboarding-filled.png")
	cfg, _ := json.Marshal(map[string]string{"url": link, "expiredUrl": base + "/onboarding/" + oldTok,
		"cer": filepath.Join(csdDir, "EKU9003173C9.cer"), "key": filepath.Join(csdDir, "EKU9003173C9.key"),
		"password": strings.TrimSpace(string(pass)), "screenshot": shot})
	cmd := exec.Command(node, "onboarding.mjs", string(cfg))
	cmd.Dir = e2e
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser script: %v\n%s", err, out)
	}
	t.Logf("browser: %s; screenshot of the filled page: %s", strings.TrimSpace(string(out)), shot)
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("screenshot %s: %v", shot, err)
	}

	got := api("GET", "/v2/connect/teams/"+team, "")["data"].(map[string]any)
	sat := got["integrations"].(map[string]any)["sat"].(map[string]any)
	if got["setupComplete"] != true || sat["completed"] != true || got["primaryColor"] != "#0a7d5a" {
		t.Errorf("team after onboarding: setupComplete %v, sat %v, primaryColor %v", got["setupComplete"], sat, got["primaryColor"])
	}
}
