package storetest

import (
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// testCreations: the clients and services a request creates are stored
// with its object, or not at all. A service whose SKU another took
// meanwhile refuses a payment (AlreadyExists, nothing stored) but not an
// invoice, which is already stamped: its lines then name the service that
// holds the SKU, and the service it would have created has no event.
func testCreations(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_cr")
	mustCreateTeam(t, s, newTeam(team, "", "CREACIONES", t0))
	holder := newProduct("service_holder", team, false, "Existente", "10", "SKU-X", t0)
	if err := s.CreateProduct(ctx, holder); err != nil {
		t.Fatal(err)
	}
	newClientOf := func(id string) *sello.Client { return newClient(id, team, false, "Nuevo "+id, t0) }

	// A payment whose new service's SKU is taken stores nothing.
	p := newPaymentRecord("payment_cr", team, false, sello.PaymentSucceeded, t0)
	taken := newProduct("service_taken", team, false, "Nuevo", "10", "SKU-X", t0)
	with := &sello.PaymentWrites{Creations: sello.Creations{Clients: []*sello.Client{newClientOf("client_cr1")},
		Products: []*sello.Product{taken}}}
	wantCode(t, "CreatePayment(a new service's SKU taken)", s.CreatePayment(ctx, p, with,
		newEvent("evt_cr1", team, false, "customer.created", t0)), sello.AlreadyExists)
	if _, err := s.FindClientByID(ctx, team, false, "client_cr1"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("client of the refused payment: %v, want not found", err)
	}
	if _, err := s.FindPaymentByID(ctx, team, false, "payment_cr"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("refused payment: %v, want not found", err)
	}

	// An invoice stores its client and new service, and keeps the lines of
	// a service whose SKU was taken, naming the holder.
	inv := newInvoice("invoice_cr", team, false, sello.InvoiceValid, "A", 1, t0.Add(time.Minute))
	fresh := newProduct("service_fresh", team, false, "Otro", "5", "SKU-Y", t0)
	inv.Items = append(inv.Items, inv.Items[0])
	inv.Items[0].ServiceID, inv.Items[1].ServiceID = "service_taken", "service_fresh"
	inv.ClientID, inv.Client.ID = "client_cr2", "client_cr2"
	events := []*sello.Event{newEvent("evt_cr2", team, false, "customer.created", t0), newEvent("evt_cr3", team, false, "service.created", t0),
		newEvent("evt_cr4", team, false, "service.created", t0), newEvent("evt_cr5", team, false, "invoice.created", t0)}
	events[0].ObjectID, events[1].ObjectID, events[2].ObjectID, events[3].ObjectID = "client_cr2", "service_taken", "service_fresh", inv.ID
	err := s.CreateInvoice(ctx, inv, &sello.InvoiceWrites{Creations: sello.Creations{Clients: []*sello.Client{newClientOf("client_cr2")},
		Products: []*sello.Product{taken, fresh}}}, events...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindInvoice(ctx, team, false, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Items[0].ServiceID != holder.ID || got.Items[1].ServiceID != fresh.ID {
		t.Errorf("stored lines name %q and %q, want %q and %q", got.Items[0].ServiceID, got.Items[1].ServiceID, holder.ID, fresh.ID)
	}
	for id, want := range map[string]sello.Code{"service_fresh": "", "service_taken": sello.NotFound} {
		if _, err := s.FindProductByID(ctx, team, false, id); sello.ErrorCode(err) != want {
			t.Errorf("FindProductByID(%s) = %v, want %q", id, err, want)
		}
	}
	if _, err := s.FindClientByID(ctx, team, false, "client_cr2"); err != nil {
		t.Errorf("the invoice's new client: %v", err)
	}
	evs, _, _, err := s.FindEvents(ctx, sello.EventFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range evs {
		ids[e.ID] = true
	}
	if len(evs) != 3 || ids["evt_cr3"] || ids["evt_cr1"] {
		t.Errorf("events = %v, want evt_cr2, evt_cr4 and evt_cr5 (none for the service not stored)", ids)
	}

	// A client a search would create, found by the search run again in the
	// transaction (another request created it meanwhile), is adopted: the
	// invoice, payment and receipt name it, and no second client is stored.
	searched := func(id string) sello.Creations {
		c := newClientOf(id)
		c.TaxID = "PENJ800101AB1"
		return sello.Creations{Clients: []*sello.Client{c},
			Searched: map[string]sello.ClientFilter{id: {TeamID: team, TaxID: "penj800101ab1"}}}
	}
	held := newClientOf("client_held")
	held.TaxID = "PENJ800101AB1"
	mustCreateClient(t, s, held)
	inv2 := newInvoice("invoice_cr2", team, false, sello.InvoiceValid, "A", 2, t0.Add(time.Minute))
	inv2.ClientID, inv2.Client.ID = "client_s1", "client_s1"
	ev := newEvent("evt_s1", team, false, "customer.created", t0)
	ev.ObjectID = "client_s1"
	if err := s.CreateInvoice(ctx, inv2, &sello.InvoiceWrites{Creations: searched("client_s1")}, ev); err != nil {
		t.Fatal(err)
	}
	p2 := newPaymentRecord("payment_cr2", team, false, sello.PaymentSucceeded, t0)
	p2.ClientID, p2.Client = "client_s2", newClientOf("client_s2")
	if err := s.CreatePayment(ctx, p2, &sello.PaymentWrites{Creations: searched("client_s2")}); err != nil {
		t.Fatal(err)
	}
	r := newReceipt("receipt_cr", team, t0)
	r.ClientID, r.Client = "client_s3", newClientOf("client_s3")
	cr := searched("client_s3")
	if err := s.CreateReceipt(ctx, r, &cr); err != nil {
		t.Fatal(err)
	}
	gotInv, err := s.FindInvoice(ctx, team, false, "invoice_cr2")
	if err != nil {
		t.Fatal(err)
	}
	gotPay, err := s.FindPaymentByID(ctx, team, false, "payment_cr2")
	if err != nil {
		t.Fatal(err)
	}
	gotRec, err := s.FindReceiptByID(ctx, team, false, "receipt_cr")
	if err != nil {
		t.Fatal(err)
	}
	if gotInv.ClientID != held.ID || gotInv.Client.ID != held.ID || gotPay.ClientID != held.ID || gotRec.ClientID != held.ID {
		t.Errorf("clients named: invoice %q (%q), payment %q, receipt %q; want the one found, %q",
			gotInv.ClientID, gotInv.Client.ID, gotPay.ClientID, gotRec.ClientID, held.ID)
	}
	for _, id := range []string{"client_s1", "client_s2", "client_s3"} {
		if _, err := s.FindClientByID(ctx, team, false, id); sello.ErrorCode(err) != sello.NotFound {
			t.Errorf("client %s, adopted instead: %v, want not found", id, err)
		}
	}
	if _, _, n, err := s.FindEvents(ctx, sello.EventFilter{TeamID: team, Type: "customer.created", ListOptions: sello.ListOptions{Limit: 1}}); err != nil || n != 1 {
		t.Errorf("customer.created events = %d, %v; want evt_cr2 alone", n, err)
	}
}
