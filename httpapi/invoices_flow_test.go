package httpapi

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

// TestInvoiceSurfaceS creates and lists through the S routes, in camelCase.
func TestInvoiceSurfaceS(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	cl := e.issue(t, e.test, "/v2/clients", ureClient, 201)
	inv := e.issue(t, e.test, "/v2/invoices", `{"clientId":"`+cl["id"].(string)+`","invoiceType":"I","paymentForm":"03",
		"notes":"Gracias","items":[{"description":"Curso","unitPrice":"100","taxes":[{"type":"iva","rate":"0.16"}]}],
		"metadata":{"crmId":"x"}}`, 201)
	want(t, "POST /v2/invoices", inv, map[string]any{"invoiceType": "I", "status": "valid", "clientId": cl["id"],
		"invoicePdfNotes": "Gracias", "total": 116, "taxesWithheld": 0, "paymentForm": "03", "metadata.crmId": "x",
		"items.0.unitPrice": 100, "items.0.taxes.0.type": "IVA", "client.legalName": "UNIVERSIDAD ROBOTICA ESPAÑOLA"})
	for _, k := range []string{"createdAt", "timestamp", "stamp.stampAt"} {
		if s, _ := lookup(inv, k).(string); !strings.HasSuffix(s, "Z") {
			t.Errorf("POST /v2/invoices: %s = %v, want ISO", k, lookup(inv, k))
		}
	}
	for _, k := range []string{"invoice_type", "created_at", "client_id"} {
		if _, has := inv[k]; has {
			t.Errorf("POST /v2/invoices: snake key %s in the camel view", k)
		}
	}
	e.issue(t, e.test, "/v2/invoices/draft", `{"invoice_type":"E"}`, 201)
	_, out := e.do(t, "GET", "/v2/invoices", bearer(e.test), "")
	want(t, "GET /v2/invoices", out, map[string]any{"totalResults": 1, "data.0.id": inv["id"]})
	_, out = e.do(t, "GET", "/v2/invoices?status=draft", bearer(e.test), "")
	want(t, "GET /v2/invoices?status=draft", out, map[string]any{"totalResults": 1, "data.0.status": "draft", "data.0.invoiceType": "E"})
	_, out = e.do(t, "GET", "/v2/invoices/income?client_id="+cl["id"].(string), bearer(e.test), "")
	want(t, "GET /v2/invoices/income?client_id", out, map[string]any{"total_results": 1})
	_, out = e.do(t, "GET", "/v2/invoices/income?series=A&payment_method=pue", bearer(e.test), "")
	want(t, "GET /v2/invoices/income?series=A&payment_method=pue", out, map[string]any{"total_results": 1})
	for _, q := range []string{"series=B", "payment_method=PPD", "metadata.order=nope"} {
		_, out = e.do(t, "GET", "/v2/invoices/income?"+q, bearer(e.test), "")
		want(t, "GET /v2/invoices/income?"+q, out, map[string]any{"total_results": 0})
	}
	if resp, out := e.do(t, "GET", "/v2/invoices/income?payment_method=XYZ", bearer(e.test), ""); resp.StatusCode != 400 {
		t.Errorf("GET ?payment_method=XYZ = %d %v, want 400", resp.StatusCode, out)
	}
}

// TestInvoiceIdempotentCreate replays a creation under the body key.
func TestInvoiceIdempotentCreate(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	body := `{"client":` + ureClient + `,"items":[` + ivaItem + `],"idempotency_key":"cli_1"}`
	first := e.issue(t, e.test, "/v2/invoices/income", body, 201)
	resp, out := e.do(t, "POST", "/v2/invoices/income", bearer(e.test), body)
	if resp.StatusCode != 201 || resp.Header.Get("Idempotent-Replayed") != "true" || lookup(out, "data.id") != first["id"] {
		t.Errorf("replay = %d %q %v, want 201, replayed, %v", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), lookup(out, "data.id"), first["id"])
	}
	want(t, "first", first, map[string]any{"idempotency_key": "cli_1", "folio_number": 1})
	resp, out = e.do(t, "POST", "/v2/invoices/income", map[string]string{"Authorization": "Bearer " + e.test, "Idempotency-Key": "cli_2"}, body)
	if resp.StatusCode != 400 || lookup(out, "error.code") != "invalid_field_value" {
		t.Errorf("header and body keys differ = %d %v, want 400", resp.StatusCode, out)
	}
	other := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`]}`, 201)
	want(t, "next invoice", other, map[string]any{"folio_number": 2, "idempotency_key": nil})
}

