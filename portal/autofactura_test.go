package portal

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac/sandbox"
	"github.com/sello-mx/sello/store/sqlite"
)

// receiptPages is the pages over a Service that stamps with the sandbox.
func receiptPages(t *testing.T) (*pageEnv, func(string) *sello.Receipt) {
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
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, TestStamper: pac})
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	if _, err := svc.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	New(svc, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := &pageEnv{url: srv.URL, svc: svc, clk: clk, team: team}
	newReceipt := func(periodicity string) *sello.Receipt {
		t.Helper()
		r, err := svc.CreateReceipt(ctx, team, false, &sello.ReceiptRequest{Periodicity: periodicity, Items: []sello.ItemRequest{{
			Description: "Café de olla", Quantity: decimal.NewNullDecimal(decimal.NewFromInt(3)),
			UnitPrice: decimal.NewNullDecimal(decimal.RequireFromString("1000")),
			Taxes:     []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16")}}}}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	return e, newReceipt
}

var customer = map[string]string{"tax_id": "ure180429tm6", "legal_name": "Universidad Robótica Española", "zip": "86991",
	"tax_system": "601", "use": "G03"}

func postForm(t *testing.T, u string, values map[string]string) (int, string) {
	t.Helper()
	form := url.Values{}
	for k, v := range values {
		form.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(b)
}

func TestSelfInvoicePage(t *testing.T) {
	t.Parallel()
	e, newReceipt := receiptPages(t)
	r := newReceipt("month")
	link := e.url + r.URL

	status, body, hdr := get(t, link)
	if status != 200 || !strings.Contains(body, "Café de olla × 3") || !strings.Contains(body, "$3,480.00 MXN") ||
		!strings.Contains(body, `data-f=`) || !strings.Contains(body, "hasta el 30 de noviembre de 2026") || !strings.Contains(hdr.Get("Content-Type"), "charset=utf-8") {
		t.Fatalf("GET page = %d %s", status, body)
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'nonce-") {
		t.Errorf("CSP = %q", csp)
	}
	for _, tc := range []struct {
		name   string
		values map[string]string
		input  string
	}{
		{"empty", map[string]string{}, `id="tax_id-error"`},
		{"wrong RFC", with(customer, "tax_id", "URE180429TM7"), `id="tax_id-error"`},
		{"régimen of another person type", with(customer, "tax_system", "605"), `id="tax_system-error"`},
		{"use not allowed", with(customer, "use", "D01"), `id="use-error"`},
		{"bad zip", with(customer, "zip", "1"), `id="zip-error"`},
	} {
		status, body := postForm(t, link, tc.values)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.input) {
			t.Errorf("%s: POST = %d, want 422 with %s\n%s", tc.name, status, tc.input, body)
		}
	}
	status, loc := postForm(t, link, customer)
	if status != http.StatusSeeOther || !strings.Contains(loc, "listo=1") {
		t.Fatalf("POST = %d %s", status, loc)
	}
	status, body, _ = get(t, e.url+loc)
	if status != 200 || !strings.Contains(body, "¡Listo! Emitimos tu factura.") || !strings.Contains(body, `id="pdf" href="/files/`) {
		t.Fatalf("done page = %d %s", status, body)
	}
	status, body = postForm(t, link, customer)
	if status != http.StatusConflict || !strings.Contains(body, "Esta compra ya fue facturada") {
		t.Errorf("second POST = %d %s", status, body)
	}
	status, body = postForm(t, link, map[string]string{"action": "send", "email": "pagos@ure.mx"})
	if status != 200 || !strings.Contains(body, "Enviamos tu factura a pagos@ure.mx") {
		t.Errorf("send = %d %s", status, body)
	}
	got, err := e.svc.FindReceipt(context.Background(), e.team.ID, false, r.ID)
	if err != nil || got.Status != sello.ReceiptCompleted || got.Client != nil {
		t.Errorf("receipt after the page = %+v, %v", got, err)
	}

	// Bad, canceled and expired links.
	if status, _, _ := get(t, e.url+"/autofactura?id="+r.ID+"&token=x.y"); status != 404 {
		t.Errorf("forged token = %d, want 404", status)
	}
	canceled := newReceipt("month")
	if _, err := e.svc.CancelReceipt(context.Background(), e.team, false, canceled.ID); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := get(t, e.url+canceled.URL); status != 410 || !strings.Contains(body, "cancelada") {
		t.Errorf("canceled = %d %s", status, body)
	}
	daily := newReceipt("day")
	e.clk.add(48 * time.Hour)
	if status, body, _ := get(t, e.url+daily.URL); status != 410 || !strings.Contains(body, "expirado") {
		t.Errorf("expired = %d %s", status, body)
	}
	if status, body, _ := get(t, link); status != 200 || !strings.Contains(body, "Esta compra ya fue facturada") {
		t.Errorf("invoiced after its period = %d %s", status, body)
	}
}

// TestSelfInvoiceRace: the page and the API stamp one receipt at the same
// moment, ten times each; exactly one invoice is made.
func TestSelfInvoiceRace(t *testing.T) {
	t.Parallel()
	e, newReceipt := receiptPages(t)
	r := newReceipt("month")
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, pageStatus := 0, map[int]int{}
	for range 10 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			status, _ := postForm(t, e.url+r.URL, customer)
			mu.Lock()
			pageStatus[status]++
			if status == http.StatusSeeOther {
				wins++
			}
			mu.Unlock()
		}()
		go func() {
			defer wg.Done()
			_, _, err := e.svc.StampReceipt(ctx, e.team, false, r.ID, sello.ReceiptStamp{StampTo: sello.StampToPublicNational})
			mu.Lock()
			defer mu.Unlock()
			switch sello.ErrorCode(err) {
			case "":
				wins++
			case sello.Conflict, sello.NotAllowed:
			default:
				t.Errorf("StampReceipt = %v", err)
			}
		}()
	}
	wg.Wait()
	_, _, total, err := e.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: e.team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil || wins != 1 || total != 1 {
		t.Errorf("%d attempts won (page answers %v), %d invoices, %v; want 1 and 1", wins, pageStatus, total, err)
	}
	for status := range pageStatus {
		if status != http.StatusSeeOther && status != http.StatusConflict {
			t.Errorf("page answered %d", status)
		}
	}
}

func TestCustomerPortalPage(t *testing.T) {
	t.Parallel()
	e, newReceipt := receiptPages(t)
	ctx := context.Background()
	invoiced, pending := newReceipt("month"), newReceipt("month")
	if status, loc := postForm(t, e.url+invoiced.URL, customer); status != http.StatusSeeOther {
		t.Fatalf("self-invoice = %d %s", status, loc)
	}
	c, _, _, err := e.svc.FindClients(ctx, sello.ClientFilter{TeamID: e.team.ID, ListOptions: sello.ListOptions{Limit: 1}})
	if err != nil || len(c) != 1 {
		t.Fatalf("FindClients = %v, %v", c, err)
	}
	if _, err := e.svc.UpdateReceipt(ctx, e.team, false, pending.ID, &sello.ReceiptUpdate{Client: &sello.ClientRef{ID: c[0].ID}}); err != nil {
		t.Fatal(err)
	}
	pay, err := e.svc.RequestPayment(ctx, e.team, false, &sello.PaymentRequest{Client: sello.ClientRef{ID: c[0].ID},
		Items:          []sello.ItemRequest{{Description: "Anticipo", UnitPrice: decimal.NewNullDecimal(decimal.RequireFromString("500"))}},
		AllowedMethods: []string{"bank"}})
	if err != nil {
		t.Fatalf("RequestPayment: %v", err)
	}
	link, err := e.svc.CreatePortalLink(ctx, e.team.ID, false, c[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := get(t, e.url+"/portal/"+link.Token)
	if status != 200 || !strings.Contains(body, "A-1") || !strings.Contains(body, `href="/files/`) ||
		!strings.Contains(body, "Vigente") || !strings.Contains(body, `href="/autofactura?id=`+pending.ID) ||
		!strings.Contains(body, "Por pagar") || !strings.Contains(body, `href="/pay/`+pay.PayToken) {
		t.Errorf("portal = %d %s", status, body)
	}
	if status, _, _ := get(t, e.url+"/portal/"+link.Token+"x"); status != 404 {
		t.Errorf("forged portal link = %d, want 404", status)
	}
	e.clk.add(6 * 24 * time.Hour)
	if status, body, _ := get(t, e.url+"/portal/"+link.Token); status != 410 || !strings.Contains(body, "expirado") {
		t.Errorf("expired portal link = %d %s", status, body)
	}
}
