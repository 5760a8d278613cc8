package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
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
	"github.com/sello-mx/sello/pac/sandbox"
	"github.com/sello-mx/sello/store/sqlite"
)

// sandboxAuthority is the sandbox PAC's certificate and key, made once per
// test binary (an RSA key takes a while).
var sandboxAuthority struct {
	once     sync.Once
	cer, key []byte
	err      error
}

// setupInvoices is a running server over a fresh SQLite database whose
// Service stamps test mode with the sandbox PAC (no live PAC), with the
// parent and an unrelated team. wrap, when given, wraps the sandbox.
func setupInvoices(t *testing.T, wrap ...func(sello.Stamper) sello.Stamper) *env {
	t.Helper()
	return setupInvoicesLive(t, false, wrap...)
}

// setupInvoicesLive is setupInvoices with, when live is set, the sandbox as
// the live provider too (live mode then needs an uploaded CSD).
func setupInvoicesLive(t *testing.T, live bool, wrap ...func(sello.Stamper) sello.Stamper) *env {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	pac := sandboxPAC(t, clk)
	var stamper sello.Stamper = pac
	for _, w := range wrap {
		stamper = w(stamper)
	}
	var liveStamper sello.Stamper
	if live {
		liveStamper = stamper
	}
	e, logger := newStampingEnv(db, clk, stamper, liveStamper)
	var k *sello.TeamKeys
	e.parent, k = e.createTeam(t, "ESCUELA KEMPER URGATE", "")
	e.test, e.live = k.Test, k.Live
	e.other, k = e.createTeam(t, "OTRA", "")
	e.otherTest = k.Test
	srv := httptest.NewServer(NewServer(e.svc, logger, WithVersion("test")))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// ureClient is a receptor with a real RFC (a SAT test RFC).
const ureClient = `{"name":"Universidad","legal_name":"UNIVERSIDAD ROBOTICA ESPAÑOLA","tax_id":"URE180429TM6",
	"tax_system":"601","use":"G03","email":"pagos@ure.mx","address":{"zip":"86991"}}`

const ivaItem = `{"description":"Consultoría","quantity":1,"unit_price":1000,"product_key":"84111506","unit_key":"E48",
	"taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa","withholding":false}]}`

// issue posts an invoice body and wants status; it returns data.
func (e *env) issue(t *testing.T, key, path, body string, status int) map[string]any {
	t.Helper()
	resp, out := e.do(t, "POST", path, bearer(key), body)
	if resp.StatusCode != status {
		t.Fatalf("POST %s %s = %d %v, want %d", path, body, resp.StatusCode, out, status)
	}
	data, _ := out["data"].(map[string]any)
	return data
}

// want checks dotted paths of v.
func want(t *testing.T, what string, v any, fields map[string]any) {
	t.Helper()
	for path, w := range fields {
		if got := lookup(v, path); fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s: %s = %v, want %v", what, path, got, w)
		}
	}
}