// TestInvoiceSendAndEvents sends an invoice and reads its events.
func TestInvoiceSendAndEvents(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	inv := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`]}`, 201)
	uuid := inv["uuid"].(string)
	resp, out := e.do(t, "POST", "/v2/invoices/"+strings.ToLower(uuid)+"/send", bearer(e.test), `{"emails":["conta@ure.mx"]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("send = %d %v", resp.StatusCode, out)
	}
	got := fmt.Sprint(lookup(out, "data.recipients"), lookup(out, "data.attachments"))
	if !strings.Contains(got, "conta@ure.mx") || !strings.Contains(got, uuid+".pdf") || !strings.Contains(got, uuid+".xml") {
		t.Errorf("send: %s", got)
	}
	pub := httptest.NewServer(NewServer(e.svc, slog.New(slog.NewTextHandler(io.Discard, nil)), WithPublicURL("https://sello.example.com/")))
	defer pub.Close()
	pe := &env{url: pub.URL}
	_, out = pe.do(t, "GET", "/v2/invoices/"+uuid+"/files?fileType=pdf", bearer(e.test), "")
	if u, _ := lookup(out, "data.pdf").(string); !strings.HasPrefix(u, "https://sello.example.com/files/") || lookup(out, "data.xml") != nil {
		t.Errorf("files behind PUBLIC_URL: %v", out)
	}
	draft := e.issue(t, e.test, "/v2/invoices/draft", `{}`, 201)
	if resp, out := e.do(t, "POST", "/v2/invoices/"+draft["id"].(string)+"/send", bearer(e.test), ""); resp.StatusCode != 409 {
		t.Errorf("send a draft = %d %v, want 409", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "GET", "/v2/invoices/"+draft["id"].(string)+"/files", bearer(e.test), ""); resp.StatusCode != 404 || lookup(out, "error.code") != "file_not_found" {
		t.Errorf("files of a draft = %d %v, want 404 file_not_found", resp.StatusCode, out)
	}
	for _, ev := range []string{"invoice.created", "invoice.stamped", "invoice.sent"} {
		_, out := e.do(t, "GET", "/v2/events?event="+ev, bearer(e.test), "")
		var found bool
		for _, x := range out["data"].([]any) {
			if lookup(x, "data.object.id") == inv["id"] {
				found = true
				want(t, ev, x, map[string]any{"data.object.invoice_type": "I", "data.object.total": 1160})
			}
		}
		if !found {
			t.Errorf("no %s event for %s: %v", ev, inv["id"], out)
		}
	}
}

// downStamper is a stamping provider that cannot be reached.
type downStamper struct{ sello.Stamper }

func (downStamper) Stamp(context.Context, []byte) (*sello.Stamp, error) {
	return nil, sello.Errorf(sello.StampUnavailable, "the PAC is down")
}

func (downStamper) Stamped(context.Context, []byte) (*sello.Stamp, error) {
	return nil, sello.Errorf(sello.StampUnavailable, "the PAC is down")
}

// TestInvoicePending: a provider that cannot be reached leaves the invoice
// pending (202), which has no files and can be neither sent nor canceled.
func TestInvoicePending(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t, func(s sello.Stamper) sello.Stamper { return downStamper{s} })
	inv := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"return_files_urls":true}`, 202)
	want(t, "pending", inv, map[string]any{"status": "pending", "uuid": nil, "folio_number": 1, "stamp": nil, "files": nil})
	id := inv["id"].(string)
	for _, tc := range []struct {
		method, path, code string
		status             int
	}{
		{"GET", "/v2/invoices/" + id + "/files", "file_not_found", 404},
		{"POST", "/v2/invoices/" + id + "/send", "operation_not_allowed", 409},
		{"DELETE", "/v2/invoices/" + id + "?motive=02", "operation_not_allowed", 409},
	} {
		if resp, out := e.do(t, tc.method, tc.path, bearer(e.test), ""); resp.StatusCode != tc.status || lookup(out, "error.code") != tc.code {
			t.Errorf("%s %s = %d %v, want %d %s", tc.method, tc.path, resp.StatusCode, out, tc.status, tc.code)
		}
	}
	_, out := e.do(t, "GET", "/v2/invoices/income?status=stamping", bearer(e.test), "")
	want(t, "GET ?status=stamping", out, map[string]any{"total_results": 1, "data.0.id": id})
}

// TestInvoiceModes issues a live invoice with an uploaded CSD: the test key
// never sees it, its list is apart, and its file links work.
func TestInvoiceModes(t *testing.T) {
	t.Parallel()
	e := setupInvoicesLive(t, true)
	if status, out, _ := upload(t, e.url, "/v2/teams/"+string(e.parent.ID)+"/sat-connection", e.live, csdFiles(t, "EKU9003173C9_2023")); status != 200 && status != 201 {
		t.Fatalf("upload the live CSD = %d %v", status, out)
	}
	live := e.issue(t, e.live, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"return_files_urls":true}`, 201)
	want(t, "live invoice", live, map[string]any{"livemode": true, "status": "valid", "folio_number": 1})
	test := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`]}`, 201)
	want(t, "test invoice", test, map[string]any{"livemode": false, "folio_number": 1})
	for _, tc := range []struct {
		key, path string
		status    int
	}{
		{e.test, "/v2/invoices/income/" + live["uuid"].(string), 404},
		{e.test, "/v2/invoices/" + live["id"].(string), 404},
		{e.test, "/v2/invoices/" + live["uuid"].(string) + "/files", 404},
		{e.live, "/v2/invoices/income/" + live["uuid"].(string), 200},
		{e.live, "/v2/invoices/income/" + test["uuid"].(string), 404},
	} {
		if resp, out := e.do(t, "GET", tc.path, bearer(tc.key), ""); resp.StatusCode != tc.status {
			t.Errorf("GET %s = %d %v, want %d", tc.path, resp.StatusCode, out, tc.status)
		}
	}
	if resp, out := e.do(t, "DELETE", "/v2/invoices/"+live["uuid"].(string)+"?motive=02", bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("cancel a live invoice with the test key = %d %v, want 404", resp.StatusCode, out)
	}
	for key, id := range map[string]any{e.test: test["id"], e.live: live["id"]} {
		_, out := e.do(t, "GET", "/v2/invoices/income", bearer(key), "")
		want(t, "list", out, map[string]any{"total_results": 1, "data.0.id": id})
	}
	resp, _ := e.do(t, "GET", strings.TrimPrefix(lookup(live, "files.xml").(string), e.url), nil, "")
	if resp.StatusCode != 200 {
		t.Errorf("download the live XML = %d", resp.StatusCode)
	}
}
