package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// payBody is a payment body with the URE client and one 1000 + IVA line.
func payBody(extra string) string {
	b := `{"client":` + ureClient + `,"items":[` + ivaItem + `]`
	if extra != "" {
		b += "," + extra
	}
	return b + "}"
}

// oracleOf holds a stored invoice's XML up to the SAT's tools.
func (e *env) oracleOf(t *testing.T, uuid string) {
	t.Helper()
	inv, err := e.svc.FindInvoice(context.Background(), e.parent.ID, false, uuid)
	if err != nil {
		t.Fatalf("FindInvoice(%s): %v", uuid, err)
	}
	cfditest.Oracle(t, inv.XML)
}

func TestPaymentRegisterPUE(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	p := e.issue(t, e.test, "/v2/payments/register", payBody(`"payment_form":"04","metadata":{"order":"o-1"}`), 201)
	want(t, "register", p, map[string]any{
		"status": "succeeded", "automation_type": "pue_invoice", "automationType": "pue_invoice",
		"payment_form": "04", "paymentForm": "04", "total": 1160, "amount": 116000, "taxes_withheld": 0,
		"amount_refunded": 0, "short_url": nil, "payment_processor": "api", "automation_error": nil,
		"client.tax_id": "URE180429TM6", "client.rfc": "URE180429TM6", "items.0.unit_price": 1000,
		"items.0.unitPrice": 1000, "allowed_payment_methods.0.id": "card", "metadata.order": "o-1", "livemode": false,
	})
	uuid, _ := p["invoice_id"].(string)
	if len(uuid) != 36 || lookup(p, "invoices.0") != uuid || p["invoiceId"] != uuid {
		t.Fatalf("register: invoice_id %v invoices %v", p["invoice_id"], p["invoices"])
	}
	for _, k := range []string{"createdAt", "timestamp", "succeededAt"} {
		if s, _ := p[k].(string); !strings.HasSuffix(s, "Z") {
			t.Errorf("register: %s = %v, want ISO", k, p[k])
		}
	}
	_, out := e.do(t, "GET", "/v2/invoices/income/"+uuid, bearer(e.test), "")
	want(t, "the PUE invoice", out, map[string]any{"data.status": "valid", "data.payment_id": p["id"],
		"data.payment_method": "PUE", "data.payment_form": "04", "data.total": 1160, "data.automation_type": "payment"})
	e.oracleOf(t, uuid)
	_, out = e.do(t, "GET", "/v2/payments/"+p["id"].(string), bearer(e.test), "")
	want(t, "GET payment", out, map[string]any{"data.invoice_id": uuid, "data.status": "succeeded"})
	for _, ev := range []string{"payment.created", "payment.succeeded", "payment.updated", "invoice.created", "invoice.stamped"} {
		_, out := e.do(t, "GET", "/v2/events?event="+ev, bearer(e.test), "")
		if n, _ := out["total_results"].(float64); n < 1 {
			t.Errorf("no %s event", ev)
		}
	}
}