func TestInvoicesEndToEnd(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)

	// Income PUE, as the official CLI sends it, with file URLs.
	pue := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"payment_form":"03",
		"payment_method":"PUE","use":"G03","currency":"MXN","series":"A","return_files_urls":true,"metadata":{"order":"A-1"}}`, 201)
	uuid, _ := pue["uuid"].(string)
	if len(uuid) != 36 || uuid != strings.ToUpper(uuid) {
		t.Fatalf("income uuid = %q, want an upper-case UUID", uuid)
	}
	want(t, "income PUE", pue, map[string]any{"status": "valid", "invoice_type": "I", "total": 1160, "subtotal": 1000,
		"taxes": 160, "currency": "MXN", "exchange_rate": 1, "payment_method": "PUE", "payment_form": "03", "series": "A",
		"folio_number": 1, "client.tax_id": "URE180429TM6", "items.0.total": 1160, "items.0.taxes.0.amount": 160,
		"livemode": false, "team": e.parent.ID, "metadata.order": "A-1", "from": "api", "automation_type": "none"})
	if lookup(pue, "stamp.sello_sat") == "" || lookup(pue, "stamp.stamp_at") == nil {
		t.Errorf("income PUE: stamp = %v", pue["stamp"])
	}

	// Files: signed URLs, downloadable without an API key.
	for kind, prefix := range map[string]string{"pdf": "%PDF", "xml": "<?xml"} {
		u, _ := lookup(pue, "files."+kind).(string)
		if !strings.HasPrefix(u, e.url+"/files/") {
			t.Fatalf("files.%s = %q, want %s/files/…", kind, u, e.url)
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cd := resp.Header.Get("Content-Disposition")
		if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte(prefix)) || !strings.Contains(cd, uuid+"."+kind) ||
			resp.Header.Get("Content-Type") != "application/"+kind {
			t.Errorf("GET files.%s = %d %s %q %.20q", kind, resp.StatusCode, resp.Header.Get("Content-Type"), cd, body)
		}
		if kind == "xml" && !bytes.Contains(body, []byte(uuid)) {
			t.Errorf("the XML does not hold the UUID %s", uuid)
		}
	}
	resp, out := e.do(t, "GET", "/v2/invoices/"+strings.ToLower(uuid)+"/files?file_type=xml", bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "data.pdf") != nil || lookup(out, "data.xml") == nil {
		t.Errorf("GET /files?file_type=xml = %d %v", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "GET", "/files/forged.token", nil, ""); resp.StatusCode != 404 || lookup(out, "error.code") != "file_not_found" {
		t.Errorf("GET /files/forged = %d %v, want 404 file_not_found", resp.StatusCode, out)
	}

	// Reads: by UUID in any case or id, on the right kind only, both surfaces.
	for _, tc := range []struct {
		key, path string
		status    int
	}{
		{e.test, "/v2/invoices/income/" + strings.ToLower(uuid), 200},
		{e.test, "/v2/invoices/income/" + pue["id"].(string), 200},
		{e.test, "/v2/invoices/egress/" + uuid, 404},
		{e.test, "/v2/invoices/draft/" + uuid, 404},
		{e.live, "/v2/invoices/income/" + uuid, 404},
		{e.otherTest, "/v2/invoices/income/" + uuid, 404},
		{e.otherTest, "/v2/invoices/" + uuid + "/files", 404},
	} {
		if resp, out := e.do(t, "GET", tc.path, bearer(tc.key), ""); resp.StatusCode != tc.status {
			t.Errorf("GET %s = %d %v, want %d", tc.path, resp.StatusCode, out, tc.status)
		}
	}
	_, out = e.do(t, "GET", "/v2/invoices/"+uuid, bearer(e.test), "")
	want(t, "GET /v2/invoices/{uuid} (camel)", out, map[string]any{"data.invoiceType": "I", "data.uuid": uuid,
		"data.folioNumber": 1, "data.client.taxId": "URE180429TM6", "data.items.0.unitPrice": 1000})
	if ts, _ := lookup(out, "data.timestamp").(string); !strings.HasSuffix(ts, "Z") || lookup(out, "data.createdAt") != ts {
		t.Errorf("camel timestamp %v, createdAt %v", ts, lookup(out, "data.createdAt"))
	}

	// PPD, USD with an exchange rate, and the business and CFDI refusals.
	ppd := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"paymentMethod":"PPD"}`, 201)
	want(t, "income PPD", ppd, map[string]any{"payment_method": "PPD", "payment_form": "99", "last_balance": 1160, "folio_number": 2})
	usd := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"currency":"USD","exchange_rate":"17.5"}`, 201)
	want(t, "income USD", usd, map[string]any{"currency": "USD", "exchange_rate": 17.5, "total": 1160})
	for _, tc := range []struct {
		name, body string
		status     int
		code, has  string
	}{
		{"PPD with form 03", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"payment_method":"PPD","payment_form":"03"}`, 422, "business_rule_violation", ""},
		{"USD without a rate", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"currency":"USD"}`, 400, "missing_required_field", "exchange_rate"},
		{"no client", `{"items":[` + ivaItem + `]}`, 400, "missing_required_field", "client: is required"},
		{"a CFDI rule", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"use":"D01"}`, 400, "invalid_field_value", "CFDI40161"},
		{"two CFDI rules", `{"client":` + ureClient + `,"items":[{"description":"x","unit_price":1,"unit_key":"ZZZ","taxes":[{"type":"IVA","rate":0.17}]}]}`, 400, "validation_failed", "CFDI40165"},
		{"a catalog code", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"payment_form":"77"}`, 400, "invalid_field_value", "payment_form"},
		{"MXN with a rate", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"currency":"MXN","exchange_rate":17}`, 400, "invalid_field_value",
			"exchange_rate: CFDI40114: must be 1 or absent when the currency is MXN"},
		{"a client without a zip", `{"client":{"legal_name":"ACME","tax_id":"EKU9003173C9","tax_system":"601"},"items":[` + ivaItem + `]}`,
			422, "business_rule_violation", "client.address.zip: is required for a client with an RFC"},
		{"an unsupported complement", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"complements":[{"type":"ine","data":{}}]}`,
			422, "business_rule_violation", "complements: complements of this type are not supported"},
		{"an addenda that is not XML", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"addenda":"<pedido>"}`, 400, "invalid_field_value",
			"addenda: must be well-formed XML"},
		{"XXX with a rate", `{"client":` + ureClient + `,"items":[` + ivaItem + `],"currency":"XXX","exchange_rate":1}`, 400, "", "CFDI40116"},
		{"Exento with a rate", `{"client":` + ureClient + `,"items":[{"description":"x","unit_price":1,"taxes":[{"type":"IVA","factor":"Exento","rate":0.16}]}]}`,
			400, "invalid_field_value", "items[0].taxes[0].rate: CFDI40177"},
		{"live mode without a PAC", `{"client":` + ureClient + `,"items":[` + ivaItem + `]}`, 422, "", ""},
	} {
		key := e.test
		if strings.HasPrefix(tc.name, "live") {
			key = e.live
		}
		resp, out := e.do(t, "POST", "/v2/invoices/income", bearer(key), tc.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		if resp.StatusCode != tc.status || (tc.code != "" && lookup(out, "error.code") != tc.code) || !strings.Contains(details, tc.has) {
			t.Errorf("%s: %d %v, want %d %s with %q", tc.name, resp.StatusCode, out, tc.status, tc.code, tc.has)
		}
	}

	// Egress related to the income, and a global invoice.
	egress := e.issue(t, e.test, "/v2/invoices/egress", `{"client":`+ureClient+`,"items":[{"description":"Devolución","unit_price":100,
		"taxes":[{"type":"IVA","rate":0.16}]}],"related_documents":[{"relationship":"01","documents":["`+strings.ToLower(uuid)+`"]}]}`, 201)
	want(t, "egress", egress, map[string]any{"invoice_type": "E", "status": "valid", "related_documents.0.documents.0": uuid, "total": 116})
	global := e.issue(t, e.test, "/v2/invoices/income", `{"client":{"legal_name":"PUBLICO EN GENERAL"},"items":[`+ivaItem+`],
		"use":"S01","global":{"periodicity":"01","months":"03","year":2026}}`, 201)
	want(t, "global", global, map[string]any{"client.tax_id": "XAXX010101000", "client.tax_system": "616",
		"global.periodicity": "01", "global.months": "03", "global.year": "2026"})

	// Lists and search.
	_, out = e.do(t, "GET", "/v2/invoices/income?limit=2&sort=asc", bearer(e.test), "")
	want(t, "GET /v2/invoices/income", out, map[string]any{"total_results": 4, "has_more": true, "data.0.id": pue["id"]})
	next, _ := out["next"].(string)
	_, out = e.do(t, "GET", "/v2/invoices/income?limit=2&sort=asc&next="+next, bearer(e.test), "")
	want(t, "GET /v2/invoices/income, page 2", out, map[string]any{"total_results": 4, "has_more": false, "next": nil, "data.1.id": global["id"]})
	if resp, _ := e.do(t, "GET", "/v2/invoices/egress?limit=2&sort=asc&next="+next, bearer(e.test), ""); resp.StatusCode != 400 {
		t.Errorf("a cursor of another list = %d, want 400", resp.StatusCode)
	}
	_, out = e.do(t, "GET", "/v2/invoices?invoiceType=E", bearer(e.test), "")
	want(t, "GET /v2/invoices?invoiceType=E", out, map[string]any{"totalResults": 1, "data.0.invoiceType": "E"})
	_, out = e.do(t, "GET", "/v2/invoices/search?q=robotica", bearer(e.test), "")
	want(t, "GET /v2/invoices/search", out, map[string]any{"total_results": 4})
	_, out = e.do(t, "GET", "/v2/invoices/income", bearer(e.otherTest), "")
	want(t, "another team's list", out, map[string]any{"total_results": 0})
	_, out = e.do(t, "GET", "/v2/invoices/income", bearer(e.live), "")
	want(t, "the live list", out, map[string]any{"total_results": 0})
}

