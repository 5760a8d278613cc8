package storetest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// dec parses an exact decimal of a fixture.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sealedXML is a document with bytes a re-serialisation would change: a
// BOM, CRLF line ends, single quotes, an entity and trailing blanks.
var sealedXML = []byte("\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\r\n<cfdi:Comprobante Total='1160.00' Nombre='PE&#209;A'>  \r\n</cfdi:Comprobante>\r\n\t ")

// newInvoice returns an invoice with every field set; status draft leaves
// out the UUID, the XML and the stamp.
func newInvoice(id string, team sello.TeamID, live bool, status sello.InvoiceStatus, series string, folio int64, at time.Time) *sello.Invoice {
	mx := time.FixedZone("CST", -6*3600)
	inv := &sello.Invoice{
		ID: id, TeamID: team, Livemode: live, Type: "I", Status: status,
		Client: sello.InvoiceClient{ID: "client_1", Name: "Peña", LegalName: "JOSÉ PEÑA NÚÑEZ", TaxID: "PENJ800101AB1",
			TaxSystem: "612", Use: "G03", Email: "jose@example.com", Zip: "06600"},
		ClientID: "client_1", Series: series, Folio: folio,
		Currency: "USD", ExchangeRate: dec("17.123456"), PaymentMethod: "PPD", PaymentForm: "99", Use: "G03", Exports: "01",
		Items: []sello.InvoiceItem{{
			ServiceID: "service_1", Description: "Consultoría", Quantity: dec("1.5"), UnitPrice: dec("1000.123456"),
			Discount: dec("0.01"), ProductKey: "80101500", UnitKey: "E48", UnitName: "Servicio", SKU: "C-1", Taxability: "02",
			Taxes:      []sello.ItemTax{{Tax: sello.Tax{Type: "IVA", Rate: dec("0.160000"), Factor: "Tasa"}, Base: dec("1500.175184"), Amount: dec("240.028029")}},
			ThirdParty: &sello.ThirdParty{LegalName: "TERCERO", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "01000"},
			Subtotal:   dec("1500.185184"), Total: dec("1740.203213"),
		}},
		Subtotal: dec("1500.19"), Discount: dec("0.01"), Taxes: dec("240.03"), Withheld: dec("0"), Total: dec("1740.21"),
		LastBalance: dec("1740.21"), PaymentComplements: 0,
		Related:     []sello.RelatedDocuments{{Relationship: "04", Documents: []string{"0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"}}},
		Global:      &sello.GlobalPeriod{Periodicity: "01", Months: "03", Year: "2026"},
		Complements: []map[string]any{{"type": "leyendas", "data": map[string]any{"amount": json.Number("0.10")}}},
		Addenda:     "<addenda><x a='1'/></addenda>", PDFNotes: "Gracias", AutomationType: "none",
		SendEmail: true, Emails: []string{"a@example.com", "b@example.com"},
		Metadata:       map[string]any{"crm": "x1", "n": json.Number("2.50")},
		IdempotencyKey: "idem-" + id, From: "api",
		StampAttempts: 2, StampError: "pac timeout", NextStampAt: at.Add(time.Minute),
		CreatedAt: at, UpdatedAt: at.Add(time.Second),
	}
	if status == sello.InvoiceDraft {
		inv.Draft, inv.PreviewPDF = []byte(`{"items":[{"unit_price":1000.123456}]}`), []byte("%PDF-1.7\n\x00\xff")
		inv.NextStampAt, inv.StampAttempts, inv.StampError = time.Time{}, 0, ""
		return inv
	}
	inv.XML = sealedXML
	if status != sello.InvoicePending {
		inv.UUID = uuidOf(id)
		inv.NextStampAt, inv.StampAttempts, inv.StampError = time.Time{}, 0, ""
		inv.Stamp = &sello.InvoiceStamp{StampedAt: time.Date(2026, 3, 1, 6, 0, 1, 0, mx), Sello: "abc==",
			SelloSAT: "def==", NoCertificadoSAT: "30001000000500003456", RfcProvCertif: "SPR190613I52"}
	}
	return inv
}

