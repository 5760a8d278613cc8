package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello/store/storetest"
)

func TestInvoicesOverHTTPSQLite(t *testing.T) {
	t.Parallel()
	invoicesEndToEnd(t, map[string]string{}, []string{"--db", filepath.Join(t.TempDir(), "sello.db")})
}

func TestInvoicesOverHTTPPostgres(t *testing.T) {
	t.Parallel()
	invoicesEndToEnd(t, map[string]string{"DATABASE_URL": storetest.PostgresURL(t)}, nil)
}

// apiCall sends one request and decodes the envelope.
func apiCall(t *testing.T, method, url, key string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// invoicesEndToEnd runs the real server and issues every kind of invoice
// over HTTP; every stamped XML goes through `sello cfdi verify` and the SAT
// oracle (XSD, the SAT's XSLT, openssl).
func invoicesEndToEnd(t *testing.T, envm map[string]string, db []string) {
	srv := startServer(t, envm, db)
	defer srv.stop()
	base, key := srv.base, srv.key

	client := map[string]any{"legal_name": "UNIVERSIDAD ROBOTICA ESPAÑOLA", "tax_id": "URE180429TM6", "tax_system": "601",
		"use": "G03", "email": "pagos@ure.mx", "address": map[string]any{"zip": "86991"}}
	line := func(price float64) []any {
		return []any{map[string]any{"description": "Consultoría", "quantity": 1, "unit_price": price,
			"product_key": "80101500", "unit_key": "E48", "taxes": []any{map[string]any{"type": "IVA", "rate": 0.16}}}}
	}
	issue := func(name, path string, body map[string]any) map[string]any {
		t.Helper()
		st, res := apiCall(t, "POST", base+path, key, body)
		data, _ := res["data"].(map[string]any)
		if st != 201 || data["status"] != "valid" {
			t.Fatalf("%s: %d %v", name, st, res)
		}
		srv.xml(t, name, data["uuid"].(string))
		return data
	}
	pue := issue("pue", "/v2/invoices/income", map[string]any{"client": client, "items": line(1000)})
	clientID := pue["client"].(map[string]any)["id"].(string)
	issue("ppd", "/v2/invoices/income", map[string]any{"client": map[string]any{"id": clientID}, "items": line(500), "payment_method": "PPD"})
	issue("usd", "/v2/invoices/income", map[string]any{"client": clientID, "items": line(100), "currency": "USD", "exchange_rate": 17.25})
	issue("egress", "/v2/invoices/egress", map[string]any{"client": clientID, "items": line(100),
		"related_documents": []any{map[string]any{"relationship": "01", "documents": []any{pue["uuid"]}}}})
	issue("global", "/v2/invoices/income", map[string]any{"client": map[string]any{}, "items": line(250), "payment_form": "01",
		"global": map[string]any{"periodicity": "04", "months": fmt.Sprintf("%02d", time.Now().Month()), "year": fmt.Sprint(time.Now().Year())}})
	issue("camel", "/v2/invoices", map[string]any{"clientId": clientID, "items": line(10), "invoiceType": "I"})

	// A draft stamped later keeps its id.
	st, res := apiCall(t, "POST", base+"/v2/invoices/draft", key, map[string]any{"client": clientID, "items": line(70)})
	draft, _ := res["data"].(map[string]any)
	if st != 201 || draft["status"] != "draft" {
		t.Fatalf("draft: %d %v", st, res)
	}
	st, res = apiCall(t, "POST", base+"/v2/invoices/draft/"+draft["id"].(string)+"/stamp", key, nil)
	if data, _ := res["data"].(map[string]any); st != 200 || data["status"] != "valid" || data["id"] != draft["id"] {
		t.Fatalf("stamp draft: %d %v", st, res)
	}

	// Cancellation with each motive; 01 with a substitute related by 04.
	for _, motive := range []string{"01", "02", "03", "04"} {
		inv := issue("cancel"+motive, "/v2/invoices/income", map[string]any{"client": clientID, "items": line(300)})
		body := map[string]any{"motive": motive}
		if motive == "01" {
			sub := issue("substitute", "/v2/invoices/income", map[string]any{"client": clientID, "items": line(300),
				"related_documents": []any{map[string]any{"relationship": "04", "documents": []any{inv["uuid"]}}}})
			body["substitution_uuid"] = sub["uuid"]
		}
		st, res := apiCall(t, "DELETE", base+"/v2/invoices/"+strings.ToLower(inv["uuid"].(string)), key, body)
		if data, _ := res["data"].(map[string]any); st != 200 || data["status"] != "canceled" {
			t.Errorf("cancel %s: %d %v", motive, st, res)
		}
	}
	// A rule failure answers 400 with the SAT code; nothing is stored.
	st, res = apiCall(t, "POST", base+"/v2/invoices/income", key, map[string]any{"client": clientID,
		"items": []any{map[string]any{"description": "x", "unit_price": 1, "taxes": []any{map[string]any{"type": "IVA", "rate": 0.17}}}}})
	if st != 400 || !strings.Contains(fmt.Sprint(res), "CFDI40") {
		t.Errorf("invalid rate: %d %v", st, res)
	}

	srv.verifyAll(t)
}
