package portal

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func TestMoney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, currency, want string }{
		{"0", "MXN", "0.00"}, {"1160", "MXN", "1,160.00"}, {"1234567.891", "MXN", "1,234,567.89"},
		{"100", "JPY", "100"}, {"-1000.5", "USD", "-1,000.50"}, {"999.995", "MXN", "1,000.00"},
	} {
		if got := money(decimal.RequireFromString(tc.in), tc.currency); got != tc.want {
			t.Errorf("money(%s, %s) = %q, want %q", tc.in, tc.currency, got, tc.want)
		}
	}
}

func TestPayPage(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := context.Background()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	item := sello.ItemRequest{Description: "Colegiatura <marzo>", UnitPrice: decimal.NewNullDecimal(decimal.RequireFromString("1000")),
		Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16")}}}
	p, err := e.svc.RequestPayment(ctx, e.team, false, &sello.PaymentRequest{Client: sello.ClientRef{}, Items: []sello.ItemRequest{item}})
	if err != nil {
		t.Fatalf("RequestPayment: %v", err)
	}
	status, body := get("/pay/" + p.PayToken)
	if status != 200 || !strings.Contains(body, "$1,160.00 MXN") || !strings.Contains(body, "Colegiatura &lt;marzo&gt;") ||
		!strings.Contains(body, `id="methods"`) {
		t.Errorf("pay page without a bank account = %d\n%s", status, body)
	}
	if _, err := e.svc.UpdateTeamSettings(ctx, e.team.ID, map[string]any{"bank_account": map[string]any{
		"bank": "BBVA", "clabe": "012180001234567897", "beneficiary": "ESCUELA KEMPER URGATE"}}); err != nil {
		t.Fatalf("settings: %v", err)
	}
	status, body = get("/pay/" + p.PayToken)
	if status != 200 || !strings.Contains(body, "012180001234567897") || !strings.Contains(body, p.ID) || strings.Contains(body, `id="methods"`) {
		t.Errorf("pay page with a bank account = %d\n%s", status, body)
	}
	if _, err := e.svc.MarkPaymentPaid(ctx, e.team.ID, false, p.ID, &sello.PaidRequest{PaymentForm: "03"}); err != nil {
		t.Fatalf("MarkPaymentPaid: %v", err)
	}
	status, body = get("/pay/" + p.PayToken)
	if status != 200 || !strings.Contains(body, "ya fue recibido") || strings.Contains(body, "012180001234567897") {
		t.Errorf("pay page of a paid payment = %d\n%s", status, body)
	}
	for _, bad := range []string{"nope", p.PayToken + "x", "x" + p.PayToken, "a.b"} {
		if status, body := get("/pay/" + bad); status != 404 || !strings.Contains(body, "no válido") {
			t.Errorf("GET /pay/%s = %d\n%s", bad, status, body)
		}
	}
}
