package sello_test

import (
	"context"
	"testing"

	"github.com/sello-mx/sello"
)

// creationsOf counts what a team's requests created: clients, services and
// their events.
func creationsOf(t *testing.T, s sello.Store, team sello.TeamID) (clients, services, clientEvents, serviceEvents int) {
	t.Helper()
	ctx := context.Background()
	page := sello.ListOptions{Limit: 1}
	var err error
	if _, _, clients, err = s.FindClients(ctx, sello.ClientFilter{TeamID: team, ListOptions: page}); err != nil {
		t.Fatal(err)
	}
	if _, _, services, err = s.FindProducts(ctx, sello.ProductFilter{TeamID: team, ListOptions: page}); err != nil {
		t.Fatal(err)
	}
	if _, _, clientEvents, err = s.FindEvents(ctx, sello.EventFilter{TeamID: team, Type: "customer.created", ListOptions: page}); err != nil {
		t.Fatal(err)
	}
	if _, _, serviceEvents, err = s.FindEvents(ctx, sello.EventFilter{TeamID: team, Type: "service.created", ListOptions: page}); err != nil {
		t.Fatal(err)
	}
	return clients, services, clientEvents, serviceEvents
}

// newSKUItem is a line whose service is found by SKU and created when none
// has it.
func newSKUItem(sku string) sello.ItemRequest {
	it := item("100")
	it.Search = &sello.ItemSearch{OnKey: "sku", OnValue: sku, AutoCreate: true}
	return it
}

// TestRefusedStoresNothing (issue 13 §3): a request refused at any step —
// by the CFDI rules once its client and services are resolved, or by the
// provider after sealing — stores none of the client and services it
// would create, nor their events. Accepted, they are stored with the
// invoice (or payment, or receipt), in its transaction, with their events.
func TestRefusedStoresNothing(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, s sello.Store) {
		ctx := context.Background()
		f := newInvoiceFixtureOn(t, s, nil)
		refusing := sello.NewService(sello.Config{Store: s, Now: f.clk.now, TestStamper: refusingStamper{}})

		// Refused by the provider, after sealing: an inline client and a
		// service created by SKU.
		req := &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{newSKUItem("SKU-1"), newSKUItem("SKU-1")}}
		if _, err := refusing.CreateInvoice(ctx, f.team, false, req); sello.ErrorCode(err) != sello.StampRejected {
			t.Fatalf("CreateInvoice with a refusing provider = %v, want stamp_rejected", err)
		}
		// Refused by the rules: the global period of an invoice to a client
		// with an RFC; a client searched by RFC and created, with a bad line.
		bad := []*sello.InvoiceRequest{
			{Client: client(), Items: []sello.ItemRequest{newSKUItem("SKU-2")},
				Global: &sello.GlobalPeriod{Periodicity: "04", Months: "01", Year: "2026"}},
			{Client: sello.ClientRef{Search: &sello.ClientSearch{OnKey: "tax_id", OnValue: "URE180429TM6", AutoCreate: true},
				Inline: &sello.Client{LegalName: "UNIVERSIDAD ROBOTICA ESPAÑOLA", TaxSystem: "601", Address: sello.Address{Zip: "86991"}}},
				Items: []sello.ItemRequest{newSKUItem("SKU-3"), {Description: "x"}}},
			{Client: sello.ClientRef{Inline: &sello.Client{LegalName: "SIN DOMICILIO", TaxID: "URE180429TM6", TaxSystem: "601"}},
				Items: []sello.ItemRequest{newSKUItem("SKU-4")}},
		}
		for i, r := range bad {
			if _, err := f.svc.CreateInvoice(ctx, f.team, false, r); err == nil {
				t.Errorf("bad request %d was accepted", i)
			}
		}
		// A draft stamped and refused by the provider.
		d, err := f.svc.SaveDraft(ctx, f.team, false, "", req, []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := refusing.StampDraft(ctx, f.team, false, d.ID, req); sello.ErrorCode(err) != sello.StampRejected {
			t.Fatalf("StampDraft with a refusing provider = %v, want stamp_rejected", err)
		}
		// A payment and a receipt refused for a bad line, after their client.
		if _, err := f.svc.RegisterPayment(ctx, f.team, false, &sello.PaymentRequest{Client: client(),
			Items: []sello.ItemRequest{newSKUItem("SKU-5"), {Description: "x"}}}); err == nil {
			t.Error("a payment with a line without price was accepted")
		}
		if _, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Client: ptr(client()),
			Items: []sello.ItemRequest{newSKUItem("SKU-6"), {Description: "x"}}}); err == nil {
			t.Error("a receipt with a line without price was accepted")
		}
		if c, sv, ce, se := creationsOf(t, s, f.team.ID); c+sv+ce+se != 0 {
			t.Fatalf("after refused requests: %d clients, %d services, %d customer.created, %d service.created; want none", c, sv, ce, se)
		}

		// Accepted: stored with the invoice, once, two lines of one new SKU
		// making one service, each with its event.
		inv, err := f.svc.CreateInvoice(ctx, f.team, false, req)
		if err != nil {
			t.Fatal(err)
		}
		f.check(t, inv)
		if inv.Items[0].ServiceID == "" || inv.Items[1].ServiceID != inv.Items[0].ServiceID {
			t.Errorf("the lines' services = %q, %q; want one new service", inv.Items[0].ServiceID, inv.Items[1].ServiceID)
		}
		if c, sv, ce, se := creationsOf(t, s, f.team.ID); c != 1 || sv != 1 || ce != 1 || se != 1 {
			t.Errorf("after the invoice: %d clients, %d services, %d customer.created, %d service.created; want one each", c, sv, ce, se)
		}
		// The SKU as a service stores it (trimmed) finds that service.
		again, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: sello.ClientRef{ID: inv.ClientID},
			Items: []sello.ItemRequest{newSKUItem(" SKU-1 ")}})
		if err != nil {
			t.Fatal(err)
		}
		if again.Items[0].ServiceID != inv.Items[0].ServiceID {
			t.Errorf("a line by SKU \" SKU-1 \" names %q, want the service %q", again.Items[0].ServiceID, inv.Items[0].ServiceID)
		}
		// A payment and a receipt with their own new client and service.
		p, err := f.svc.RegisterPayment(ctx, f.team, false, &sello.PaymentRequest{Client: client(), Items: []sello.ItemRequest{newSKUItem("SKU-7")},
			AutomationType: sello.AutomationNone})
		if err != nil {
			t.Fatal(err)
		}
		if p.Client == nil || p.Client.ID == "" || p.ClientID != p.Client.ID {
			t.Errorf("payment client = %+v, %q; want the new client", p.Client, p.ClientID)
		}
		r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Client: ptr(client()), Items: []sello.ItemRequest{newSKUItem("SKU-8")}})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{p.ClientID, r.ClientID} {
			if _, err := s.FindClientByID(ctx, f.team.ID, false, id); err != nil {
				t.Errorf("client %q: %v", id, err)
			}
		}
		if c, sv, ce, se := creationsOf(t, s, f.team.ID); c != 3 || sv != 3 || ce != 3 || se != 3 {
			t.Errorf("after a payment and a receipt: %d clients, %d services, %d customer.created, %d service.created; want three each", c, sv, ce, se)
		}
	})
}

