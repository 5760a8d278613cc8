package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

// TestSelfInvoiceBrowser runs the real server, creates a receipt through
// the API, and has Debian's chromium (driven by playwright-core from
// portal/e2e) self-invoice it on the page: a wrong RFC shows the field
// error, the right data gives the invoice, whose downloaded XML passes the
// SAT oracle and `sello cfdi verify`, and a second attempt shows the
// purchase already invoiced. Screenshots are written to the test's artifact
// directory (go test -artifacts -outputdir DIR keeps them).
//
// It needs /usr/bin/chromium (or $CHROMIUM), node and `npm ci` run in
// portal/e2e; without them it is skipped, or fails when CI is set.
func TestSelfInvoiceBrowser(t *testing.T) {
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

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sello", "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "sello.db")}, getenvFrom(nil), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	addrRE := regexp.MustCompile(`Listening on (http://\S+)`)
	waitFor(t, "the listening line", func() bool { return addrRE.MatchString(stdout.String()) })
	base := addrRE.FindStringSubmatch(stdout.String())[1]
	key := regexp.MustCompile(`Sandbox TEST key \(shown once, keep it\): (\S+)`).FindStringSubmatch(stdout.String())[1]

	st, res := apiCall(t, "POST", base+"/v2/receipts", key, map[string]any{
		"items":       []any{map[string]any{"description": "Colegiatura", "unit_price": 2500, "taxes": []any{map[string]any{"type": "IVA", "rate": 0.16}}}},
		"paymentForm": "03"})
	data, _ := res["data"].(map[string]any)
	link, _ := data["url"].(string)
	if st != 201 || !strings.HasPrefix(link, base+"/autofactura?id=") {
		t.Fatalf("POST /v2/receipts = %d %v", st, res)
	}

	shots := t.ArtifactDir()
	xmlPath, pdfPath := filepath.Join(dir, "factura.xml"), filepath.Join(shots, "factura.pdf")
	cfg, _ := json.Marshal(map[string]string{"url": link, "xml": xmlPath, "pdf": pdfPath, "shots": shots})
	cmd := exec.Command(node, "autofactura.mjs", string(cfg))
	cmd.Dir = e2e
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser script: %v\n%s", err, out)
	}
	t.Logf("browser: %s; screenshots in %s", strings.TrimSpace(string(out)), shots)
	for _, name := range []string{"autofactura-form.png", "autofactura-rfc-error.png", "autofactura-done.png", "autofactura-already-invoiced.png"} {
		if fi, err := os.Stat(filepath.Join(shots, name)); err != nil || fi.Size() == 0 {
			t.Errorf("screenshot %s: %v", name, err)
		}
	}

	xml, err := os.ReadFile(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	cfditest.Oracle(t, xml)
	var vout, verr syncBuffer
	if err := run(context.Background(), []string{"sello", "cfdi", "verify", xmlPath}, getenvFrom(nil), &vout, &verr); err != nil {
		t.Errorf("sello cfdi verify: %v\n%s%s", err, vout.String(), verr.String())
	}
	if pdf, err := os.ReadFile(pdfPath); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("downloaded PDF: %v", err)
	}
	st, res = apiCall(t, "GET", base+"/v2/receipts/"+data["id"].(string), key, nil)
	got, _ := res["data"].(map[string]any)
	if st != 200 || got["status"] != "completed" || !strings.Contains(string(xml), `UUID="`+got["invoice_id"].(string)+`"`) {
		t.Errorf("receipt after the page = %d %v", st, got)
	}
}
