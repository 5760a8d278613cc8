package httpapi

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/sello-mx/sello"
)

// TestEventDataIsTheAPIView checks that customer and service events carry
// the object as the API shows it, rendered in the transaction of the change.
func TestEventDataIsTheAPIView(t *testing.T) {
	t.Parallel()
	var store sello.Store
	e := setupStore(t, func(s sello.Store) sello.Store { store = s; return s })
	svc := sello.NewService(sello.Config{Store: store, Now: e.svc.Now, EventRenderer: RenderEvent})
	ctx := context.Background()
	c := &sello.Client{Name: "Ana", Email: "ana@example.com"}
	if err := svc.CreateClient(ctx, e.parent.ID, true, c); err != nil {
		t.Fatal(err)
	}
	p := &sello.Product{Description: "Hosting", Active: true}
	if err := svc.CreateProduct(ctx, e.parent.ID, true, p); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteProduct(ctx, e.parent.ID, true, p.ID); err != nil {
		t.Fatal(err)
	}
	evs, _, _, err := svc.FindEvents(ctx, sello.EventFilter{TeamID: e.parent.ID, Livemode: true})
	if err != nil || len(evs) != 3 {
		t.Fatalf("FindEvents = %d events, %v; want 3", len(evs), err)
	}
	for i, want := range []struct{ typ, id, field, value string }{
		{"customer.created", c.ID, "email", "ana@example.com"},
		{"service.created", p.ID, "unit_name", "Unidad de servicio"},
		{"service.deleted", p.ID, "description", "Hosting"},
	} {
		var data map[string]any
		if err := json.Unmarshal(evs[i].Data, &data); err != nil {
			t.Fatal(err)
		}
		if evs[i].Type != want.typ || evs[i].ObjectID != want.id || data["id"] != want.id || data[want.field] != want.value || data["livemode"] != true {
			t.Errorf("event %d = %s %s %v; want %s of %s with %s=%s", i, evs[i].Type, evs[i].ObjectID, data, want.typ, want.id, want.field, want.value)
		}
	}
}
