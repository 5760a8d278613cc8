package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/store/storetest"
)

func TestPaymentsOverHTTPSQLite(t *testing.T) {
	t.Parallel()
	paymentsEndToEnd(t, map[string]string{}, []string{"--db", filepath.Join(t.TempDir(), "sello.db")})
}

func TestPaymentsOverHTTPPostgres(t *testing.T) {
	t.Parallel()
	paymentsEndToEnd(t, map[string]string{"DATABASE_URL": storetest.PostgresURL(t)}, nil)
}

// paymentsEndToEnd runs the real server: a payment registered with
// pue_invoice gets its stamped PUE invoice, and a PPD payment paid in three
// installments gets one PPD invoice and three complements whose balances
// reach zero exactly. Every XML, downloaded without the API key, passes
// `sello cfdi verify` and the SAT oracle.
func paymentsEndToEnd(t *testing.T, envm map[string]string, db []string) {
	srv := startServer(t, envm, db)
	defer srv.stop()
	base, key := srv.base, srv.key
	download := func(name, uuid string) { t.Helper(); srv.xml(t, name, uuid) }
	post := func(path string, body map[string]any, want int) map[string]any {
		t.Helper()
		st, res := apiCall(t, "POST", base+path, key, body)
		if st != want {
			t.Fatalf("POST %s: %d %v", path, st, res)
		}
		data, _ := res["data"].(map[string]any)
		return data
	}
	client := map[string]any{"legal_name": "UNIVERSIDAD ROBOTICA ESPAÑOLA", "tax_id": "URE180429TM6", "tax_system": "601",
		"use": "G03", "email": "pagos@ure.mx", "address": map[string]any{"zip": "86991"}}
	items := []any{map[string]any{"description": "Colegiatura", "quantity": 1, "unit_price": 1000,
		"product_key": "86121700", "unit_key": "E48", "taxes": []any{map[string]any{"type": "IVA", "rate": 0.16}}}}

	pue := post("/v2/payments/register", map[string]any{"client": client, "items": items, "payment_form": "03"}, 201)
	uuid, _ := pue["invoice_id"].(string)
	if pue["status"] != "succeeded" || len(uuid) != 36 {
		t.Fatalf("register pue_invoice: %v", pue)
	}
	_, inv := apiCall(t, "GET", base+"/v2/invoices/income/"+uuid, key, nil)
	if d, _ := inv["data"].(map[string]any); d["payment_id"] != pue["id"] || d["payment_method"] != "PUE" || d["status"] != "valid" {
		t.Fatalf("the PUE invoice: %v", inv)
	}
	download("pue", uuid)

	ppd := post("/v2/payments/request", map[string]any{"client": map[string]any{"id": pue["client_id"]}, "items": items,
		"automation_type": "ppd_invoice_and_complement"}, 201)
	ppdUUID, _ := ppd["invoice_id"].(string)
	if len(ppdUUID) != 36 {
		t.Fatalf("request ppd: %v", ppd)
	}
	download("ppd", ppdUUID)
	for i, amount := range []string{"500", "500", "160"} {
		paid := post("/v2/payments/"+ppd["id"].(string)+"/paid", map[string]any{"payment_form": "03", "amount": amount}, 200)
		invs, _ := paid["invoices"].([]any)
		if len(invs) != i+2 {
			t.Fatalf("installment %d: invoices %v", i+1, paid["invoices"])
		}
		comp := invs[i+1].(string)
		_, got := apiCall(t, "GET", base+"/v2/invoices/payment/"+comp, key, nil)
		doc := fmt.Sprint(got["data"].(map[string]any)["payment_details"].(map[string]any)["documents"])
		if want := fmt.Sprintf("installment:%d", i+1); !bytes.Contains([]byte(doc), []byte(want)) {
			t.Errorf("complement %d: documents %s, want %s", i+1, doc, want)
		}
		download(fmt.Sprintf("complement%d", i+1), comp)
	}
	_, got := apiCall(t, "GET", base+"/v2/invoices/income/"+ppdUUID, key, nil)
	if d, _ := got["data"].(map[string]any); fmt.Sprint(d["last_balance"]) != "0" || fmt.Sprint(d["payment_complements"]) != "3" {
		t.Errorf("PPD invoice after three installments: %v", got)
	}
	_, pay := apiCall(t, "GET", base+"/v2/payments/"+ppd["id"].(string), key, nil)
	if d, _ := pay["data"].(map[string]any); d["status"] != "succeeded" {
		t.Errorf("PPD payment: %v", pay)
	}

	// Refunds, cancellation, lists and a refused body, on this engine too.
	st, res := apiCall(t, "POST", base+"/v2/payments/"+pue["id"].(string)+"/refund", key, map[string]any{"amount": 160})
	if d, _ := res["data"].(map[string]any); st != 200 || d["status"] != "succeeded" || fmt.Sprint(d["amount_refunded"]) != "160" {
		t.Errorf("partial refund: %d %v", st, res)
	}
	st, res = apiCall(t, "POST", base+"/v2/payments/"+pue["id"].(string)+"/refund", key, nil)
	if d, _ := res["data"].(map[string]any); st != 200 || d["status"] != "refunded" {
		t.Errorf("full refund: %d %v", st, res)
	}
	open := post("/v2/payments/request", map[string]any{"client": pue["client_id"], "items": items}, 201)
	st, res = apiCall(t, "DELETE", base+"/v2/payments/"+open["id"].(string), key, nil)
	if d, _ := res["data"].(map[string]any); st != 200 || d["status"] != "canceled" {
		t.Errorf("cancel: %d %v", st, res)
	}
	st, res = apiCall(t, "POST", base+"/v2/payments/register", key, map[string]any{"client": client, "items": items, "payment_form": "99", "currency": "USD"})
	if st != 400 || fmt.Sprint(res["error"].(map[string]any)["code"]) != "validation_failed" {
		t.Errorf("bad register: %d %v", st, res)
	}
	for q, want := range map[string]string{"": "3", "?status=refunded": "1", "?status=succeeded": "1", "?status=cancelled": "1",
		"?tax_id=URE180429TM6": "3", "?limit=1": "3"} {
		_, res := apiCall(t, "GET", base+"/v2/payments"+q, key, nil)
		if fmt.Sprint(res["total_results"]) != want {
			t.Errorf("GET /v2/payments%s: total_results %v, want %s", q, res["total_results"], want)
		}
	}
	_, res = apiCall(t, "GET", base+"/v2/payments?limit=1", key, nil)
	if next, _ := res["next"].(string); next == "" {
		t.Errorf("GET /v2/payments?limit=1: no next cursor: %v", res)
	} else if _, page := apiCall(t, "GET", base+"/v2/payments?limit=1&next="+next, key, nil); len(page["data"].([]any)) != 1 {
		t.Errorf("second page: %v", page)
	}

	srv.verifyAll(t)
}