// TestConcurrentSearchCreatesOneClient: requests that find a client by tax
// id and create it when none has it, sent at once for one new customer,
// create one client; every invoice names it (issue 13 §3: the client is
// stored with the invoice, after the provider call, so the search is run
// again, one request at a time, in the invoice's transaction).
func TestConcurrentSearchCreatesOneClient(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, s sello.Store) {
		ctx := context.Background()
		f := newInvoiceFixtureOn(t, s, nil)
		req := func() *sello.InvoiceRequest {
			return &sello.InvoiceRequest{Items: []sello.ItemRequest{item("100")}, Client: sello.ClientRef{
				Search: &sello.ClientSearch{OnKey: "tax_id", OnValue: "URE180429TM6", AutoCreate: true},
				Inline: &sello.Client{LegalName: "UNIVERSIDAD ROBOTICA ESPAÑOLA", TaxSystem: "601", Address: sello.Address{Zip: "86991"}}}}
		}
		const n = 8
		invs := make([]*sello.Invoice, n)
		errs := make(chan error, n)
		for i := range n {
			go func() {
				var err error
				invs[i], err = f.svc.CreateInvoice(ctx, f.team, false, req())
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		clients, _, total, err := s.FindClients(ctx, sello.ClientFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
		if err != nil || total != 1 {
			t.Fatalf("clients = %d, %v; want one", total, err)
		}
		for _, inv := range invs {
			f.check(t, inv)
			if inv.ClientID != clients[0].ID || inv.Client.ID != clients[0].ID {
				t.Errorf("invoice %s names client %q (%q), want %q", inv.ID, inv.ClientID, inv.Client.ID, clients[0].ID)
			}
		}
		if _, _, events, err := s.FindEvents(ctx, sello.EventFilter{TeamID: f.team.ID, Type: "customer.created",
			ListOptions: sello.ListOptions{Limit: 1}}); err != nil || events != 1 {
			t.Errorf("customer.created = %d, %v; want 1", events, err)
		}
	})
}
