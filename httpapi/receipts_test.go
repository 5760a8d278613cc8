package httpapi

import (
	"context"
	"crypto/rand"
	"fmt"
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

// receiptEnv is a running server whose Service stamps with the sandbox PAC.
type receiptEnv struct {
	*env
	clk *clock
}

func setupReceipts(t *testing.T) *receiptEnv {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)}
	cer, key, err := sandbox.GenerateAuthority([]byte("pw"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pac, err := sandbox.New(sandbox.Config{Certificate: cer, Key: key, Password: []byte("pw"), Now: clk.now, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, TestStamper: pac, EventRenderer: EventRendererFor("https://sello.example/")})
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	keys, err := svc.CreateTeam(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{svc: svc, parent: team, test: keys.Test, live: keys.Live, logs: &syncBuffer{}}
	srv := httptest.NewServer(NewServer(svc, slog.New(slog.NewJSONHandler(e.logs, nil)), WithPublicURL("https://sello.example")))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return &receiptEnv{env: e, clk: clk}
}

const receiptBody = `{"items":[{"description":"Café","quantity":2,"unitPrice":"50","taxes":[{"type":"iva","rate":0.16}]}],"paymentForm":"01","metadata":{"pos":"caja 1"}}`

func TestReceiptRoutes(t *testing.T) {
	t.Parallel()
	e := setupReceipts(t)
	auth := bearer(e.test)
	resp, body := e.do(t, "POST", "/v2/receipts", auth, receiptBody)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /v2/receipts = %d %v", resp.StatusCode, body)
	}
	id := lookup(body, "data.id").(string)
	for path, want := range map[string]any{
		"data.status": "pending", "data.total": 116.0, "data.payment_form": "01", "data.paymentForm": "01",
		"data.periodicity": "month", "data.client": nil, "data.items.0.unit_price": 50.0, "data.items.0.unitPrice": 50.0,
		"data.valid_until":  float64(time.Date(2026, 12, 1, 5, 59, 59, 0, time.UTC).Unix()),
		"data.validUntil":   float64(time.Date(2026, 12, 1, 5, 59, 59, 0, time.UTC).Unix()),
		"data.metadata.pos": "caja 1", "data.invoice_id": nil, "data.from": "api",
	} {
		if got := lookup(body, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("created %s = %v, want %v", path, got, want)
		}
	}
	if u, _ := lookup(body, "data.url").(string); !strings.HasPrefix(u, "https://sello.example/autofactura?id="+id+"&token=") {
		t.Errorf("url = %q", u)
	}

	t.Run("pending", func(t *testing.T) {
		e.run(t, []scenario{
			{name: "missing items", method: "POST", path: "/v2/receipts", hdr: auth, body: `{}`, status: 400, code: "missing_required_field",
				want: map[string]any{"error.details": []any{"items: is required"}}},
			{name: "bad values", method: "POST", path: "/v2/receipts", hdr: auth, body: `{"items":[{"description":"x","unit_price":1}],"periodicity":"year","payment_form":"99"}`,
				status: 400, code: "validation_failed"},
			{name: "unknown client", method: "POST", path: "/v2/receipts", hdr: auth, body: `{"items":[{"description":"x","unit_price":1}],"clientId":"client_nope"}`,
				status: 400, code: "invalid_field_value"},
			{name: "bad status filter", method: "GET", path: "/v2/receipts?status=lost", hdr: auth, status: 400, code: "invalid_field_value"},
			{name: "unknown receipt", method: "GET", path: "/v2/receipts/receipt_nope", hdr: auth, status: 404, code: "resource_not_found"},
			{name: "list open", method: "GET", path: "/v2/receipts?status=open", hdr: auth, status: 200,
				want: map[string]any{"total_results": 1.0, "data.0.id": id}},
			{name: "list expired", method: "GET", path: "/v2/receipts?status=expired", hdr: auth, status: 200, want: map[string]any{"totalResults": 0.0}},
			{name: "list by metadata (the n8n node's filter)", method: "GET", path: "/v2/receipts?metadata.pos=caja%201", hdr: auth, status: 200,
				want: map[string]any{"total_results": 1.0, "data.0.id": id}},
			{name: "list by metadata, no match", method: "GET", path: "/v2/receipts?metadata.pos=caja%202", hdr: auth, status: 200,
				want: map[string]any{"total_results": 0.0}},
			{name: "global invoice of a period not ended", method: "POST", path: "/v2/receipts/global-invoice", hdr: auth,
				body: `{"date":"2026-11-10"}`, status: 422, code: "business_rule_violation"},
			{name: "global invoice without receipts", method: "POST", path: "/v2/receipts/global-invoice", hdr: auth,
				body: `{"date":"2026-09-10","periodicity":"month"}`, status: 422, code: "business_rule_violation"},
			{name: "unknown client action", method: "POST", path: "/v2/clients/client_x/other", hdr: auth, status: 404, code: "resource_not_found"},
		})
	})

	resp, body = e.do(t, "PUT", "/v2/receipts/"+id, auth, `{"metadata":{"pos":null,"turno":"noche"},"client":{"legalName":"Universidad Robotica Española","rfc":"URE180429TM6","taxSystem":"601","zip":"86991","email":"pagos@ure.mx"}}`)
	if resp.StatusCode != 200 || lookup(body, "data.client.rfc") != "URE180429TM6" || lookup(body, "data.metadata.turno") != "noche" || lookup(body, "data.metadata.pos") != nil {
		t.Fatalf("PUT = %d %v", resp.StatusCode, body)
	}
	clientID := lookup(body, "data.client_id").(string)

	resp, body = e.do(t, "POST", "/v2/receipts/"+id+"/stamp", auth, `{"fiscalInformation":{"legalName":"X","taxId":"URE180429TM7","taxSystem":"601","zip":"86991"}}`)
	if resp.StatusCode != 400 || !strings.HasPrefix(fmt.Sprint(lookup(body, "error.details.0")), "fiscal_information.tax_id") {
		t.Errorf("stamp with a bad RFC = %d %v", resp.StatusCode, body)
	}
	resp, body = e.do(t, "POST", "/v2/receipts/"+id+"/stamp", auth, `{"stamp_to":"client"}`)
	if resp.StatusCode != 200 || lookup(body, "data.status") != "completed" || len(fmt.Sprint(lookup(body, "data.invoice_id"))) != 36 {
		t.Fatalf("stamp = %d %v", resp.StatusCode, body)
	}
	uuid := lookup(body, "data.invoiceId").(string)
	t.Run("completed", func(t *testing.T) {
		e.run(t, []scenario{
			{name: "stamp twice", method: "POST", path: "/v2/receipts/" + id + "/stamp", hdr: auth, status: 409, code: "operation_not_allowed"},
			{name: "update completed", method: "PUT", path: "/v2/receipts/" + id, hdr: auth, body: `{"metadata":{}}`, status: 409, code: "operation_not_allowed"},
			{name: "cancel completed", method: "DELETE", path: "/v2/receipts/" + id, hdr: auth, status: 409, code: "operation_not_allowed"},
			{name: "the invoice links back", method: "GET", path: "/v2/invoices/income/" + uuid, hdr: auth, status: 200,
				want: map[string]any{"data.receipt_id": id, "data.client.tax_id": "URE180429TM6"}},
		})
	})

	// Two more receipts of the client, then both stamped at once.
	for range 2 {
		if resp, body := e.do(t, "POST", "/v2/receipts", auth, `{"client":"`+clientID+`","items":[{"description":"x","unit_price":10}]}`); resp.StatusCode != 201 {
			t.Fatalf("POST receipt of the client = %d %v", resp.StatusCode, body)
		}
	}
	resp, body = e.do(t, "POST", "/v2/clients/"+clientID+"/stamp-pending-receipts", auth, ``)
	if list, _ := lookup(body, "data").([]any); resp.StatusCode != 200 || len(list) != 2 {
		t.Errorf("stamp-pending-receipts = %d %v", resp.StatusCode, body)
	}

	// A receipt of the general public stamped to a client named in the body.
	_, body = e.do(t, "POST", "/v2/receipts", auth, `{"items":[{"description":"x","unit_price":10}]}`)
	public := lookup(body, "data.id").(string)
	resp, body = e.do(t, "POST", "/v2/receipts/"+public+"/stamp", auth, `{"stamp_to":"client","client":"`+clientID+`"}`)
	if resp.StatusCode != 200 || lookup(body, "data.status") != "completed" {
		t.Fatalf("stamp to a client ref = %d %v", resp.StatusCode, body)
	}
	_, inv := e.do(t, "GET", "/v2/invoices/income/"+lookup(body, "data.invoice_id").(string), auth, ``)
	if lookup(inv, "data.client_id") != clientID {
		t.Errorf("invoice of a client ref: client %v", lookup(inv, "data.client"))
	}

	resp, body = e.do(t, "POST", "/v2/receipts", auth, `{"items":[{"description":"x","unit_price":10}]}`)
	other := lookup(body, "data.id").(string)
	resp, body = e.do(t, "DELETE", "/v2/receipts/"+other, auth, ``)
	if resp.StatusCode != 200 || lookup(body, "data.status") != "canceled" || lookup(body, "data.canceledAt") == nil {
		t.Errorf("DELETE = %d %v", resp.StatusCode, body)
	}
	resp, body = e.do(t, "GET", "/v2/events?event=receipt.canceled", auth, ``)
	if resp.StatusCode != 200 || lookup(body, "data.0.data.object.id") != other ||
		!strings.HasPrefix(fmt.Sprint(lookup(body, "data.0.data.object.url")), "https://sello.example/autofactura?id="+other) {
		t.Errorf("receipt.canceled event = %d %v", resp.StatusCode, body)
	}
}

func TestReceiptIdempotency(t *testing.T) {
	t.Parallel()
	e := setupReceipts(t)
	auth := bearer(e.test)
	body := `{"idempotencyKey":"venta-42","items":[{"description":"x","unit_price":10}]}`
	resp1, b1 := e.do(t, "POST", "/v2/receipts", auth, body)
	resp2, b2 := e.do(t, "POST", "/v2/receipts", auth, body)
	if resp1.StatusCode != 201 || resp2.StatusCode != 201 || lookup(b1, "data.id") != lookup(b2, "data.id") ||
		resp2.Header.Get("Idempotent-Replayed") != "true" || lookup(b1, "data.idempotency_key") != "venta-42" {
		t.Errorf("replay = %d %v / %d %v", resp1.StatusCode, b1, resp2.StatusCode, b2)
	}
	resp, b := e.do(t, "POST", "/v2/receipts", auth, `{"idempotency_key":"venta-42","items":[{"description":"y","unit_price":10}]}`)
	if resp.StatusCode != 422 || lookup(b, "error.code") != "invalid_request_body" {
		t.Errorf("reuse with another body = %d %v", resp.StatusCode, b)
	}
	_, list := e.do(t, "GET", "/v2/receipts", auth, ``)
	if lookup(list, "total_results") != 1.0 {
		t.Errorf("receipts stored = %v, want 1", lookup(list, "total_results"))
	}
	_, team := e.do(t, "GET", "/v2/teams/"+string(e.parent.ID), auth, ``)
	if lookup(team, "data.receipts_created") != 1.0 {
		t.Errorf("receipts_created = %v, want 1", lookup(team, "data.receipts_created"))
	}
}

// TestReceiptGlobalRoute: after the month, the trigger makes the global
// invoice (201) and then answers it again (200); concurrent triggers make
// one.
func TestReceiptGlobalRoute(t *testing.T) {
	t.Parallel()
	e := setupReceipts(t)
	auth := bearer(e.test)
	for range 3 {
		if resp, body := e.do(t, "POST", "/v2/receipts", auth, receiptBody); resp.StatusCode != 201 {
			t.Fatalf("POST /v2/receipts = %d %v", resp.StatusCode, body)
		}
	}
	e.clk.mu.Lock()
	e.clk.t = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	e.clk.mu.Unlock()
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	ids := make([]any, 4)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := e.do(t, "POST", "/v2/receipts/global-invoice", auth, `{"periodicity":"month"}`)
			statuses[i], ids[i] = resp.StatusCode, lookup(body, "data.id")
		}()
	}
	wg.Wait()
	made := 0
	for i, st := range statuses {
		switch st {
		case 201:
			made++
		case 200, 409:
		default:
			t.Errorf("global-invoice #%d = %d", i, st)
		}
	}
	resp, body := e.do(t, "POST", "/v2/receipts/global-invoice", auth, `{"date":"2026-11-15"}`)
	if made != 1 || resp.StatusCode != 200 || len(lookup(body, "data.items").([]any)) != 3 || lookup(body, "data.global.months") != "11" {
		t.Errorf("made %d (%v); again = %d %v", made, statuses, resp.StatusCode, body)
	}
	resp, body = e.do(t, "GET", "/v2/receipts?status=completed", auth, ``)
	if lookup(body, "total_results") != 3.0 || lookup(body, "data.0.invoice_id") != lookup(body, "data.1.invoice_id") {
		t.Errorf("completed receipts = %v", body)
	}
}
