package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// viewInvoices are constructed invoices covering every branch of the view.
func viewInvoices() []struct {
	name  string
	inv   *sello.Invoice
	links invoiceLinks
} {
	created := time.Date(2026, 3, 1, 18, 4, 5, 0, time.UTC)
	iva := sello.Tax{Type: "IVA", Rate: d("0.16"), Factor: "Tasa"}
	income := &sello.Invoice{
		ID: "invoice_0123456789abcdefghij", TeamID: "team_A", UUID: "5FB2822E-396D-4725-8521-CDC4BDD20CCF",
		Type: "I", Status: sello.InvoiceValid,
		Client: sello.InvoiceClient{ID: "client_1", Name: "Acme", LegalName: "ACME", TaxID: "EKU9003173C9",
			TaxSystem: "601", Use: "G03", Email: "pago@acme.mx", Zip: "06600"},
		ClientID: "client_1", Series: "A", Folio: 12, Currency: "USD", ExchangeRate: d("17.2345"),
		PaymentMethod: "PUE", PaymentForm: "03", Use: "G03", Exports: "01",
		Items: []sello.InvoiceItem{{ServiceID: "service_1", Description: "Consultoría", Quantity: d("1.5"),
			UnitPrice: d("100.333333"), Discount: d("0"), ProductKey: "84111506", UnitKey: "E48", UnitName: "Unidad de servicio",
			SKU: "CONS-1", Taxability: "02",
			Taxes:    []sello.ItemTax{{Tax: iva, Base: d("150.4999995"), Amount: d("24.079999920")}},
			Subtotal: d("150.4999995"), Total: d("174.579999420")}},
		Subtotal: d("150.50"), Discount: d("0"), Taxes: d("24.08"), Withheld: d("0"), Total: d("174.58"),
		Related: []sello.RelatedDocuments{{Relationship: "04", Documents: []string{"0A1B2C3D-0000-4000-8000-000000000001"}}},
		Stamp: &sello.InvoiceStamp{StampedAt: created.Add(3 * time.Second), Sello: "c2VsbG8=", SelloSAT: "c2F0",
			NoCertificadoSAT: "30001000000500003456", RfcProvCertif: "SPR190613I52"},
		SendEmail: true, Emails: []string{"a@acme.mx"}, Metadata: map[string]any{"order_id": "A-1"},
		IdempotencyKey: "cli_1", From: "api", CreatedAt: created,
	}
	canceled := &sello.Invoice{
		ID: "invoice_canceled00000000000", TeamID: "team_A", Livemode: true, UUID: "6FB2822E-396D-4725-8521-CDC4BDD20CCF",
		Type: "E", Status: sello.InvoiceCanceled, Client: sello.InvoiceClient{LegalName: "PUBLICO EN GENERAL",
			TaxID: "XAXX010101000", TaxSystem: "616", Use: "S01", Zip: "06600"},
		Series: "NC", Folio: 3, Currency: "MXN", ExchangeRate: d("1"), PaymentMethod: "PUE", PaymentForm: "01",
		Use: "S01", Exports: "01", Subtotal: d("10"), Discount: d("0"), Taxes: d("1.6"), Withheld: d("0"), Total: d("11.6"),
		Global:      &sello.GlobalPeriod{Periodicity: "01", Months: "03", Year: "2026"},
		Complements: []map[string]any{{"type": "leyendasFisc", "data": map[string]any{"textoLeyenda": "x"}}},
		Addenda:     "<a/>", PDFNotes: "Gracias", AutomationType: "payment", PaymentID: "payment_1",
		CancellationMotive: "02", CancellationStatus: sello.CancellationAccepted, CancellationReceipt: []byte("<Acuse/>"),
		CanceledAt: created.Add(time.Hour), CreatedAt: created,
	}
	draft := &sello.Invoice{ID: "invoice_draft000000000000000", TeamID: "team_A", Type: "I", Status: sello.InvoiceDraft,
		Currency: "MXN", PreviewPDF: []byte("%PDF-1.7"), CreatedAt: created}
	complement := &sello.Invoice{ID: "invoice_p0000000000000000000", TeamID: "team_A", UUID: "7FB2822E-396D-4725-8521-CDC4BDD20CCF",
		Type: "P", Status: sello.InvoiceValid, Currency: "XXX", Use: "CP01", Exports: "01", Series: "P", Folio: 1,
		PaymentDetails: &sello.PaymentDetails{Date: created, PaymentForm: "03", Currency: "MXN", ExchangeRate: d("1"),
			Amount: d("500.005"), Documents: []sello.PaidInvoiceLine{{UUID: income.UUID, Series: "A", Folio: 12,
				Installment: 1, PreviousBalance: d("1160"), AmountPaid: d("500.005"), RemainingBalance: d("659.995")}}},
		CreatedAt: created}
	failed := &sello.Invoice{ID: "invoice_failed00000000000000", TeamID: "team_A", Type: "I", Status: sello.InvoiceFailed,
		Client: income.Client, Series: "A", Folio: 13, Currency: "MXN", PaymentMethod: "PUE", PaymentForm: "03", Use: "G03",
		Exports: "01", Subtotal: d("100"), Discount: d("0"), Taxes: d("16"), Withheld: d("0"), Total: d("116"),
		StampError: "302: the seal does not verify", CreatedAt: created}
	return []struct {
		name  string
		inv   *sello.Invoice
		links invoiceLinks
	}{
		{"income USD with files", income, invoiceLinks{files: &filesView{PDF: "https://sello.test/files/p", XML: "https://sello.test/files/x"}}},
		{"canceled global egress", canceled, invoiceLinks{acuse: "https://sello.test/files/acuse"}},
		{"draft with a preview", draft, invoiceLinks{}},
		{"payment complement", complement, invoiceLinks{}},
		{"failed attempt (invoice.failed)", failed, invoiceLinks{}},
	}
}

// TestInvoiceViewsGolden pins the snake view (surface C, webhooks) and the
// camel view (surface S) of constructed invoices.
func TestInvoiceViewsGolden(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	for _, tc := range viewInvoices() {
		v := newInvoiceView(tc.inv, tc.links)
		camel, err := invoiceCamel(v)
		if err != nil {
			t.Fatalf("invoiceCamel(%s): %v", tc.name, err)
		}
		for _, r := range []struct {
			casing string
			value  any
		}{{"snake", v}, {"camel", camel}} {
			raw, err := encodeJSON(r.value)
			if err != nil {
				t.Fatalf("encode %s %s: %v", tc.name, r.casing, err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, raw, "", "  "); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "### %s (%s)\n%s\n", tc.name, r.casing, pretty.String())
		}
	}
	golden := filepath.Join("testdata", "invoice_views.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./httpapi -update)", err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("invoice views (-want +got):\n%s", diff)
	}
}

// TestRenderInvoiceEvent checks that invoice.* events carry the snake view.
func TestRenderInvoiceEvent(t *testing.T) {
	t.Parallel()
	inv := viewInvoices()[0].inv
	raw, err := RenderEvent("invoice.stamped", inv)
	if err != nil {
		t.Fatalf("RenderEvent(invoice.stamped): %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"id": inv.ID, "uuid": inv.UUID, "invoice_type": "I", "total": 174.58,
		"exchange_rate": 17.2345, "created_at": float64(inv.CreatedAt.Unix())} {
		if got[k] != want {
			t.Errorf("RenderEvent: %s = %v, want %v", k, got[k], want)
		}
	}
	if _, has := got["files"]; has {
		t.Errorf("RenderEvent: files present, want absent")
	}
}
