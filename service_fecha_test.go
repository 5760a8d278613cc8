package sello_test

import (
	"context"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
)

// TestFechaLocalTime: Fecha is the local time of LugarExpedicion (issue 13
// §1): Tijuana's is two hours behind Mexico City's in November and one in
// July (the United States' daylight saving), Cancún's one ahead, Ciudad
// Juárez's one behind; the sandbox PAC reads Fecha in the same zone (a
// Cancún invoice is not "after the stamping time"), and every document
// passes the SAT oracle. An imported c_CodigoPostal row names the zone
// over the built-in ranges.
func TestFechaLocalTime(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	issueAt := func(zip string) string {
		t.Helper()
		team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: zip}
		if _, err := f.svc.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		inv, err := f.svc.CreateInvoice(ctx, team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}})
		if err != nil {
			t.Fatalf("invoice at %s: %v", zip, err)
		}
		f.check(t, inv)
		doc, err := cfdi.Parse(inv.XML)
		if err != nil {
			t.Fatal(err)
		}
		return doc.Comprobante.Fecha
	}
	// 2026-11-20 18:04:05 UTC.
	for zip, want := range map[string]string{
		"42501": "2026-11-20T12:04:05", // Pachuca: Centro
		"22000": "2026-11-20T10:04:05", // Tijuana: Noroeste, standard time
		"77500": "2026-11-20T13:04:05", // Cancún: Sureste
		"32000": "2026-11-20T11:04:05", // Ciudad Juárez: UTC-7 in winter
		"83000": "2026-11-20T11:04:05", // Hermosillo: Pacífico
		"63732": "2026-11-20T12:04:05", // Bahía de Banderas: Centro
	} {
		if got := issueAt(zip); got != want {
			t.Errorf("Fecha at %s = %s, want %s", zip, got, want)
		}
	}
	f.clk.add(-time.Date(2026, 11, 20, 18, 4, 5, 0, time.UTC).Sub(time.Date(2026, 7, 1, 18, 0, 0, 0, time.UTC)))
	for zip, want := range map[string]string{
		"42501": "2026-07-01T12:00:00", // no daylight saving since 2022
		"22000": "2026-07-01T11:00:00", // Tijuana keeps the United States'
		"32000": "2026-07-01T12:00:00",
	} {
		if got := issueAt(zip); got != want {
			t.Errorf("Fecha at %s in July = %s, want %s", zip, got, want)
		}
	}
	// The imported catalog's zone wins: a row that puts 63732 on Pacífico
	// time.
	rows := []sello.CatalogEntry{
		{Code: "42501", Description: "42501", Extra: map[string]string{"huso_descripcion": "Tiempo del Centro"}},
		{Code: "86991", Description: "86991", Extra: map[string]string{"huso_descripcion": "Tiempo del Centro"}},
		{Code: "63732", Description: "63732", Extra: map[string]string{"huso_descripcion": "Tiempo del Pacífico"}},
	}
	if err := f.svc.ImportCatalog(ctx, "c_CodigoPostal", rows); err != nil {
		t.Fatal(err)
	}
	if got, want := issueAt("63732"), "2026-07-01T11:00:00"; got != want {
		t.Errorf("Fecha at 63732 on the catalog's Pacífico time = %s, want %s", got, want)
	}
}