func TestPaymentPPDThreeInstallments(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	p := e.issue(t, e.test, "/v2/payments/request", payBody(`"automation_type":"ppd_invoice_and_complement"`), 201)
	id := p["id"].(string)
	url, _ := p["short_url"].(string)
	if !strings.HasPrefix(url, "http://") || !strings.Contains(url, "/pay/") || p["shortUrl"] != url {
		t.Errorf("short_url = %v", p["short_url"])
	}
	ppd, _ := p["invoice_id"].(string)
	want(t, "request", p, map[string]any{"status": "requires_payment_method", "automation_type": "ppd_invoice_and_complement"})
	_, out := e.do(t, "GET", "/v2/invoices/income/"+ppd, bearer(e.test), "")
	want(t, "the PPD invoice", out, map[string]any{"data.payment_method": "PPD", "data.payment_form": "99",
		"data.last_balance": 1160, "data.payment_id": id})
	amounts := []string{"400", "333.33", "426.67"}
	balances := []string{"760", "426.67", "0"}
	for i, a := range amounts {
		resp, out := e.do(t, "POST", "/v2/payments/"+id+"/paid", bearer(e.test), `{"payment_form":"03","amount":"`+a+`"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("installment %d = %d %v", i+1, resp.StatusCode, out)
		}
		status := "requires_payment_method"
		if i == 2 {
			status = "succeeded"
		}
		want(t, fmt.Sprintf("installment %d", i+1), out, map[string]any{"data.status": status, "data.invoices.0": ppd})
		comp, _ := lookup(out, fmt.Sprintf("data.invoices.%d", i+1)).(string)
		_, inv := e.do(t, "GET", "/v2/invoices/payment/"+comp, bearer(e.test), "")
		want(t, fmt.Sprintf("complement %d", i+1), inv, map[string]any{
			"data.invoice_type": "P", "data.payment_id": id, "data.payment_details.amount": a,
			"data.payment_details.documents.0.uuid": ppd, "data.payment_details.documents.0.installment": i + 1,
			"data.payment_details.documents.0.amount_paid": a, "data.payment_details.documents.0.remaining_balance": balances[i],
		})
		e.oracleOf(t, comp)
	}
	_, out = e.do(t, "GET", "/v2/invoices/income/"+ppd, bearer(e.test), "")
	want(t, "the PPD invoice paid", out, map[string]any{"data.last_balance": 0, "data.payment_complements": 3})
	_, out = e.do(t, "GET", "/v2/invoices/payment?invoice_id="+ppd, bearer(e.test), "")
	want(t, "complements of the PPD invoice", out, map[string]any{"total_results": 3})
	if resp, out := e.do(t, "POST", "/v2/payments/"+id+"/paid", bearer(e.test), `{"payment_form":"03"}`); resp.StatusCode != 409 {
		t.Errorf("paid again = %d %v, want 409", resp.StatusCode, out)
	}
}

func TestPaymentRefundsAndCancel(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	p := e.issue(t, e.test, "/v2/payments/register", payBody(`"automation_type":"none"`), 201)
	id := p["id"].(string)
	want(t, "register none", p, map[string]any{"invoices": "[]", "invoice_id": nil})
	resp, out := e.do(t, "POST", "/v2/payments/"+id+"/refund", bearer(e.test), `{"amount":160,"reason":"IVA","external_processor_refund":true}`)
	if resp.StatusCode != 200 {
		t.Fatalf("partial refund = %d %v", resp.StatusCode, out)
	}
	want(t, "partial refund", out, map[string]any{"data.status": "succeeded", "data.amount_refunded": 160, "data.amountRefunded": 160,
		"data.refunds.0.reason": "IVA", "data.refunds.0.externalProcessorRefund": true})
	if resp, out := e.do(t, "POST", "/v2/payments/"+id+"/refund", bearer(e.test), `{"amount":1000.01}`); resp.StatusCode != 422 || lookup(out, "error.code") != "business_rule_violation" {
		t.Errorf("refund above what is left = %d %v, want 422", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "POST", "/v2/payments/"+id+"/refund", bearer(e.test), `{"amount":-1}`); resp.StatusCode != 400 {
		t.Errorf("negative refund = %d %v, want 400", resp.StatusCode, out)
	}
	_, out = e.do(t, "POST", "/v2/payments/"+id+"/refund", bearer(e.test), `{"amount":0}`) // the n8n node's default
	want(t, "full refund", out, map[string]any{"data.status": "refunded", "data.amount_refunded": 1160, "data.refunds.1.amount": 1000})
	_, out = e.do(t, "GET", "/v2/events?event=payment.refunded", bearer(e.test), "")
	want(t, "payment.refunded events", out, map[string]any{"total_results": 2, "data.0.data.object.id": id})

	r := e.issue(t, e.test, "/v2/payments/request", payBody(""), 201)
	if resp, out := e.do(t, "POST", "/v2/payments/"+r["id"].(string)+"/refund", bearer(e.test), ``); resp.StatusCode != 409 {
		t.Errorf("refund an unpaid payment = %d %v, want 409", resp.StatusCode, out)
	}
	resp, out = e.do(t, "DELETE", "/v2/payments/"+r["id"].(string), bearer(e.test), "")
	if resp.StatusCode != 200 {
		t.Fatalf("DELETE = %d %v", resp.StatusCode, out)
	}
	want(t, "canceled", out, map[string]any{"data.status": "canceled"})
	if s, _ := lookup(out, "data.canceledAt").(string); !strings.HasSuffix(s, "Z") {
		t.Errorf("canceledAt = %v", lookup(out, "data.canceledAt"))
	}
	for _, ev := range []string{"payment.canceled", "payment.deleted"} {
		_, out := e.do(t, "GET", "/v2/events?event="+ev, bearer(e.test), "")
		want(t, ev, out, map[string]any{"total_results": 1})
	}
	if resp, _ := e.do(t, "DELETE", "/v2/payments/"+r["id"].(string), bearer(e.test), ""); resp.StatusCode != 409 {
		t.Errorf("cancel twice = %d, want 409", resp.StatusCode)
	}
	// A payment with an invoice cannot be canceled.
	ppd := e.issue(t, e.test, "/v2/payments/request", payBody(`"automationType":"payment_and_complement"`), 201)
	if resp, out := e.do(t, "DELETE", "/v2/payments/"+ppd["id"].(string), bearer(e.test), ""); resp.StatusCode != 409 || lookup(out, "error.code") != "operation_not_allowed" {
		t.Errorf("cancel an invoiced payment = %d %v, want 409", resp.StatusCode, out)
	}
}

// TestPaymentBadInput: every bad request is a 4xx naming its fields, and
// stores nothing.
func TestPaymentBadInput(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	paid := e.issue(t, e.test, "/v2/payments/register", payBody(`"automation_type":"none"`), 201)["id"].(string)
	ppd := e.issue(t, e.test, "/v2/payments/request", payBody(`"automation_type":"ppd_invoice_and_complement"`), 201)["id"].(string)
	open := e.issue(t, e.test, "/v2/payments/request", payBody(""), 201)["id"].(string)
	for _, tc := range []struct {
		method, path, body string
		status             int
		code, detail       string
	}{
		{"POST", "/v2/payments/register", `{}`, 400, "validation_failed", "client: is required"},
		{"POST", "/v2/payments/register", `{"client":` + ureClient + `}`, 400, "missing_required_field", "items: is required"},
		{"POST", "/v2/payments/register", payBody(`"payment_form":"99"`), 400, "invalid_field_value", "payment_form"},
		{"POST", "/v2/payments/register", payBody(`"payment_form":"77"`), 400, "invalid_field_value", "payment_form"},
		{"POST", "/v2/payments/request", payBody(`"currency":"USD"`), 400, "missing_required_field", "exchange_rate: is required"},
		{"POST", "/v2/payments/request", payBody(`"currency":"ZZZ"`), 400, "invalid_field_value", "currency"},
		{"POST", "/v2/payments/request", payBody(`"allowed_payment_methods":["card","bitcoin"]`), 400, "invalid_field_value", "allowed_payment_methods[1]"},
		{"POST", "/v2/payments/request", payBody(`"automation_type":"maybe"`), 400, "invalid_field_value", "automation_type"},
		{"POST", "/v2/payments/request", payBody(`"date":"yesterday"`), 400, "invalid_field_value", "date"},
		{"POST", "/v2/payments/request", `{"client":` + ureClient + `,"items":[{"description":"x","unit_price":-1}]}`, 400, "invalid_field_value", "items[0].unit_price"},
		{"POST", "/v2/payments", `{"clientId":"client_nope","items":[{"name":"x","total":10}]}`, 400, "invalid_field_value", "client.id"},
		{"POST", "/v2/payments", `{"client":` + ureClient + `,"items":[{"name":"x","total":10}],"livemode":true}`, 400, "invalid_field_value", "livemode"},
		{"POST", "/v2/payments/" + open + "/paid", `{}`, 400, "missing_required_field", "payment_form: is required"},
		{"POST", "/v2/payments/" + open + "/paid", `{"payment_form":"03","amount":10}`, 422, "business_rule_violation", "amount"},
		{"POST", "/v2/payments/" + ppd + "/paid", `{"payment_form":"03","amount":1160.01}`, 422, "business_rule_violation", "amount"},
		{"POST", "/v2/payments/" + ppd + "/paid", `{"payment_form":"03","amount":10,"currency":"USD"}`, 400, "missing_required_field", "exchange_rate"},
		{"POST", "/v2/payments/" + paid + "/paid", `{"payment_form":"03"}`, 409, "operation_not_allowed", ""},
		{"POST", "/v2/payments/" + paid + "/refund", `{"amount":-5}`, 400, "invalid_field_value", "amount"},
		{"POST", "/v2/payments/payment_nope/refund", `{}`, 404, "resource_not_found", ""},
		{"PUT", "/v2/payments/" + paid, `{}`, 400, "missing_required_field", "items"},
		{"PUT", "/v2/payments/" + ppd, `{"automation_type":"none"}`, 409, "operation_not_allowed", ""},
		{"GET", "/v2/payments?status=lost", ``, 400, "invalid_field_value", "status"},
		{"GET", "/v2/payments/payment_nope", ``, 404, "resource_not_found", ""},
	} {
		resp, out := e.do(t, tc.method, tc.path, bearer(e.test), tc.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		if resp.StatusCode != tc.status || lookup(out, "error.code") != tc.code || !strings.Contains(details, tc.detail) {
			t.Errorf("%s %s %s = %d %v %s, want %d %s %q", tc.method, tc.path, tc.body, resp.StatusCode, lookup(out, "error.code"), details, tc.status, tc.code, tc.detail)
		}
	}
	_, out := e.do(t, "GET", "/v2/payments", bearer(e.test), "")
	want(t, "nothing stored by bad requests", out, map[string]any{"total_results": 3})
	_, out = e.do(t, "GET", "/v2/invoices/income", bearer(e.test), "")
	want(t, "no invoice from bad requests", out, map[string]any{"total_results": 1}) // the PPD invoice
}

// TestPaymentSeedSurface creates a payment with the OLD body of POST
// /v2/payments and checks the dual answer, the update and idempotency.
func TestPaymentSeedSurface(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	cl := e.issue(t, e.test, "/v2/clients", ureClient, 201)
	body := `{"clientId":"` + cl["id"].(string) + `","items":[{"name":"Curso","total":"100","taxes":[{"type":"IVA","rate":0.16}]}],
		"automaticInvoice":true,"avoidEmail":true,"currency":"MXN","livemode":false,"idempotencyKey":"old-1"}`
	p := e.issue(t, e.test, "/v2/payments", body, 201)
	want(t, "POST /v2/payments", p, map[string]any{"status": "requires_payment_method", "automationType": "pue_invoice",
		"sendEmail": false, "clientId": cl["id"], "total": 116, "items.0.description": "Curso", "idempotencyKey": "old-1"})
	resp, out := e.do(t, "POST", "/v2/payments", bearer(e.test), body)
	if resp.StatusCode != 201 || resp.Header.Get("Idempotent-Replayed") != "true" || lookup(out, "data.id") != p["id"] {
		t.Errorf("replay = %d %q %v", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), lookup(out, "data.id"))
	}
	_, out = e.do(t, "PUT", "/v2/payments/"+p["id"].(string), bearer(e.test), `{"items":[{"description":"Curso de Go"}],"metadata":{"a":"1"}}`)
	want(t, "PUT", out, map[string]any{"data.items.0.description": "Curso de Go", "data.metadata.a": "1", "data.total": 116})
	// Marked paid, the PUE automation issues the invoice.
	_, out = e.do(t, "POST", "/v2/payments/"+p["id"].(string)+"/paid", bearer(e.test), `{"paymentForm":"01","date":1772400000}`)
	want(t, "paid", out, map[string]any{"data.status": "succeeded", "data.payment_form": "01", "data.succeeded_at": float64(1772400000)})
	if uuid, _ := lookup(out, "data.invoice_id").(string); len(uuid) != 36 {
		t.Errorf("paid: no invoice: %v", out)
	}
	for _, q := range []string{"status=succeeded", "client_id=" + cl["id"].(string), "tax_id=ure180429tm6", "email=pagos@ure.mx", "currency=MXN"} {
		_, out := e.do(t, "GET", "/v2/payments?"+q, bearer(e.test), "")
		want(t, "GET /v2/payments?"+q, out, map[string]any{"total_results": 1, "totalResults": 1})
	}
	_, out = e.do(t, "GET", "/v2/payments/search?q=robotica", bearer(e.test), "")
	want(t, "search", out, map[string]any{"total_results": 1})
	_, out = e.do(t, "GET", "/v2/payments?status=cancelled", bearer(e.test), "")
	want(t, "canceled filter", out, map[string]any{"total_results": 0})
	_, out = e.do(t, "GET", "/v2/payments", bearer(e.otherTest), "")
	want(t, "another team", out, map[string]any{"total_results": 0})
}

// TestComplementDirect issues complements through POST /v2/invoices/payment.
func TestComplementDirect(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	ppd := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"payment_method":"PPD"}`, 201)
	pue := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`]}`, 201)
	uuid := ppd["uuid"].(string)
	for _, tc := range []struct {
		body         string
		status       int
		code, detail string
	}{
		{`{}`, 400, "validation_failed", "invoices: is required"},
		{`{"invoices":[],"payment_form":"03"}`, 400, "invalid_field_value", "invoices"},
		{`{"invoices":[{"uuid":"` + uuid + `","amount":100}],"payment_form":"99"}`, 400, "invalid_field_value", "payment_form"},
		{`{"invoices":[{"uuid":"` + uuid + `"}],"payment_form":"03"}`, 400, "missing_required_field", "invoices[0].amount"},
		{`{"invoices":[{"uuid":"00000000-0000-0000-0000-000000000000","amount":1}],"payment_form":"03"}`, 400, "invalid_field_value", "invoices[0].uuid"},
		{`{"invoices":[{"uuid":"` + pue["uuid"].(string) + `","amount":1}],"payment_form":"03"}`, 422, "business_rule_violation", "invoices[0]"},
		{`{"invoices":[{"uuid":"` + uuid + `","amount":1160.01}],"payment_form":"03"}`, 422, "business_rule_violation", "invoices[0].amount"},
	} {
		resp, out := e.do(t, "POST", "/v2/invoices/payment", bearer(e.test), tc.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		if resp.StatusCode != tc.status || lookup(out, "error.code") != tc.code || !strings.Contains(details, tc.detail) {
			t.Errorf("POST /v2/invoices/payment %s = %d %v %s, want %d %s %q", tc.body, resp.StatusCode, lookup(out, "error.code"), details, tc.status, tc.code, tc.detail)
		}
	}
	first := e.issue(t, e.test, "/v2/invoices/payment", `{"invoices":[{"uuid":"`+strings.ToLower(uuid)+`","amount":"1000"}],"payment_form":"03","idempotency_key":"c-1"}`, 201)
	want(t, "first complement", first, map[string]any{"invoice_type": "P", "status": "valid", "series": "P", "idempotency_key": "c-1",
		"payment_details.documents.0.installment": 1, "payment_details.documents.0.previous_balance": 1160,
		"payment_details.documents.0.remaining_balance": 160})
	e.oracleOf(t, first["uuid"].(string))
	second := e.issue(t, e.test, "/v2/invoices/payment", `{"invoices":[{"id":"`+ppd["id"].(string)+`","amount":160}],"paymentForm":"28"}`, 201)
	want(t, "second complement", second, map[string]any{"payment_details.documents.0.installment": 2,
		"payment_details.documents.0.remaining_balance": 0, "payment_details.payment_form": "28"})
	e.oracleOf(t, second["uuid"].(string))
	if resp, out := e.do(t, "POST", "/v2/invoices/payment", bearer(e.test), `{"invoices":[{"uuid":"`+uuid+`","amount":0.01}],"payment_form":"03"}`); resp.StatusCode != 422 {
		t.Errorf("pay a paid invoice = %d %v, want 422", resp.StatusCode, out)
	}
	// A paid invoice with live complements cannot be cancelled.
	if resp, out := e.do(t, "DELETE", "/v2/invoices/"+uuid+"?motive=02", bearer(e.test), ""); resp.StatusCode != 422 {
		t.Errorf("cancel a PPD invoice with complements = %d %v, want 422", resp.StatusCode, out)
	}
}

// TestInvoiceAutomationCreatesPayment: an invoice's own automation_type
// creates its linked payment (API.md §11.4): payment with a PUE invoice is
// succeeded; payment_and_complement with a PPD one waits, and /paid pays it
// with a complement.
func TestInvoiceAutomationCreatesPayment(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	pue := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"automation_type":"payment","payment_form":"28"}`, 201)
	pid, _ := pue["payment_id"].(string)
	if !strings.HasPrefix(pid, "payment_") || pue["automation_type"] != "payment" {
		t.Fatalf("PUE invoice with automation payment: %v", pue)
	}
	_, out := e.do(t, "GET", "/v2/payments/"+pid, bearer(e.test), "")
	want(t, "the PUE invoice's payment", out, map[string]any{"data.status": "succeeded", "data.invoice_id": pue["uuid"],
		"data.payment_form": "28", "data.total": 1160, "data.automation_type": "pue_invoice"})
	if n, _, _, _ := e.svc.FindInvoices(context.Background(), sello.InvoiceFilter{TeamID: e.parent.ID}); len(n) != 1 {
		t.Errorf("invoices after the automation: %d, want 1", len(n))
	}

	ppd := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"payment_method":"PPD","automation_type":"payment_and_complement"}`, 201)
	pid = ppd["payment_id"].(string)
	_, out = e.do(t, "GET", "/v2/payments/"+pid, bearer(e.test), "")
	want(t, "the PPD invoice's payment", out, map[string]any{"data.status": "requires_payment_method", "data.invoice_id": ppd["uuid"],
		"data.automation_type": "ppd_invoice_and_complement"})
	_, out = e.do(t, "POST", "/v2/payments/"+pid+"/paid", bearer(e.test), `{"payment_form":"03"}`)
	want(t, "paid", out, map[string]any{"data.status": "succeeded", "data.invoices.0": ppd["uuid"]})
	comp, _ := lookup(out, "data.invoices.1").(string)
	_, out = e.do(t, "GET", "/v2/invoices/income/"+ppd["uuid"].(string), bearer(e.test), "")
	want(t, "the PPD invoice paid", out, map[string]any{"data.last_balance": 0, "data.payment_complements": 1})
	e.oracleOf(t, comp)

	if resp, out := e.do(t, "POST", "/v2/invoices/income", bearer(e.test), `{"client":`+ureClient+`,"items":[`+ivaItem+`],"automation_type":"payment_and_complement"}`); resp.StatusCode != 422 {
		t.Errorf("payment_and_complement on a PUE invoice = %d %v, want 422", resp.StatusCode, out)
	}
}