// uuidOf makes an upper-case folio fiscal from an id.
func uuidOf(id string) string {
	h := strings.ToUpper(fmt.Sprintf("%x", sha256.Sum256([]byte(id))))
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

func mustCreateInvoice(t *testing.T, s sello.Store, inv *sello.Invoice) {
	t.Helper()
	if err := s.CreateInvoice(t.Context(), inv, nil); err != nil {
		t.Fatalf("CreateInvoice(%s) = %v", inv.ID, err)
	}
}

func testInvoiceRoundTrip(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_inv")
	mustCreateTeam(t, s, newTeam(team, "", "FACTURAS", t0))
	for _, inv := range []*sello.Invoice{
		newInvoice("invoice_valid", team, false, sello.InvoiceValid, "A", 1, t0),
		newInvoice("invoice_pending", team, true, sello.InvoicePending, "A", 1, t0),
		newInvoice("invoice_draft", team, false, sello.InvoiceDraft, "", 0, t0),
	} {
		ev := newEvent("evt_"+inv.ID, team, inv.Livemode, "invoice.created", t0)
		if err := s.CreateInvoice(ctx, inv, nil, ev); err != nil {
			t.Fatalf("CreateInvoice(%s) = %v", inv.ID, err)
		}
		got, err := s.FindInvoice(ctx, team, inv.Livemode, inv.ID)
		if err != nil {
			t.Fatalf("FindInvoice(%s) = %v", inv.ID, err)
		}
		if diff := cmp.Diff(inv, got, cmpDecimal); diff != "" {
			t.Errorf("FindInvoice(%s) (-want +got):\n%s", inv.ID, diff)
		}
		if string(got.XML) != string(inv.XML) {
			t.Errorf("FindInvoice(%s).XML = %q, want the stored bytes %q", inv.ID, got.XML, inv.XML)
		}
		if _, err := s.FindEventByID(ctx, team, inv.Livemode, ev.ID); err != nil {
			t.Errorf("the event of CreateInvoice(%s) was not stored: %v", inv.ID, err)
		}
	}
	// Decimals keep every digit; a scale change is not a value change.
	got, _ := s.FindInvoice(ctx, team, false, "invoice_valid")
	if q := got.Items[0].UnitPrice.String(); q != "1000.123456" {
		t.Errorf("stored unit price = %s, want 1000.123456", q)
	}
	if r := got.ExchangeRate.String(); r != "17.123456" {
		t.Errorf("stored exchange rate = %s, want 17.123456", r)
	}
	// By UUID in any letter case.
	for _, key := range []string{uuidOf("invoice_valid"), strings.ToLower(uuidOf("invoice_valid"))} {
		if got, err := s.FindInvoice(ctx, team, false, key); err != nil || got.ID != "invoice_valid" {
			t.Errorf("FindInvoice(%s) = %v, %v; want invoice_valid", key, got, err)
		}
	}
}

func testInvoiceErrors(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team, other := sello.TeamID("team_ie"), sello.TeamID("team_ie2")
	mustCreateTeam(t, s, newTeam(team, "", "ERRORES", t0))
	mustCreateTeam(t, s, newTeam(other, "", "OTRO", t0))
	mustCreateInvoice(t, s, newInvoice("invoice_1", team, false, sello.InvoiceValid, "A", 7, t0))
	mustCreateInvoice(t, s, newInvoice("invoice_d1", team, false, sello.InvoiceDraft, "A", 0, t0))

	dupUUID := newInvoice("invoice_2", team, false, sello.InvoiceValid, "A", 8, t0)
	dupUUID.UUID = uuidOf("invoice_1")
	ev := newEvent("evt_dup", team, false, "invoice.created", t0)
	for _, c := range []struct {
		name string
		inv  *sello.Invoice
		want sello.Code
	}{
		{"duplicate id", newInvoice("invoice_1", team, false, sello.InvoiceValid, "B", 1, t0), sello.AlreadyExists},
		{"duplicate uuid", dupUUID, sello.AlreadyExists},
		{"duplicate series and folio", newInvoice("invoice_3", team, false, sello.InvoicePending, "A", 7, t0), sello.AlreadyExists},
		{"unknown team", newInvoice("invoice_4", "team_none", false, sello.InvoiceValid, "A", 1, t0), sello.NotFound},
	} {
		wantCode(t, "CreateInvoice("+c.name+")", s.CreateInvoice(ctx, c.inv, nil, ev), c.want)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_dup"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("a failed CreateInvoice stored its event: %v", err)
	}
	// The same series and folio in the other mode, in another team, or on
	// a second draft is no duplicate.
	for _, inv := range []*sello.Invoice{
		newInvoice("invoice_live", team, true, sello.InvoiceValid, "A", 7, t0),
		newInvoice("invoice_other", other, false, sello.InvoiceValid, "A", 7, t0),
		newInvoice("invoice_d2", team, false, sello.InvoiceDraft, "A", 0, t0),
	} {
		mustCreateInvoice(t, s, inv)
	}

	// Team and mode isolation.
	for _, k := range []struct {
		team sello.TeamID
		live bool
		key  string
	}{{team, true, "invoice_1"}, {other, false, "invoice_1"}, {other, false, uuidOf("invoice_1")}, {team, false, ""}} {
		if _, err := s.FindInvoice(ctx, k.team, k.live, k.key); sello.ErrorCode(err) != sello.NotFound {
			t.Errorf("FindInvoice(%s, live %v, %q) = %v, want NotFound", k.team, k.live, k.key, err)
		}
	}

	// UpdateInvoice: NotFound for an unknown or foreign invoice, Conflict
	// when the status moved on, and nothing written either way.
	ghost := newInvoice("invoice_ghost", team, false, sello.InvoiceValid, "A", 99, t0)
	wantCode(t, "UpdateInvoice(unknown)", s.UpdateInvoice(ctx, ghost, sello.InvoiceValid, newEvent("evt_u0", team, false, "x", t0)), sello.NotFound)
	foreign := newInvoice("invoice_1", other, false, sello.InvoiceValid, "A", 7, t0)
	wantCode(t, "UpdateInvoice(other team)", s.UpdateInvoice(ctx, foreign, sello.InvoiceValid), sello.NotFound)
	stale := newInvoice("invoice_1", team, false, sello.InvoiceCanceled, "A", 7, t0)
	wantCode(t, "UpdateInvoice(status changed)", s.UpdateInvoice(ctx, stale, sello.InvoicePending, newEvent("evt_u1", team, false, "x", t0)), sello.Conflict)
	for _, id := range []string{"evt_u0", "evt_u1"} {
		if _, err := s.FindEventByID(ctx, team, false, id); sello.ErrorCode(err) != sello.NotFound {
			t.Errorf("a failed UpdateInvoice stored its event %s: %v", id, err)
		}
	}
	if got, _ := s.FindInvoice(ctx, team, false, "invoice_1"); got.Status != sello.InvoiceValid {
		t.Errorf("after a Conflict the status is %s, want valid", got.Status)
	}
	taken := newInvoice("invoice_d1", team, false, sello.InvoicePending, "A", 7, t0)
	wantCode(t, "UpdateInvoice(draft to a taken folio)", s.UpdateInvoice(ctx, taken, sello.InvoiceDraft), sello.AlreadyExists)

	// DeleteDraft removes drafts only.
	wantCode(t, "DeleteDraft(valid)", s.DeleteDraft(ctx, team, false, "invoice_1"), sello.NotFound)
	wantCode(t, "DeleteDraft(other mode)", s.DeleteDraft(ctx, team, true, "invoice_d1"), sello.NotFound)
	if err := s.DeleteDraft(ctx, team, false, "invoice_d1", newEvent("evt_del", team, false, "invoice.deleted", t0)); err != nil {
		t.Fatalf("DeleteDraft = %v", err)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_del"); err != nil {
		t.Errorf("the event of DeleteDraft was not stored: %v", err)
	}
	if _, err := s.FindInvoice(ctx, team, false, "invoice_d1"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindInvoice after DeleteDraft = %v, want NotFound", err)
	}
	wantCode(t, "DeleteDraft(twice)", s.DeleteDraft(ctx, team, false, "invoice_d1"), sello.NotFound)
}

func testUpdateInvoice(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_iu")
	mustCreateTeam(t, s, newTeam(team, "", "CAMBIOS", t0))
	draft := newInvoice("invoice_u", team, false, sello.InvoiceDraft, "", 0, t0)
	mustCreateInvoice(t, s, draft)

	// The draft is stamped: every field changes but id, team, mode and
	// creation time.
	stamped := newInvoice("invoice_u", team, false, sello.InvoiceValid, "F", 3, t0)
	stamped.Type, stamped.ClientID, stamped.PaymentID, stamped.ReceiptID = "E", "", "payment_1", "receipt_1"
	stamped.Client.LegalName, stamped.Metadata, stamped.Items = "OTRA", nil, nil
	stamped.CreatedAt, stamped.UpdatedAt = t0.Add(time.Hour), t0.Add(2*time.Hour)
	if err := s.UpdateInvoice(ctx, stamped, sello.InvoiceDraft, newEvent("evt_st", team, false, "invoice.stamped", t0)); err != nil {
		t.Fatalf("UpdateInvoice(draft→valid) = %v", err)
	}
	want := *stamped
	want.CreatedAt = t0
	got, err := s.FindInvoice(ctx, team, false, "invoice_u")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got, cmpDecimal); diff != "" {
		t.Errorf("after UpdateInvoice (-want +got):\n%s", diff)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_st"); err != nil {
		t.Errorf("the event of UpdateInvoice was not stored: %v", err)
	}

	// Cancelled: the acuse is kept byte for byte, the canceled time in UTC.
	canceled := *got
	canceled.Status, canceled.CancellationStatus = sello.InvoiceCanceled, sello.CancellationAccepted
	canceled.CancellationMotive, canceled.SubstitutionUUID = "01", uuidOf("invoice_sub")
	canceled.CancellationReceipt = []byte("<Acuse>\r\n\x00</Acuse>")
	canceled.CanceledAt = t0.Add(3 * time.Hour)
	if err := s.UpdateInvoice(ctx, &canceled, sello.InvoiceValid); err != nil {
		t.Fatalf("UpdateInvoice(valid→canceled) = %v", err)
	}
	got, _ = s.FindInvoice(ctx, team, false, "invoice_u")
	if diff := cmp.Diff(&canceled, got, cmpDecimal); diff != "" {
		t.Errorf("after cancellation (-want +got):\n%s", diff)
	}
}

