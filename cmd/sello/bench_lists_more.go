package main

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// The lists of the resources that grow beside invoices: an event for each
// invoice, a webhook delivery for each event, clients. They are stored
// through the store in bulk, as the invoices are.

// benchEventTypes are the event types stored, one after another; the last
// is one event in a hundred.
var benchEventTypes = []string{"invoice.created", "invoice.updated", "payment.succeeded", "customer.created"}

// benchOthers is what the cases of the other lists need to know.
type benchOthers struct {
	webhook   string // the webhook whose deliveries are listed
	client    string // the legal name of one client
	payer     string // the e-mail of the client of one payment in a thousand
	payerName string // that client's legal name
	order     string // the order_id of one payment
	month     string // the query of one month's creation times, ten months in
}

// seedBenchOthers stores rows events, a delivery of each to one webhook (a
// tenth failed) and clients clients of team b.team in test mode.
func seedBenchOthers(ctx context.Context, b *benchEnv, first time.Time, span time.Duration, rows, clients int) (*benchOthers, error) {
	team := b.team.ID
	step := span / time.Duration(rows)
	const batch = 5000
	var events []*sello.Event
	for i := range rows {
		typ := benchEventTypes[i%len(benchEventTypes)]
		if i%100 == 41 {
			typ = "invoice.canceled"
		}
		id := fmt.Sprintf("evt_bench%012d", i)
		events = append(events, &sello.Event{ID: id, TeamID: team, Type: typ, ObjectID: fmt.Sprintf("invoice_bench%012d", i),
			Data: []byte(`{"id":"` + id + `"}`), CreatedAt: first.Add(time.Duration(i) * step)})
		if len(events) == batch || i == rows-1 {
			if err := b.store.RecordEvent(ctx, events...); err != nil {
				return nil, fmt.Errorf("store events: %w", err)
			}
			events = events[:0]
		}
	}
	// The webhook comes after the events, so that they fan out to none:
	// its deliveries are stored as delivered already, with no job to run.
	w := &sello.Webhook{ID: "wh_bench", TeamID: team, URL: "https://example.com/hook", Status: sello.WebhookActive,
		Secret: "whsec_bench", CreatedAt: first, UpdatedAt: first}
	if err := b.store.CreateWebhook(ctx, w); err != nil {
		return nil, err
	}
	var ds []*sello.WebhookDelivery
	for i := range rows {
		at := first.Add(time.Duration(i) * step)
		d := &sello.WebhookDelivery{ID: fmt.Sprintf("delivery_bench%012d", i), WebhookID: w.ID,
			EventID: fmt.Sprintf("evt_bench%012d", i), TeamID: team, EventTeamID: team,
			Event: benchEventTypes[i%len(benchEventTypes)], Status: sello.DeliverySucceeded, Attempts: 1,
			LastAttemptAt: at, ResponseStatus: 200, LatencyMS: 12, CreatedAt: at}
		if i%10 == 3 {
			d.Status, d.ResponseStatus, d.Error = sello.DeliveryFailed, 500, "http 500"
		}
		ds = append(ds, d)
		if len(ds) == batch || i == rows-1 {
			if err := b.store.CreateDeliveries(ctx, ds...); err != nil {
				return nil, fmt.Errorf("store deliveries: %w", err)
			}
			ds = ds[:0]
		}
	}
	o := &benchOthers{webhook: w.ID}
	o.fill(first, span, rows, clients)
	if err := seedBenchPayments(ctx, b, first, span, rows, clients, o); err != nil {
		return nil, err
	}
	for i := range clients {
		c := &sello.Client{ID: fmt.Sprintf("client_bench%04d", i), TeamID: team, Name: fmt.Sprintf("Cliente %04d", i),
			LegalName: benchLegalName(i), TaxID: "XAXX010101000", TaxSystem: "616",
			Email: benchEmail(i), Address: sello.Address{Zip: "06600"}, CreatedAt: first, UpdatedAt: first}
		if err := b.store.CreateClient(ctx, c); err != nil {
			return nil, fmt.Errorf("store clients: %w", err)
		}

	}
	return o, nil
}