// TestPaymentUpdateAutomationAndEvents: a succeeded payment without
// automation gets pue_invoice through PUT and its invoice is issued; the
// events carry the payment in the dual view; the Stripe endpoint of a team
// without Stripe is 404.
func TestPaymentUpdateAutomationAndEvents(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	p := e.issue(t, e.test, "/v2/payments/register", payBody(`"automation_type":"none"`), 201)
	id := p["id"].(string)
	resp, out := e.do(t, "PUT", "/v2/payments/"+id, bearer(e.test), `{"automationType":"stamp_invoice"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("PUT automation = %d %v", resp.StatusCode, out)
	}
	uuid, _ := lookup(out, "data.invoice_id").(string)
	want(t, "PUT automation", out, map[string]any{"data.automation_type": "pue_invoice"})
	if len(uuid) != 36 {
		t.Fatalf("PUT automation issued no invoice: %v", out)
	}
	if resp, out := e.do(t, "PUT", "/v2/payments/"+id, bearer(e.test), `{"automation_type":"none"}`); resp.StatusCode != 409 {
		t.Errorf("PUT a set automation = %d %v, want 409", resp.StatusCode, out)
	}
	_, out = e.do(t, "GET", "/v2/events?event=payment.updated", bearer(e.test), "")
	want(t, "payment.updated", out, map[string]any{"data.0.data.object.id": id, "data.0.data.object.invoice_id": uuid,
		"data.0.data.object.invoiceId": uuid, "data.0.data.object.automationType": "pue_invoice"})
	if resp, out := e.do(t, "POST", "/stripe/webhook/"+string(e.parent.ID), map[string]string{"Stripe-Signature": "t=1,v1=00"}, `{"id":"evt_1"}`); resp.StatusCode != 404 {
		t.Errorf("Stripe webhook of a team without Stripe = %d %v, want 404", resp.StatusCode, out)
	}
}

// TestRelationPairs: the guía's TipoRelacion table over HTTP (issue 13
// §2): an egress with 01 relating a payment complement, an egress with 03
// relating an egress and an income with 07 relating a complement are
// refused naming the rule and the related document; the allowed pairs
// stamp, and each passes the SAT oracle.
func TestRelationPairs(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	ppd := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],"payment_method":"PPD"}`, 201)
	comp := e.issue(t, e.test, "/v2/invoices/payment", `{"invoices":[{"uuid":"`+ppd["uuid"].(string)+`","amount":"100"}],"payment_form":"03"}`, 201)
	relating := func(kind, uuid string) string {
		return `"related_documents":[{"relationship":"` + kind + `","documents":["` + uuid + `"]}]`
	}
	egressBody := func(kind, uuid string) string {
		return `{"client":` + ureClient + `,"items":[{"description":"Devolución","unit_price":100,"taxes":[{"type":"IVA","rate":0.16}]}],` +
			relating(kind, uuid) + `}`
	}
	egress := e.issue(t, e.test, "/v2/invoices/egress", egressBody("01", ppd["uuid"].(string)), 201)
	e.oracleOf(t, egress["uuid"].(string))
	for _, tc := range []struct{ name, path, body, has string }{
		{"egress 01 relating a complement", "/v2/invoices/egress", egressBody("01", comp["uuid"].(string)),
			"related_documents[0].documents[0]: a nota de crédito or débito cannot relate a pago (Anexo 20, guía de llenado: CfdiRelacionados, TipoRelacion 01)"},
		{"egress 03 relating an egress", "/v2/invoices/egress", egressBody("03", egress["uuid"].(string)),
			"related_documents[0].documents[0]: a devolución de mercancía cannot relate an egreso"},
		{"income 07 relating a complement", "/v2/invoices/income", `{"client":` + ureClient + `,"items":[` + ivaItem + `],` +
			relating("07", comp["uuid"].(string)) + `}`, "related_documents[0].documents[0]: it relates an ingreso or egreso, not a pago"},
		{"income 06 relating an income", "/v2/invoices/income", `{"client":` + ureClient + `,"items":[` + ivaItem + `],` +
			relating("06", ppd["uuid"].(string)) + `}`, "it relates a traslado, not an ingreso"},
	} {
		resp, out := e.do(t, "POST", tc.path, bearer(e.test), tc.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		if resp.StatusCode != 400 || !strings.Contains(details, tc.has) {
			t.Errorf("%s: %d %s, want 400 with %q", tc.name, resp.StatusCode, details, tc.has)
		}
	}
	// Allowed: an egress returning goods of an income (03), an income
	// applying an advance (07).
	ret := e.issue(t, e.test, "/v2/invoices/egress", egressBody("03", ppd["uuid"].(string)), 201)
	e.oracleOf(t, ret["uuid"].(string))
	adv := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[`+ivaItem+`],`+relating("07", ppd["uuid"].(string))+`}`, 201)
	e.oracleOf(t, adv["uuid"].(string))
}

// TestInclusivePricesGiveBackGross: 3 × 99.99 with IVA in the price totals
// 299.97, what the customer paid (issue 13 §8), and the document passes the
// SAT oracle.
func TestInclusivePricesGiveBackGross(t *testing.T) {
	t.Parallel()
	e := setupInvoices(t)
	inv := e.issue(t, e.test, "/v2/invoices/income", `{"client":`+ureClient+`,"items":[{"description":"Playera","quantity":3,
		"unit_price":99.99,"product_key":"53101600","unit_key":"H87","taxes":[{"type":"IVA","rate":0.16,"inclusive":true}]}]}`, 201)
	want(t, "inclusive", inv, map[string]any{"total": 299.97})
	e.oracleOf(t, inv["uuid"].(string))
}
