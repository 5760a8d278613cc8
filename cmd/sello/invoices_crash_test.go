package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/mail/smtptest"
	"github.com/sello-mx/sello/pac/finkoktest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// The size of the fault test (issue 12 §4): SELLO_CRASH_INVOICES and
// SELLO_CRASH_KILLS override them (docs/RELIABILITY.md).
const (
	crashInvoices = 5000
	crashKills    = 10
	crashIssuers  = 8
)

// TestInvoicesSurviveKill issues live invoices with Idempotency-Key from
// eight concurrent clients through a stamping provider that runs outside
// the server (the fake Finkok in this test process, with its own ledger)
// and kills the real binary with SIGKILL again and again, restarting it on
// the same database each time. Each client retries a request whose answer
// was lost, under the same key, until it gets one — as a careful client
// does. Then: every acknowledged invoice is stored, valid, once; no folio
// or UUID is used twice and each series' folios have no gap; no key
// answered 409 after a restart and each replays its own invoice; the
// provider stamped nothing that was not stored; every XML has one TFD; and
// every invoice.created event was delivered at least once.
func TestInvoicesSurviveKill(t *testing.T) {
	killTestEngines(t, invoicesSurviveKill)
}

// crashSize reads a size of the fault test from the environment.
func crashSize(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// crashRun is the state of one fault test run.
type crashRun struct {
	t        *testing.T
	bin, db  string
	env      []string
	mu       sync.Mutex
	proc     *serveProcess
	base     string
	liveKey  string
	conflict atomic.Int32 // 409 answers seen
	lost     atomic.Int32 // attempts whose answer a kill took
	logs     []string     // the log file of every server started
}

// recovered sums what the servers' recoveries resolved, from their logs.
func (r *crashRun) recovered() map[string]int {
	sum := map[string]int{}
	for _, name := range r.logs {
		raw, err := os.ReadFile(name)
		if err != nil {
			r.t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "recovered dead processes" {
				continue
			}
			for _, k := range []string{"processes", "stored", "finished", "pending", "refused", "folios", "keys", "left", "quarantined"} {
				n, _ := rec[k].(float64)
				sum[k] += int(n)
			}
		}
	}
	return sum
}

func (r *crashRun) server() (string, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.base, r.liveKey
}

// restart kills the server with SIGKILL and starts it again on the same
// database; recovery runs before it listens.
func (r *crashRun) restart() {
	r.mu.Lock()
	old := r.proc
	r.mu.Unlock()
	if err := old.cmd.Process.Kill(); err != nil {
		r.t.Fatal(err)
	}
	old.cmd.Wait()
	p := startServe(r.t, r.bin, r.db, r.env)
	r.mu.Lock()
	r.proc, r.base = p, "http://"+p.addr
	r.logs = append(r.logs, p.logs)
	r.mu.Unlock()
}

// post sends one invoice request under key until it gets an answer,
// following the server through its restarts.
func (r *crashRun) post(key string, body []byte) (int, map[string]any) {
	for {
		base, live := r.server()
		req, _ := http.NewRequest("POST", base+"/v2/invoices/income", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+live)
		req.Header.Set("Idempotency-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			r.lost.Add(1)
			time.Sleep(20 * time.Millisecond)
			continue
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			r.lost.Add(1)
			continue
		}
		var out map[string]any
		json.Unmarshal(raw, &out)
		if resp.StatusCode == http.StatusConflict {
			r.conflict.Add(1)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		return resp.StatusCode, out
	}
}

func invoicesSurviveKill(t *testing.T, bin, db string, env []string, open func() (sello.Store, error)) {
	total, kills := crashSize("SELLO_CRASH_INVOICES", crashInvoices), crashSize("SELLO_CRASH_KILLS", crashKills)
	// The stamping provider, outside the server, with its own ledger.
	cer, key, err := sandbox.GenerateAuthority([]byte("pw"), time.Now().Add(-time.Hour), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Config{Certificate: cer, Key: key, Password: []byte("pw"), Now: time.Now, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	satCert, err := x509.ParseCertificate(cer)
	if err != nil {
		t.Fatal(err)
	}
	pac := finkoktest.New(finkoktest.Config{Username: "u", Password: "p", PAC: sb})
	defer pac.Close()
	// The webhook receiver counts invoice.created by invoice.
	var hookMu sync.Mutex
	created := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var ev struct {
			Type string
			Data struct{ Object struct{ ID string } }
		}
		json.NewDecoder(req.Body).Decode(&ev)
		if ev.Type == "invoice.created" {
			hookMu.Lock()
			created[ev.Data.Object.ID]++
			hookMu.Unlock()
		}
	}))
	defer hook.Close()
	// The mail server, outside the server too; every tenth invoice asks
	// for its e-mail.
	smtp := smtptest.NewServer()
	defer smtp.Close()
	env = append(env, "FINKOK_USERNAME=u", "FINKOK_PASSWORD=p", "FINKOK_URL="+pac.URL(),
		"SELLO_WEBHOOK_HTTP_HOSTS=127.0.0.1", "SMTP_URL=smtp://"+smtp.Addr()+"?tls=none&from=facturas@kemper.mx",
		"SELLO_JOB_LEASE=5s")
	r := &crashRun{t: t, bin: bin, db: db, env: env}
	r.proc = startServe(t, bin, db, env)
	r.base, r.logs = "http://"+r.proc.addr, []string{r.proc.logs}
	team, live := crashTeam(t, r)
	r.liveKey = live
	clientID := crashSetup(t, r, team, hook.URL)

	// Eight clients, each issuing its share of invoices one after another.
	began := time.Now()
	// pending: answered 202, stored pending by the recovery of a killed
	// process when the provider could not answer its call then (as when it
	// still runs the dead process's own call for the document): a valid
	// answer (API.md), and the job worker stamps the invoice soon after.
	type answer struct {
		id, uuid string
		pending  bool
	}
	acked := make([]map[string]answer, crashIssuers)
	bodies := map[string][]byte{}
	var bodiesMu sync.Mutex
	var done atomic.Int32
	var wg sync.WaitGroup
	for w := range crashIssuers {
		acked[w] = map[string]answer{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += crashIssuers {
				k := fmt.Sprintf("order-%05d", i)
				req := map[string]any{"client": clientID, "payment_form": "03",
					"items": []any{map[string]any{"description": fmt.Sprint("Servicio ", i), "unit_price": 100 + i%50,
						"taxes": []any{map[string]any{"type": "IVA", "rate": 0.16}}}}}
				if i%10 == 0 {
					req["send_email"], req["emails"] = true, []string{fmt.Sprintf("cliente%05d@example.com", i)}
				}
				body, _ := json.Marshal(req)
				bodiesMu.Lock()
				bodies[k] = body
				bodiesMu.Unlock()
				st, out := r.post(k, body)
				d, _ := out["data"].(map[string]any)
				pending := st == 202 && d["status"] == "pending"
				if st != 201 && !pending {
					t.Errorf("%s: %d %v", k, st, out)
					continue
				}
				id, _ := d["id"].(string)
				uuid, _ := d["uuid"].(string)
				acked[w][k] = answer{id, uuid, pending}
				done.Add(1)
			}
		}()
	}
	// SIGKILL the server `kills` times, spread over the first 90 % of the
	// run, so that invoices issued after the last restart fill the folios
	// handed back.
	for k := 1; k <= kills; k++ {
		at := int32(total * 9 / 10 * k / (kills + 1))
		for done.Load() < at {
			time.Sleep(5 * time.Millisecond)
		}
		r.restart()
	}
	wg.Wait()
	base, _ := r.server()
	rec := r.recovered()
	t.Logf("%s: %d invoices in %s, %d SIGKILLs: %d attempts lost their answer to a kill (retried under their key), %d answered 409; "+
		"recovery found %d dead processes: %d sealed documents stored stamped (%d of them finished now, the rest stamped by the dead process's call), "+
		"%d stored pending, %d refused (folio handed back), %d left for later, %d reserved folios handed back, %d keys in flight freed",
		t.Name(), total, time.Since(began).Round(time.Second), kills, r.lost.Load(), r.conflict.Load(), rec["processes"],
		rec["stored"], rec["finished"], rec["pending"], rec["refused"], rec["left"], rec["folios"], rec["keys"])
	if rec["quarantined"] != 0 {
		t.Errorf("%d sealed documents set aside for an operator", rec["quarantined"])
	}
	if rec["processes"] < kills {
		t.Errorf("recovery ran for %d dead processes, want one per kill (%d)", rec["processes"], kills)
	}
	if n := r.conflict.Load(); n != 0 {
		t.Errorf("%d requests answered 409 (a key stuck in progress)", n)
	}

	// What the store holds, once the job worker has stamped what recovery
	// stored pending.
	store, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		_, _, n, err := store.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Livemode: true,
			Statuses: []sello.InvoiceStatus{sello.InvoicePending}, ListOptions: sello.ListOptions{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || time.Now().After(deadline) {
			break
		}
	}
	stored := map[string]*sello.Invoice{}
	folios := map[string][]int64{}
	uuids := map[string]bool{}
	var after *sello.Cursor
	for {
		invs, more, _, err := store.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Livemode: true,
			ListOptions: sello.ListOptions{Limit: 100, After: after}})
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range invs {
			stored[inv.ID] = inv
			folios[inv.Series] = append(folios[inv.Series], inv.Folio)
			if uuids[inv.UUID] {
				t.Errorf("UUID %s stored twice", inv.UUID)
			}
			uuids[inv.UUID] = true
			if inv.Status != sello.InvoiceValid {
				t.Errorf("invoice %s is %s", inv.ID, inv.Status)
			}
			if n := bytes.Count(inv.XML, []byte("<tfd:TimbreFiscalDigital")); n != 1 {
				t.Errorf("invoice %s: %d TimbreFiscalDigital", inv.ID, n)
			}
			if inv.Folio%200 == 0 { // the SAT oracle on a sample: XSD, cadena, both seals
				cfditest.Oracle(t, inv.XML, cfditest.WithSATCert(satCert))
			}
		}
		if !more || len(invs) == 0 {
			break
		}
		last := invs[len(invs)-1]
		after = &sello.Cursor{Key: strconv.FormatInt(last.CreatedAt.UnixNano(), 10), ID: last.ID}
	}
	lostAcked, pendingAcked := 0, 0
	for _, m := range acked {
		for k, a := range m {
			if a.pending {
				pendingAcked++
			}
			if inv := stored[a.id]; inv == nil || (!a.pending && inv.UUID != a.uuid) {
				lostAcked++
				t.Errorf("%s: acknowledged invoice %s (%s) is not stored as answered", k, a.id, a.uuid)
			}
		}
	}
	if len(stored) != total {
		t.Errorf("%d invoices stored for %d keys, want one per key", len(stored), total)
	}
	gaps := 0
	for series, fs := range folios {
		slices.Sort(fs)
		for i, f := range fs {
			if f != int64(i+1) {
				gaps++
				t.Errorf("series %s: folio %d where %d was due (a gap or a duplicate)", series, f, i+1)
				break
			}
		}
	}
	notStored := 0
	for _, u := range pac.UUIDs() {
		if !uuids[strings.ToUpper(u)] {
			notStored++
			t.Errorf("the provider stamped %s, which is not stored", u)
		}
	}
	t.Logf("stored %d, acknowledged but lost %d (%d acknowledged pending, stamped since), folio gaps %d, stamped by the provider but not stored %d (provider stamps %d)",
		len(stored), lostAcked, pendingAcked, gaps, notStored, pac.Stamps())

	// Every key replays its own invoice, with no 409.
	replayed := 0
	for _, m := range acked {
		for k, a := range m {
			st, out := r.post(k, bodies[k])
			d, _ := out["data"].(map[string]any)
			if st != 201 || d["id"] != a.id {
				t.Errorf("replay of %s = %d %v, want invoice %s", k, st, d["id"], a.id)
				continue
			}
			replayed++
		}
	}
	if n := r.conflict.Load(); n != 0 {
		t.Errorf("%d replays answered 409", n)
	}
	t.Logf("replayed %d keys on %s", replayed, base)

	// Every stored invoice that asked for its e-mail gets it, at least once.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		mailed := map[string]int{}
		for _, m := range smtp.Messages() {
			for _, a := range m.Attachments {
				if uuid, ok := strings.CutSuffix(a.Name, ".xml"); ok {
					mailed[strings.ToUpper(uuid)]++
				}
			}
		}
		missing, twice, asked := 0, 0, 0
		for _, inv := range stored {
			if !inv.SendEmail {
				continue
			}
			asked++
			switch mailed[inv.UUID] {
			case 0:
				missing++
			case 1:
			default:
				twice++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			t.Logf("e-mails: %d invoices asked for one, %d messages taken, %d invoices mailed more than once (a kill between the mail server's answer and the job's end), %d never",
				asked, len(smtp.Messages()), twice, missing)
			if missing != 0 {
				t.Errorf("%d invoices that asked for an e-mail never got it", missing)
			}
			if asked != total/10 {
				t.Errorf("%d stored invoices asked for an e-mail, want %d", asked, total/10)
			}
			break
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Every invoice.created event reaches the webhook at least once.
	deadline = time.Now().Add(2 * time.Minute)
	for {
		hookMu.Lock()
		missing := 0
		for id := range stored {
			if created[id] == 0 {
				missing++
			}
		}
		hookMu.Unlock()
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("%d invoice.created events never delivered", missing)
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// crashTeam creates the issuing team with the CLI and returns its id and
// live key.
func crashTeam(t *testing.T, r *crashRun) (sello.TeamID, string) {
	cmd := exec.Command(r.bin, "teams", "create", "--db", r.db, "--legal-name", "ESCUELA KEMPER URGATE",
		"--tax-id", "EKU9003173C9", "--tax-system", "601", "--zip", "42501", "--json")
	cmd.Env = append([]string{"HOME=" + t.TempDir()}, r.env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("teams create: %v\n%s", err, out)
	}
	var created struct {
		Team struct{ ID string }
		Keys map[string]string
	}
	if err := json.Unmarshal(out, &created); err != nil || created.Keys["live"] == "" {
		t.Fatalf("teams create: %v\n%s", err, out)
	}
	return sello.TeamID(created.Team.ID), created.Keys["live"]
}

// crashSetup uploads the team's live CSD, subscribes the webhook receiver
// and stores the client the invoices go to; it returns the client's id.
func crashSetup(t *testing.T, r *crashRun, team sello.TeamID, hookURL string) string {
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for _, f := range []string{"cer", "key"} {
		raw, err := os.ReadFile(filepath.Join(dir, "EKU9003173C9."+f))
		if err != nil {
			t.Fatal(err)
		}
		fw, _ := mw.CreateFormFile(f, "EKU9003173C9."+f)
		fw.Write(raw)
	}
	pass, err := os.ReadFile(filepath.Join(dir, "password.txt"))
	if err != nil {
		t.Fatal(err)
	}
	mw.WriteField("keyPass", strings.TrimSpace(string(pass)))
	mw.Close()
	req, _ := http.NewRequest("POST", r.base+"/v2/teams/"+string(team)+"/sat-connection", &form)
	req.Header.Set("Authorization", "Bearer "+r.liveKey)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("sat-connection: %d %s", resp.StatusCode, raw)
	}
	if st, out := apiCall(t, "POST", r.base+"/v2/webhooks", r.liveKey, map[string]any{"url": hookURL}); st != 201 {
		t.Fatalf("POST /v2/webhooks: %d %v", st, out)
	}
	st, out := apiCall(t, "POST", r.base+"/v2/clients", r.liveKey, map[string]any{"legal_name": "UNIVERSIDAD ROBOTICA ESPAÑOLA",
		"tax_id": "URE180429TM6", "tax_system": "601", "address": map[string]any{"zip": "86991"}})
	if st != 201 {
		t.Fatalf("POST /v2/clients: %d %v", st, out)
	}
	return out["data"].(map[string]any)["id"].(string)
}