// fill sets what the cases look for, from the stored rows: the legal name
// of a third of the clients' way, the payer of the payment a third of the
// way and the order id of the one halfway, and a month ten months in.
func (o *benchOthers) fill(first time.Time, span time.Duration, rows, clients int) {
	from := first.Add(span * 10 / 36)
	o.month = "created[gte]=" + strconv.FormatInt(from.Unix(), 10) + "&created[lte]=" + strconv.FormatInt(from.AddDate(0, 1, 0).Unix(), 10)
	o.client = benchLegalName(clients / 3)
	o.order = fmt.Sprintf("ord-%09d", rows/2)
	n := benchClientOf(rows/3+1, clients)
	o.payer, o.payerName = benchEmail(n), benchLegalName(n)
}

// benchEmail is the e-mail address of client n.
func benchEmail(n int) string { return fmt.Sprintf("cliente%04d@example.com", n) }

// cases are the first page and each filter of the event, delivery and
// client lists, and a client search.
func (o *benchOthers) cases() []benchCase {
	deliveries := "/v2/webhooks/" + o.webhook + "/deliveries?limit=20"
	return []benchCase{
		{"events_first_page", "/v2/events?limit=20"},
		{"events_type", "/v2/events?limit=20&event=payment.succeeded"},
		{"events_type_1pct", "/v2/events?limit=20&event=invoice.canceled"},
		{"events_one_month", "/v2/events?limit=20&" + o.month},
		{"deliveries_first_page", deliveries},
		{"deliveries_failed", deliveries + "&status=failed"},
		{"deliveries_event", deliveries + "&event=customer.created"},
		{"deliveries_one_month", deliveries + "&" + o.month},
		{"clients_first_page", "/v2/clients?limit=20"},
		{"clients_search", "/v2/clients/search?q=" + url.QueryEscape(o.client)},
		{"payments_first_page", "/v2/payments?limit=20"},
		{"payments_refunded", "/v2/payments?limit=20&status=refunded"},
		{"payments_one_month", "/v2/payments?limit=20&" + o.month},
		{"payments_refunded_one_month", "/v2/payments?limit=20&status=refunded&" + o.month},
		{"payments_currency_USD", "/v2/payments?limit=20&currency=USD"},
		{"payments_email", "/v2/payments?limit=20&email=" + url.QueryEscape(o.payer)},
		{"payments_metadata_channel", "/v2/payments?limit=20&metadata.channel=web"},
		{"payments_metadata_order_id", "/v2/payments?limit=20&metadata.order_id=" + url.QueryEscape(o.order)},
		{"payments_search_name", "/v2/payments/search?q=" + url.QueryEscape(o.payerName)},
	}
}

// seedBenchPayments stores rows payments of team b.team in test mode, in
// batches of one transaction each: spread over the clients as the
// invoices are (one client holds a tenth), a twentieth refunded and a
// twentieth canceled, a fifth in dollars, with a channel and an order id.
func seedBenchPayments(ctx context.Context, b *benchEnv, first time.Time, span time.Duration, rows, clients int, o *benchOthers) error {
	step := span / time.Duration(rows)
	const batch = 5000
	var ps []*sello.Payment
	for i := range rows {
		n := benchClientOf(i, clients)
		at := first.Add(time.Duration(i) * step)
		p := &sello.Payment{ID: fmt.Sprintf("payment_bench%012d", i), TeamID: b.team.ID, Status: sello.PaymentSucceeded,
			ClientID: fmt.Sprintf("client_bench%04d", n), Currency: "MXN", ExchangeRate: decimal.NewFromInt(1),
			Total: decimal.RequireFromString("1160.00"), Processor: "api", From: "api",
			Metadata:  map[string]any{"channel": []string{"web", "app"}[i%2], "order_id": fmt.Sprintf("ord-%09d", i)},
			CreatedAt: at, UpdatedAt: at}
		p.Client = &sello.Client{ID: p.ClientID, TeamID: b.team.ID, Name: fmt.Sprintf("Cliente %04d", n),
			LegalName: benchLegalName(n), TaxID: "XAXX010101000", TaxSystem: "616",
			Email: benchEmail(n), Address: sello.Address{Zip: "06600"}}
		switch i % 20 {
		case 3:
			p.Status = sello.PaymentRefunded
		case 7:
			p.Status = sello.PaymentCanceled
		}
		if i%5 == 1 {
			p.Currency, p.ExchangeRate = "USD", decimal.RequireFromString("17.5")
		}
		ps = append(ps, p)
		if len(ps) == batch || i == rows-1 {
			if err := b.store.ImportPayments(ctx, ps); err != nil {
				return fmt.Errorf("store payments: %w", err)
			}
			ps = ps[:0]
		}
	}
	return nil
}
