package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

// liveServer is the real program serving on a free port, with one team
// (ESCUELA KEMPER URGATE) created through the command line.
type liveServer struct {
	base, key string
	getenv    func(string) string
	xmlFiles  []string // documents downloaded by xml, for verifyAll
	db        []string // the database flags of serve
	dir       string
	stop      func()
}

// startServer runs `sello serve` with the environment and database flags
// and creates a team; stop cancels it and checks it ended cleanly.
func startServer(t *testing.T, envm map[string]string, db []string) *liveServer {
	t.Helper()
	getenv := getenvFrom(envm)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"sello", "serve", "--addr", "127.0.0.1:0"}, db...), getenv, &stdout, &stderr)
	}()
	addrRE := regexp.MustCompile(`Listening on (http://\S+)`)
	waitFor(t, "the listening line", func() bool { return addrRE.MatchString(stdout.String()) })
	out := cli(t, getenv, append([]string{"teams", "create", "--legal-name", "ESCUELA KEMPER URGATE", "--tax-id", "EKU9003173C9",
		"--tax-system", "601", "--zip", "42501", "--json"}, db...)...)
	var created struct {
		Keys struct{ Test string } `json:"keys"`
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		cancel()
		t.Fatalf("teams create: %v\n%s", err, out)
	}
	s := &liveServer{base: addrRE.FindStringSubmatch(stdout.String())[1], key: created.Keys.Test, getenv: getenv, db: db, dir: t.TempDir()}
	s.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
	return s
}

// xml downloads an invoice's XML through its signed link, without the API
// key, checks it with the SAT oracle and keeps it for verifyAll.
func (s *liveServer) xml(t *testing.T, name, uuid string) []byte {
	t.Helper()
	st, files := apiCall(t, "GET", s.base+"/v2/invoices/"+uuid+"/files?file_type=xml", s.key, nil)
	link, _ := files["data"].(map[string]any)["xml"].(string)
	if st != 200 || link == "" {
		t.Fatalf("%s files: %d %v", name, st, files)
	}
	resp, err := http.Get(link)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: GET %s = %v %v", name, link, resp, err)
	}
	xml, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	cfditest.Oracle(t, xml)
	f := filepath.Join(s.dir, name+".xml")
	if err := os.WriteFile(f, xml, 0o600); err != nil {
		t.Fatal(err)
	}
	s.xmlFiles = append(s.xmlFiles, f)
	return xml
}

// verifyAll runs `sello cfdi verify` over every XML downloaded.
func (s *liveServer) verifyAll(t *testing.T) {
	t.Helper()
	verify := func(files ...string) (string, error) {
		var vout, verr bytes.Buffer
		err := run(context.Background(), append(append([]string{"sello", "cfdi", "verify"}, s.db...), files...), s.getenv, &vout, &verr)
		return vout.String() + verr.String(), err
	}
	out, err := verify(s.xmlFiles...)
	if err != nil {
		t.Errorf("sello cfdi verify: %v\n%s", err, out)
	}
	// With no flag but the database's, it knows the sandbox PAC's
	// certificate: every SelloSAT is checked, and a TFD whose UUID was
	// changed fails.
	if strings.Contains(out, "SelloSAT not checked") {
		t.Errorf("sello cfdi verify did not check the sandbox stamps:\n%s", out)
	}
	if len(s.xmlFiles) == 0 {
		return
	}
	doc, _ := os.ReadFile(s.xmlFiles[0])
	uuid := regexp.MustCompile(`TimbreFiscalDigital[^>]*\sUUID="([0-9A-Fa-f-]{36})"`).FindSubmatch(doc)
	if uuid == nil {
		t.Fatalf("no TFD UUID in %s", s.xmlFiles[0])
	}
	other := []byte(string(uuid[1][:35]) + map[bool]string{true: "1", false: "0"}[uuid[1][35] == '0'])
	tampered := filepath.Join(s.dir, "tampered-tfd-uuid.xml")
	if err := os.WriteFile(tampered, bytes.Replace(doc, uuid[1], other, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := verify(tampered); !errors.Is(err, errFilesFailed) || !strings.Contains(out, "sellosat") {
		t.Errorf("sello cfdi verify of a sandbox invoice with another TFD UUID = %v:\n%s\nwant FAIL naming sellosat", err, out)
	}
}