// testCreateInvoiceTouched stores a payment complement together with the
// new balance of the invoice it pays, or neither.
func testCreateInvoiceTouched(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_it")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	ppd := newInvoice("invoice_ppd", team, false, sello.InvoiceValid, "A", 1, t0)
	mustCreateInvoice(t, s, ppd)

	rep := newPayment("invoice_rep", team, "P", 1, t0.Add(time.Minute), ppd.UUID)
	ppd.LastBalance, ppd.PaymentComplements, ppd.UpdatedAt = dec("740.21"), 1, t0.Add(time.Minute)
	ghost := newInvoice("invoice_ghost", team, false, sello.InvoiceValid, "A", 9, t0)
	wantCode(t, "CreateInvoice(touching an unknown invoice)", s.CreateInvoice(ctx, rep, &sello.InvoiceWrites{Touched: []*sello.Invoice{ppd, ghost}}), sello.NotFound)
	if _, err := s.FindInvoice(ctx, team, false, "invoice_rep"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("a failed CreateInvoice stored the invoice: %v", err)
	}
	if got, _ := s.FindInvoice(ctx, team, false, "invoice_ppd"); !got.LastBalance.Equal(dec("1740.21")) {
		t.Errorf("a failed CreateInvoice wrote a touched invoice: balance %s", got.LastBalance)
	}
	if err := s.CreateInvoice(ctx, rep, &sello.InvoiceWrites{Touched: []*sello.Invoice{ppd}}, newEvent("evt_rep", team, false, "invoice.created", t0)); err != nil {
		t.Fatalf("CreateInvoice(complement) = %v", err)
	}
	got, _ := s.FindInvoice(ctx, team, false, "invoice_ppd")
	if diff := cmp.Diff(ppd, got, cmpDecimal); diff != "" {
		t.Errorf("touched invoice (-want +got):\n%s", diff)
	}
	gotRep, _ := s.FindInvoice(ctx, team, false, "invoice_rep")
	if diff := cmp.Diff(rep, gotRep, cmpDecimal); diff != "" {
		t.Errorf("complement (-want +got):\n%s", diff)
	}
}

// newPayment returns a valid payment complement (type P) paying uuids.
func newPayment(id string, team sello.TeamID, series string, folio int64, at time.Time, uuids ...string) *sello.Invoice {
	inv := newInvoice(id, team, false, sello.InvoiceValid, series, folio, at)
	inv.Type, inv.PaymentMethod, inv.PaymentForm, inv.Items = "P", "", "", []sello.InvoiceItem{}
	pd := &sello.PaymentDetails{Date: at.Add(-time.Hour), PaymentForm: "03", Currency: "MXN",
		ExchangeRate: dec("1"), Amount: dec("1000.00")}
	for i, u := range uuids {
		pd.Documents = append(pd.Documents, sello.PaidInvoiceLine{UUID: u, InvoiceID: "invoice_x", Series: "A",
			Folio: int64(i + 1), Installment: 1, PreviousBalance: dec("1740.21"), AmountPaid: dec("1000.00"),
			RemainingBalance: dec("740.21")})
	}
	inv.PaymentDetails = pd
	return inv
}