func TestInvoiceDraftLifecycle(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	draft := e.issue(t, e.test, "/v2/invoices/draft", `{"client":`+ureClient+`,"notes":"Gracias","invoiceType":"I"}`, 201)
	id, _ := draft["id"].(string)
	want(t, "POST /draft", draft, map[string]any{"status": "draft", "uuid": nil, "preview_pdf": nil, "invoice_type": "I"})
	if resp, out := e.do(t, "POST", "/v2/invoices/draft/"+id+"/stamp", bearer(e.test), ""); resp.StatusCode != 400 ||
		!strings.Contains(fmt.Sprint(lookup(out, "error.details")), "items: is required") {
		t.Errorf("stamp a draft without items = %d %v, want 400 items", resp.StatusCode, out)
	}
	resp, out := e.do(t, "PUT", "/v2/invoices/draft/"+id, bearer(e.test), `{"items":[`+ivaItem+`],"notes":"Otra","return_files_urls":true}`)
	if resp.StatusCode != 200 {
		t.Fatalf("PUT /draft = %d %v", resp.StatusCode, out)
	}
	want(t, "PUT /draft", out, map[string]any{"data.id": id, "data.invoice_pdf_notes": "Otra", "data.status": "draft", "data.total": 1160})
	resp, out = e.do(t, "POST", "/v2/invoices/draft/"+id+"/preview", bearer(e.test), "")
	if pdf, _ := lookup(out, "data.pdf").(string); resp.StatusCode != 200 || !strings.HasPrefix(pdf, "JVBER") {
		t.Errorf("preview = %d %.80v", resp.StatusCode, out)
	}
	_, out = e.do(t, "PUT", "/v2/invoices/draft/"+id, bearer(e.test), `{"invoicePdfNotes":null}`)
	want(t, "PUT null", out, map[string]any{"data.invoice_pdf_notes": nil, "data.total": 1160, "data.items.0.description": "Consultoría"})
	_, out = e.do(t, "GET", "/v2/invoices/draft/"+id, bearer(e.test), "")
	if p, _ := lookup(out, "data.preview_pdf").(string); !strings.HasPrefix(p, "JVBER") {
		t.Errorf("GET /draft/{id}: preview_pdf = %.40v", p)
	}
	_, out = e.do(t, "GET", "/v2/invoices/draft", bearer(e.test), "")
	want(t, "GET /draft", out, map[string]any{"total_results": 1, "data.0.id": id})

	resp, out = e.do(t, "POST", "/v2/invoices/draft/"+id+"/stamp", bearer(e.test), "")
	if resp.StatusCode != 200 {
		t.Fatalf("stamp = %d %v", resp.StatusCode, out)
	}
	want(t, "stamp", out, map[string]any{"data.id": id, "data.status": "valid", "data.total": 1160, "data.preview_pdf": nil})
	if u, _ := lookup(out, "data.uuid").(string); len(u) != 36 || lookup(out, "data.files.pdf") == nil {
		t.Errorf("stamped draft: uuid %q files %v", u, lookup(out, "data.files"))
	}
	if resp, out := e.do(t, "POST", "/v2/invoices/draft/"+id+"/stamp", bearer(e.test), ""); resp.StatusCode != 409 || lookup(out, "error.code") != "operation_not_allowed" {
		t.Errorf("stamp twice = %d %v, want 409", resp.StatusCode, out)
	}
	_, out = e.do(t, "GET", "/v2/invoices/draft", bearer(e.test), "")
	want(t, "GET /draft after the stamp", out, map[string]any{"total_results": 0})

	other := e.issue(t, e.test, "/v2/invoices/draft", `{}`, 201)
	if resp, _ := e.do(t, "DELETE", "/v2/invoices/draft/"+other["id"].(string), bearer(e.otherTest), ""); resp.StatusCode != 404 {
		t.Errorf("DELETE another team's draft = %d, want 404", resp.StatusCode)
	}
	resp, out = e.do(t, "DELETE", "/v2/invoices/draft/"+other["id"].(string), bearer(e.test), "")
	want(t, "DELETE /draft", out, map[string]any{"data.deleted": true, "data.id": other["id"]})
	if resp.StatusCode != 200 {
		t.Errorf("DELETE /draft = %d", resp.StatusCode)
	}
}

