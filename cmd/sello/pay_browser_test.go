package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

// TestPayPageBrowser requests a payment through the real server and opens
// its short_url in Debian's chromium (playwright-core, portal/e2e): the
// page shows the amount, the lines and the team's CLABE; a forged link
// shows a clear 404 page. The screenshot is written to the test's artifact
// directory. Skipped without chromium, node or node_modules (fails in CI).
func TestPayPageBrowser(t *testing.T) {
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
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sello", "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "sello.db")},
			getenvFrom(nil), &stdout, &stderr)
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
	team := api("GET", "/v2/ping", "")["data"].(map[string]any)["team"].(string)
	api("PUT", "/v2/teams/"+team+"/settings", `{"bank_account":{"bank":"BBVA","clabe":"012180001234567897","beneficiary":"ESCUELA"}}`)
	p := api("POST", "/v2/payments/request", `{"client":{},"items":[{"description":"Colegiatura","unit_price":1000,
		"taxes":[{"type":"IVA","rate":0.16}]}]}`)["data"].(map[string]any)
	url := p["short_url"].(string)

	shot := filepath.Join(t.ArtifactDir(), "pay-page.png")
	cfg, _ := json.Marshal(map[string]string{"url": url, "badUrl": base + "/pay/forged.token", "total": "$1,160.00 MXN",
		"clabe": "012180001234567897", "screenshot": shot})
	cmd := exec.Command(node, "pay.mjs", string(cfg))
	cmd.Dir = e2e
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser script: %v\n%s", err, out)
	}
	t.Logf("browser: %s; screenshot: %s", strings.TrimSpace(string(out)), shot)
}
