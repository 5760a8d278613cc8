package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func newProduct(id string, team sello.TeamID, livemode bool, desc, price, sku string, at time.Time) *sello.Product {
	return &sello.Product{
		ID: id, TeamID: team, Livemode: livemode, Description: desc, Name: desc,
		UnitPrice: decimal.RequireFromString(price), ProductKey: "84111506", UnitKey: "E48",
		UnitName: "Unidad de servicio", SKU: sku,
		Taxes:      []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16"), Factor: "Tasa"}},
		Taxability: "02", Quantity: decimal.NewFromInt(1), Category: "software", Currency: "MXN",
		Active: true, Metadata: map[string]any{"k": "v"}, From: "api", CreatedAt: at, UpdatedAt: at,
	}
}

func testProducts(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_p")
	mustCreateTeam(t, s, newTeam(team, "", "SERVICIOS", t0))
	p := newProduct("service_1", team, false, "Consultoría", "1234.567891", "SKU-1", t0)
	if err := s.CreateProduct(ctx, p, newEvent("evt_p1", team, false, "service.created", t0)); err != nil {
		t.Fatalf("CreateProduct: %v", err)
	}
	got, err := s.FindProductByID(ctx, team, false, "service_1")
	if err != nil {
		t.Fatalf("FindProductByID: %v", err)
	}
	if diff := cmp.Diff(p, got, cmpDecimal); diff != "" {
		t.Errorf("FindProductByID (-want +got):\n%s", diff)
	}
	if got.UnitPrice.String() != "1234.567891" {
		t.Errorf("unit price = %s, want the exact 1234.567891", got.UnitPrice)
	}
	if _, err := s.FindProductByID(ctx, team, true, "service_1"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindProductByID(live) = %v, want NotFound", err)
	}
	dup := newProduct("service_2", team, false, "Otro", "1", "SKU-1", t0)
	wantCode(t, "CreateProduct(duplicate sku)", s.CreateProduct(ctx, dup, newEvent("evt_p2", team, false, "x", t0)), sello.AlreadyExists)
	if _, err := s.FindEventByID(ctx, team, false, "evt_p2"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("a failed CreateProduct stored its event: %v", err)
	}
	dup.Livemode = true
	if err := s.CreateProduct(ctx, dup); err != nil {
		t.Errorf("CreateProduct(same sku, other mode) = %v", err)
	}
	noSKU := newProduct("service_3", team, false, "Sin SKU", "1", "", t0)
	noSKU2 := newProduct("service_4", team, false, "Sin SKU 2", "1", "", t0)
	if err := s.CreateProduct(ctx, noSKU); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateProduct(ctx, noSKU2); err != nil {
		t.Errorf("two services without SKU: %v", err)
	}
	noSKU.SKU = "SKU-1"
	wantCode(t, "UpdateProduct(taken sku)", s.UpdateProduct(ctx, noSKU), sello.AlreadyExists)
	p.Description, p.UnitPrice, p.UpdatedAt = "Consultoría fiscal", decimal.RequireFromString("10"), t0.Add(time.Hour)
	if err := s.UpdateProduct(ctx, p); err != nil {
		t.Fatalf("UpdateProduct: %v", err)
	}
	got, _ = s.FindProductByID(ctx, team, false, "service_1")
	if diff := cmp.Diff(p, got, cmpDecimal); diff != "" {
		t.Errorf("after UpdateProduct (-want +got):\n%s", diff)
	}
	if err := s.DeleteProduct(ctx, team, false, "service_1", t0.Add(time.Hour)); err != nil {
		t.Fatalf("DeleteProduct: %v", err)
	}
	wantCode(t, "DeleteProduct(twice)", s.DeleteProduct(ctx, team, false, "service_1", t0), sello.NotFound)
	reuse := newProduct("service_5", team, false, "Reuso", "1", "SKU-1", t0)
	if err := s.CreateProduct(ctx, reuse); err != nil {
		t.Errorf("CreateProduct(sku of a deleted service) = %v", err)
	}
}

func testFindProducts(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_fp")
	mustCreateTeam(t, s, newTeam(team, "", "CATALOGO", t0))
	prices := []string{"0.5", "10", "99.999999", "100", "250.25"}
	for i, pr := range prices {
		p := newProduct(fmt.Sprintf("service_%d", i), team, false, fmt.Sprintf("Servicio %c", 'A'+i), pr, fmt.Sprintf("S%d", i), t0.Add(time.Duration(i)*time.Second))
		p.Active = i != 2
		if i == 3 {
			p.Category, p.ProductKey, p.Name = "hardware", "43232408", "Licencia Única"
		}
		if err := s.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	d := func(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }
	tests := []struct {
		name string
		f    sello.ProductFilter
		want []string
	}{
		{"all", sello.ProductFilter{}, []string{"service_0", "service_1", "service_2", "service_3", "service_4"}},
		{"name", sello.ProductFilter{Name: "licencia unica"}, []string{"service_3"}},
		{"category", sello.ProductFilter{Category: "hardware"}, []string{"service_3"}},
		{"active", sello.ProductFilter{Active: &yes}, []string{"service_0", "service_1", "service_3", "service_4"}},
		{"price range", sello.ProductFilter{MinPrice: d("10"), MaxPrice: d("100")}, []string{"service_1", "service_2", "service_3"}},
		{"price exact decimals", sello.ProductFilter{MinPrice: d("99.999999"), MaxPrice: d("99.999999")}, []string{"service_2"}},
		{"sku", sello.ProductFilter{SKU: "S4"}, []string{"service_4"}},
		{"product key", sello.ProductFilter{ProductKey: "43232408"}, []string{"service_3"}},
		{"by name desc", sello.ProductFilter{ListOptions: sello.ListOptions{OrderBy: "name", Desc: true, Limit: 2}}, []string{"service_4", "service_3"}},
	}
	for _, tt := range tests {
		tt.f.TeamID = team
		got, _, _, err := s.FindProducts(ctx, tt.f)
		if err != nil {
			t.Errorf("FindProducts(%s) = %v", tt.name, err)
			continue
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if diff := cmp.Diff(tt.want, ids, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("FindProducts(%s) (-want +got):\n%s", tt.name, diff)
		}
	}
}