func TestInvoiceCancellation(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	body := `{"client":` + ureClient + `,"items":[` + ivaItem + `]}`
	for motive, cancel := range map[string]string{"02": `{"motive":"02"}`, "03": `{"motive":3}`, "04": `{"motive":"4"}`} {
		inv := e.issue(t, e.test, "/v2/invoices/income", body, 201)
		resp, out := e.do(t, "DELETE", "/v2/invoices/"+inv["uuid"].(string), bearer(e.test), cancel)
		if resp.StatusCode != 200 {
			t.Fatalf("cancel with motive %s = %d %v", motive, resp.StatusCode, out)
		}
		want(t, "cancel "+motive, out, map[string]any{"data.status": "canceled", "data.cancellation_motive": motive, "data.substitution_uuid": nil})
		if lookup(out, "data.canceled_at") == nil {
			t.Errorf("cancel %s: canceled_at is null", motive)
		}
		acuse, _ := lookup(out, "data.cancellation_receipt").(string)
		if !strings.HasPrefix(acuse, e.url+"/files/") {
			t.Errorf("cancel %s: cancellation_receipt = %q, want a /files/ URL", motive, acuse)
			continue
		}
		resp, err := http.Get(acuse)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/xml" || !bytes.Contains(b, []byte("<")) {
			t.Errorf("GET the acuse = %d %s %.40q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}

	// 01: the substitute relates to the original with 04; the CLI spells it replacement.
	orig := e.issue(t, e.test, "/v2/invoices/income", body, 201)
	ou := orig["uuid"].(string)
	if resp, out := e.do(t, "DELETE", "/v2/invoices/"+ou+"?motive=01", bearer(e.test), ""); resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("motive 01 without a substitute = %d %v, want a 4xx", resp.StatusCode, out)
	}
	sub := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],
		"related_documents":[{"relationship":"04","documents":["`+ou+`"]}]}`, 201)
	su := sub["uuid"].(string)
	resp, out := e.do(t, "DELETE", "/v2/invoices/"+strings.ToLower(ou)+"?motive=03", bearer(e.test), `{"motive":"01","replacement":"`+strings.ToLower(su)+`"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("cancel with motive 01 = %d %v", resp.StatusCode, out)
	}
	want(t, "cancel 01", out, map[string]any{"data.status": "canceled", "data.cancellation_motive": "01", "data.substitution_uuid": su})
	if resp, out := e.do(t, "DELETE", "/v2/invoices/"+ou+"?motive=02", bearer(e.test), ""); resp.StatusCode != 409 {
		t.Errorf("cancel twice = %d %v, want 409", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "DELETE", "/v2/invoices/"+su+"?motive=02", bearer(e.otherTest), ""); resp.StatusCode != 404 {
		t.Errorf("cancel another team's invoice = %d %v, want 404", resp.StatusCode, out)
	}
	_, out = e.do(t, "GET", "/v2/invoices/income?status=cancelled", bearer(e.test), "")
	want(t, "GET ?status=cancelled", out, map[string]any{"total_results": 4})
}

