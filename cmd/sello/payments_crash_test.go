package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sello-mx/sello"
)

// TestPaymentsSurviveKill marks many payments paid at once, kills the
// server with SIGKILL while their PUE invoices are being issued, restarts it
// on the same database and checks that every succeeded payment ends with
// exactly one invoice, linked both ways, and every other payment with none.
func TestPaymentsSurviveKill(t *testing.T) {
	killTestEngines(t, paymentsSurviveKill)
}

func paymentsSurviveKill(t *testing.T, bin, db string, env []string, open func() (sello.Store, error)) {
	env = append(env, "SELLO_PAYMENT_LEASE=3s")
	p := startServe(t, bin, db, env)
	base := "http://" + p.addr
	status, body := ping(t, base, p.key)
	if status != 200 {
		t.Fatalf("ping = %d %v", status, body)
	}
	team := sello.TeamID(body["data"].(map[string]any)["team"].(string))
	client := map[string]any{"legal_name": "UNIVERSIDAD ROBOTICA ESPAÑOLA", "tax_id": "URE180429TM6", "tax_system": "601",
		"address": map[string]any{"zip": "86991"}}
	st, res := apiCall(t, "POST", base+"/v2/clients", p.key, client)
	if st != 201 {
		t.Fatalf("POST /v2/clients: %d %v", st, res)
	}
	clientID := res["data"].(map[string]any)["id"].(string)
	const n = 40
	ids := make([]string, n)
	for i := range ids {
		st, res := apiCall(t, "POST", base+"/v2/payments/request", p.key, map[string]any{"client": clientID,
			"automation_type": "pue_invoice", "items": []any{map[string]any{"description": fmt.Sprint("Curso ", i),
				"unit_price": 100 + i, "taxes": []any{map[string]any{"type": "IVA", "rate": 0.16}}}}})
		if st != 201 {
			t.Fatalf("request %d: %d %v", i, st, res)
		}
		ids[i] = res["data"].(map[string]any)["id"].(string)
	}
	// Mark them all paid at once; kill the server as the first answer comes.
	var answered atomic.Int32
	first := make(chan struct{})
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _ := apiCallQuiet(base+"/v2/payments/"+id+"/paid", p.key, `{"payment_form":"03"}`)
			if st == 200 && answered.Add(1) == 1 {
				close(first)
			}
		}()
	}
	<-first
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
	wg.Wait()

	// What the kill left: payments succeeded whose invoice is not linked.
	store, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	unlinked := func() (succeeded, waiting int) {
		ps, _, _, err := store.FindPayments(ctx, sello.PaymentFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 100}})
		if err != nil {
			t.Fatalf("FindPayments: %v", err)
		}
		for _, p := range ps {
			if p.Status == sello.PaymentSucceeded {
				succeeded++
				if len(p.Invoices) == 0 {
					waiting++
				}
			}
		}
		return succeeded, waiting
	}
	succeeded, atKill := unlinked()
	t.Logf("%d payments: %d answered before SIGKILL, %d succeeded in storage, %d of them without their invoice",
		n, answered.Load(), succeeded, atKill)
	if atKill == 0 {
		t.Fatalf("every invoice was linked before the kill; the test proves nothing")
	}

	startServe(t, bin, db, env)
	waitFor(t, "every succeeded payment linked to its invoice", func() bool { _, w := unlinked(); return w == 0 })
	ps, _, _, _ := store.FindPayments(ctx, sello.PaymentFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 100}})
	invs, _, total, err := store.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	byPayment := map[string][]*sello.Invoice{}
	for _, inv := range invs {
		byPayment[inv.PaymentID] = append(byPayment[inv.PaymentID], inv)
	}
	wantTotal := 0
	for _, p := range ps {
		got := byPayment[p.ID]
		switch p.Status {
		case sello.PaymentSucceeded:
			wantTotal++
			if len(got) != 1 || len(p.Invoices) != 1 || got[0].UUID != p.Invoices[0] || got[0].Status != sello.InvoiceValid {
				t.Errorf("payment %s: %d invoices stored, linked %v", p.ID, len(got), p.Invoices)
			}
		default:
			if len(got) != 0 || len(p.Invoices) != 0 {
				t.Errorf("payment %s (%s): %d invoices", p.ID, p.Status, len(got))
			}
		}
	}
	if total != wantTotal {
		t.Errorf("%d invoices stored, want one per succeeded payment (%d)", total, wantTotal)
	}
}

// apiCallQuiet posts a body and returns the status (0 when the server
// is gone); safe in goroutines.
func apiCallQuiet(url, key, body string) (int, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