// sandboxPAC is the sandbox PAC of the shared test authority, on clk's time.
func sandboxPAC(t *testing.T, clk *clock) *sandbox.PAC {
	t.Helper()
	a := &sandboxAuthority
	a.once.Do(func() {
		a.cer, a.key, a.err = sandbox.GenerateAuthority([]byte("pw"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.Reader)
	})
	if a.err != nil {
		t.Fatalf("GenerateAuthority: %v", a.err)
	}
	pac, err := sandbox.New(sandbox.Config{Certificate: a.cer, Key: a.key, Password: []byte("pw"), Now: clk.now, Rand: rand.Reader})
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	return pac
}

// newStampingEnv is an env whose Service (over db, on clk) stamps with test
// and live, seals with a fixed master key and keeps its logs in e.logs.
func newStampingEnv(db sello.Store, clk *clock, test, live sello.Stamper) (*env, *slog.Logger) {
	e := &env{logs: &syncBuffer{}}
	logger := slog.New(slog.NewJSONHandler(e.logs, nil))
	e.svc = sello.NewService(sello.Config{Store: db, Now: clk.now, TestStamper: test, LiveStamper: live, MasterKey: bytes.Repeat([]byte{7}, sello.MasterKeySize), EventRenderer: RenderEvent, Logger: logger})
	return e, logger
}

// createTeam stores a team with the test RFC (a child of parent, when set)
// through e's Service and returns it with its keys.
func (e *env) createTeam(t *testing.T, name string, parent sello.TeamID) (*sello.Team, *sello.TeamKeys) {
	t.Helper()
	tm := &sello.Team{LegalName: name, TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501", ParentID: parent}
	keys, err := e.svc.CreateTeam(context.Background(), tm)
	if err != nil {
		t.Fatalf("CreateTeam(%s): %v", name, err)
	}
	return tm, keys
}
