package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func newWebhook(id string, team sello.TeamID, livemode bool, events []string, at time.Time) *sello.Webhook {
	return &sello.Webhook{
		ID: id, TeamID: team, Livemode: livemode, URL: "https://example.com/" + id, Events: events,
		Status: sello.WebhookActive, Secret: "whsec_" + id, CreatedAt: at, UpdatedAt: at,
	}
}

func mustCreateWebhook(t *testing.T, s sello.Store, w *sello.Webhook) {
	t.Helper()
	if err := s.CreateWebhook(t.Context(), w); err != nil {
		t.Fatalf("CreateWebhook(%s) = %v", w.ID, err)
	}
}

func testWebhook(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_wh")
	mustCreateTeam(t, s, newTeam(team, "", "WEBHOOKS", t0))
	desc := "ñandú"
	w := newWebhook("wh_1", team, false, []string{"invoice.cancelled"}, t0)
	w.Description = &desc
	w.Type, w.Version = "gigstack_connect", "v2"
	mustCreateWebhook(t, s, w)
	got, err := s.FindWebhookByID(ctx, team, false, "wh_1")
	if err != nil {
		t.Fatalf("FindWebhookByID: %v", err)
	}
	if diff := cmp.Diff(w, got); diff != "" {
		t.Errorf("FindWebhookByID (-want +got):\n%s", diff)
	}
	if _, err := s.FindWebhookByID(ctx, team, true, "wh_1"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindWebhookByID in the other mode: err = %v, want NotFound", err)
	}
	wantCode(t, "CreateWebhook(duplicate)", s.CreateWebhook(ctx, w), sello.AlreadyExists)
	wantCode(t, "CreateWebhook(no team)", s.CreateWebhook(ctx, newWebhook("wh_x", "team_none", false, nil, t0)), sello.NotFound)

	w2 := newWebhook("wh_2", team, false, nil, t0.Add(time.Second))
	w2.Status = sello.WebhookInactive
	mustCreateWebhook(t, s, w2)
	list, more, total, err := s.FindWebhooks(ctx, sello.WebhookFilter{TeamID: team, Status: sello.WebhookInactive})
	if err != nil || len(list) != 1 || more || total != 1 || list[0].ID != "wh_2" {
		t.Errorf("FindWebhooks(inactive) = %v, %v, %d, %v; want wh_2 only", list, more, total, err)
	}
	if list[0].Events == nil || len(list[0].Events) != 0 {
		t.Errorf("FindWebhooks: events of a webhook to every event = %#v, want []", list[0].Events)
	}

	w.URL, w.Events, w.Description = "https://example.com/new", []string{}, nil
	w.PreviousSecret, w.PreviousExpiresAt, w.Secret = w.Secret, t0.Add(24*time.Hour), "whsec_new"
	w.UpdatedAt = t0.Add(time.Minute)
	if err := s.UpdateWebhook(ctx, w); err != nil {
		t.Fatalf("UpdateWebhook: %v", err)
	}
	got, _ = s.FindWebhookByID(ctx, team, false, "wh_1")
	if diff := cmp.Diff(w, got); diff != "" {
		t.Errorf("after UpdateWebhook (-want +got):\n%s", diff)
	}
	wantCode(t, "UpdateWebhook(other mode)", s.UpdateWebhook(ctx, &sello.Webhook{ID: "wh_1", TeamID: team, Livemode: true}), sello.NotFound)
	if err := s.DeleteWebhook(ctx, team, false, "wh_1"); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	wantCode(t, "DeleteWebhook(again)", s.DeleteWebhook(ctx, team, false, "wh_1"), sello.NotFound)
}

// testWebhookFanOut checks that recording an event creates, in the same
// transaction, one pending delivery per matching active webhook.
func testWebhookFanOut(t *testing.T, s sello.Store) {
	ctx := t.Context()
	parent, team, other := sello.TeamID("team_fan_parent"), sello.TeamID("team_fan"), sello.TeamID("team_fan_other")
	mustCreateTeam(t, s, newTeam(parent, "", "PARENT", t0))
	mustCreateTeam(t, s, newTeam(team, parent, "FAN", t0))
	mustCreateTeam(t, s, newTeam(other, "", "OTHER", t0))
	connect := newWebhook("wh_connect", parent, false, nil, t0)
	connect.Type = "gigstack_connect"
	hooks := []*sello.Webhook{
		newWebhook("wh_all", team, false, nil, t0),
		newWebhook("wh_star", team, false, []string{"*"}, t0),
		newWebhook("wh_uk", team, false, []string{"invoice.cancelled"}, t0),
		newWebhook("wh_us", team, false, []string{"invoice.canceled", "customer.created"}, t0),
		newWebhook("wh_both", team, false, []string{"invoice.canceled", "invoice.cancelled"}, t0),
		newWebhook("wh_none", team, false, []string{"customer.created"}, t0),
		newWebhook("wh_off", team, false, nil, t0),
		newWebhook("wh_live", team, true, nil, t0),
		newWebhook("wh_other", other, false, nil, t0),
		newWebhook("wh_parent", parent, false, nil, t0), // not gigstack_connect: own team only
		connect,
	}
	hooks[6].Status = sello.WebhookInactive
	for _, w := range hooks {
		mustCreateWebhook(t, s, w)
	}
	e := newEvent("evt_fan", team, false, "invoice.canceled", t0)
	if err := s.RecordEvent(ctx, e); err != nil {
		t.Fatalf("RecordEvent: %v", err)
	}
	want := map[string]string{"wh_all": "invoice.canceled", "wh_star": "invoice.canceled",
		"wh_uk": "invoice.cancelled", "wh_us": "invoice.canceled", "wh_both": "invoice.canceled",
		"wh_connect": "invoice.canceled"}
	for _, w := range hooks {
		team := w.TeamID
		ds, _, total, err := s.FindDeliveries(ctx, sello.DeliveryFilter{TeamID: team, Livemode: w.Livemode, WebhookID: w.ID})
		if err != nil {
			t.Fatalf("FindDeliveries(%s): %v", w.ID, err)
		}
		name, ok := want[w.ID]
		if !ok {
			if total != 0 {
				t.Errorf("webhook %s got %d deliveries, want none", w.ID, total)
			}
			continue
		}
		wantD := &sello.WebhookDelivery{ID: sello.DeliveryID("evt_fan", w.ID), WebhookID: w.ID, EventID: "evt_fan",
			TeamID: team, EventTeamID: "team_fan", Event: name, Status: sello.DeliveryPending, NextAttemptAt: t0, LatencyMS: -1, CreatedAt: t0}
		if total != 1 {
			t.Errorf("webhook %s got %d deliveries, want 1", w.ID, total)
			continue
		}
		if diff := cmp.Diff(wantD, ds[0]); diff != "" {
			t.Errorf("delivery to %s (-want +got):\n%s", w.ID, diff)
		}
		if got, _, _, _ := s.FindDeliveries(ctx, sello.DeliveryFilter{TeamID: team, WebhookID: w.ID, Event: "invoice.cancelled", Status: sello.DeliveryPending}); len(got) != 1 {
			t.Errorf("FindDeliveries(%s, event invoice.cancelled, pending) = %d, want 1", w.ID, len(got))
		}
	}
	// A failed change leaves no delivery behind.
	dup := newEvent("evt_fan", team, false, "invoice.canceled", t0)
	if err := s.RecordEvent(ctx, newEvent("evt_fan2", team, false, "invoice.canceled", t0), dup); err == nil {
		t.Fatal("RecordEvent with a duplicate id succeeded")
	}
	if _, err := s.FindDeliveryByID(ctx, team, false, sello.DeliveryID("evt_fan2", "wh_all")); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("delivery of a rolled-back event: err = %v, want NotFound", err)
	}
}

// deliveriesFixture records n events, each fanned out to one webhook.
func deliveriesFixture(t *testing.T, s sello.Store, n int) (sello.TeamID, *sello.Webhook) {
	t.Helper()
	team := sello.TeamID("team_claim")
	mustCreateTeam(t, s, newTeam(team, "", "CLAIM", t0))
	w := newWebhook("wh_claim", team, false, nil, t0)
	mustCreateWebhook(t, s, w)
	var es []*sello.Event
	for i := range n {
		es = append(es, newEvent(fmt.Sprintf("evt_c%03d", i), team, false, "customer.created", t0.Add(time.Duration(i)*time.Millisecond)))
	}
	if err := s.RecordEvent(t.Context(), es...); err != nil {
		t.Fatalf("RecordEvent: %v", err)
	}
	return team, w
}

func testDeliveryClaim(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team, w := deliveriesFixture(t, s, 3)
	now := t0.Add(time.Second)
	got, err := s.ClaimDeliveries(ctx, now, time.Minute, 2)
	if err != nil || len(got) != 2 {
		t.Fatalf("ClaimDeliveries = %d, %v; want 2", len(got), err)
	}
	// The oldest due are claimed first, in no particular order.
	slices.SortFunc(got, func(a, b *sello.WebhookDelivery) int { return strings.Compare(a.EventID, b.EventID) })
	if got[0].EventID != "evt_c000" || !got[0].Lease.Equal(now.Add(time.Minute)) || !got[0].NextAttemptAt.Equal(t0) {
		t.Errorf("first claimed = %s next %v lease %v, want evt_c000 due at %v leased until %v", got[0].EventID,
			got[0].NextAttemptAt, got[0].Lease, t0, now.Add(time.Minute))
	}
	rest, err := s.ClaimDeliveries(ctx, now, time.Minute, 10)
	if err != nil || len(rest) != 1 || rest[0].EventID != "evt_c002" {
		t.Fatalf("second ClaimDeliveries = %v, %v; want evt_c002 only", rest, err)
	}
	if none, _ := s.ClaimDeliveries(ctx, now.Add(30*time.Second), time.Minute, 10); len(none) != 0 {
		t.Errorf("ClaimDeliveries during the lease = %d deliveries, want 0", len(none))
	}
	// Record an attempt on one; the others are claimed again after the lease.
	d := got[0]
	d.Status, d.Attempts, d.NextAttemptAt, d.LastAttemptAt = sello.DeliverySucceeded, 1, time.Time{}, now
	d.ResponseStatus, d.ResponseBody, d.LatencyMS, d.Payload = 200, "", 12, []byte(`{"id":"evt_c000"}`)
	d.History = []sello.DeliveryAttempt{{At: t0, ResponseStatus: 500, LatencyMS: 3, Error: "http 500"}, {At: now, ResponseStatus: 200, LatencyMS: 12}}
	if err := s.UpdateDeliveries(ctx, d); err != nil {
		t.Fatalf("UpdateDeliveries: %v", err)
	}
	stored, err := s.FindDeliveryByID(ctx, team, false, d.ID)
	if err != nil {
		t.Fatalf("FindDeliveryByID: %v", err)
	}
	wantStored := *d
	wantStored.Lease = time.Time{}
	if diff := cmp.Diff(&wantStored, stored); diff != "" {
		t.Errorf("after UpdateDeliveries (-want +got):\n%s", diff)
	}
	again, _ := s.ClaimDeliveries(ctx, now.Add(2*time.Minute), time.Minute, 10)
	if len(again) != 2 {
		t.Fatalf("ClaimDeliveries after the lease = %d, want the 2 unrecorded", len(again))
	}
	// The first claim of got[1] was overtaken: its late outcome is skipped,
	// the current claim's outcome is kept.
	late := *got[1]
	late.Status, late.Attempts = sello.DeliveryFailed, 7
	current := *again[0]
	if current.ID != late.ID {
		current = *again[1]
	}
	current.Attempts = 1
	if err := s.UpdateDeliveries(ctx, &late); err != nil {
		t.Fatalf("UpdateDeliveries(overtaken claim): %v", err)
	}
	if err := s.UpdateDeliveries(ctx, &current); err != nil {
		t.Fatalf("UpdateDeliveries(current claim): %v", err)
	}
	if d, _ := s.FindDeliveryByID(ctx, team, false, late.ID); d == nil || d.Attempts != 1 || d.Status != sello.DeliveryPending {
		t.Errorf("after an overtaken and a current update: %+v; want the current claim's outcome (1 attempt, pending)", d)
	}
	if err := s.DisableWebhook(ctx, team, false, w.ID, "gone", now); err != nil {
		t.Fatalf("DisableWebhook: %v", err)
	}
	failed, _, _, _ := s.FindDeliveries(ctx, sello.DeliveryFilter{TeamID: team, WebhookID: w.ID, Status: sello.DeliveryFailed})
	if len(failed) != 2 || failed[0].Error != "gone" {
		t.Errorf("after DisableWebhook, failed deliveries = %v, want the 2 pending with error gone", failed)
	}
	if wh, _ := s.FindWebhookByID(ctx, team, false, w.ID); wh == nil || wh.Status != sello.WebhookInactive {
		t.Errorf("after DisableWebhook, webhook = %+v, want inactive", wh)
	}
	if err := s.UpdateDeliveries(ctx, &sello.WebhookDelivery{ID: "delivery_none"}); err != nil {
		t.Errorf("UpdateDeliveries(a deleted delivery) = %v, want it skipped", err)
	}
	if err := s.DeleteWebhook(ctx, team, false, w.ID); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	if _, err := s.FindDeliveryByID(ctx, team, false, d.ID); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("delivery of a deleted webhook: err = %v, want NotFound", err)
	}
}

// testDeliveryClaimConcurrent checks that concurrent claimers never take
// the same delivery and together take every one.
func testDeliveryClaimConcurrent(t *testing.T, s sello.Store) {
	const n, workers = 60, 6
	deliveriesFixture(t, s, n)
	var (
		mu   sync.Mutex
		seen = map[string]int{}
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ds, err := s.ClaimDeliveries(t.Context(), t0.Add(time.Second), time.Hour, 4)
				if err != nil {
					t.Errorf("ClaimDeliveries: %v", err)
					return
				}
				if len(ds) == 0 {
					return
				}
				mu.Lock()
				for _, d := range ds {
					seen[d.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("claimed %d distinct deliveries, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("delivery %s claimed %d times", id, c)
		}
	}
}

func testDeliveryCreate(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team, w := deliveriesFixture(t, s, 1)
	d := &sello.WebhookDelivery{ID: "delivery_replay", WebhookID: w.ID, EventID: "evt_c000", TeamID: team, EventTeamID: team,
		Event: "customer.created", Status: sello.DeliveryPending, NextAttemptAt: t0, LatencyMS: -1, CreatedAt: t0.Add(time.Hour)}
	if err := s.CreateDeliveries(ctx, d); err != nil {
		t.Fatalf("CreateDeliveries: %v", err)
	}
	wantCode(t, "CreateDeliveries(duplicate)", s.CreateDeliveries(ctx, d), sello.AlreadyExists)
	bad := *d
	bad.ID, bad.EventID = "delivery_bad", "evt_none"
	wantCode(t, "CreateDeliveries(no event)", s.CreateDeliveries(ctx, &bad), sello.NotFound)
	list, _, total, err := s.FindDeliveries(ctx, sello.DeliveryFilter{TeamID: team, WebhookID: w.ID, ListOptions: sello.ListOptions{Desc: true}})
	if err != nil || total != 2 || list[0].ID != "delivery_replay" {
		t.Errorf("FindDeliveries(desc) = %v, %d, %v; want the replay first of 2", list, total, err)
	}
}

// testQueueStats: every kind of job and the deliveries are reported, and
// a pending delivery or an open job counts in its queue, with its due time.
func testQueueStats(t *testing.T, s sello.Store) {
	ctx := t.Context()
	stats, err := s.QueueStats(ctx)
	if err != nil || len(stats) != len(sello.JobKinds) {
		t.Fatalf("QueueStats(empty) = %+v, %v", stats, err)
	}
	for _, q := range stats {
		if q.Waiting != 0 || !q.NextDue.IsZero() {
			t.Errorf("QueueStats(empty) %s = %+v, want nothing waiting", q.Queue, q)
		}
	}
	team := sello.TeamID("team_queue")
	if err := s.CreateTeam(ctx, &sello.Team{ID: team, LegalName: "Q", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501",
		CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	w := &sello.Webhook{ID: "wh_queue", TeamID: team, URL: "https://example.com/h", Events: []string{"*"},
		Status: sello.WebhookActive, CreatedAt: t0, UpdatedAt: t0}
	if err := s.CreateWebhook(ctx, w); err != nil {
		t.Fatal(err)
	}
	e := &sello.Event{ID: "evt_queue", TeamID: team, Type: "customer.created", ObjectID: "client_x", Data: []byte(`{}`), CreatedAt: t0}
	if err := s.RecordEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	inv := newInvoice("invoice_queue", team, false, sello.InvoicePending, "Q", 1, t0)
	inv.NextStampAt = t0.Add(time.Minute)
	mustCreateInvoice(t, s, inv)
	stats, err = s.QueueStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range stats {
		want := sello.QueueStat{Queue: q.Queue}
		switch q.Queue {
		case sello.JobDelivery:
			want.Waiting, want.NextDue = 1, t0
		case sello.JobInvoice:
			want.Waiting, want.NextDue = 1, t0.Add(time.Minute)
		}
		if q.Waiting != want.Waiting || !q.NextDue.Equal(want.NextDue) {
			t.Errorf("QueueStats %s = %+v, want %+v", q.Queue, q, want)
		}
	}
}

// testDeliveryNotify: an engine that wakes the delivery worker does so
// after the transaction that fanned an event out has committed: at the
// wake-up the delivery is visible, and a change without deliveries does
// not wake it.
func testDeliveryNotify(t *testing.T, s sello.Store) {
	n, ok := s.(interface{ SetDeliveryNotify(func()) })
	if !ok {
		t.Skip("the engine does not wake a delivery worker")
	}
	ctx := t.Context()
	var wakes, seen int
	n.SetDeliveryNotify(func() {
		wakes++
		stats, err := s.QueueStats(ctx)
		if err != nil {
			t.Errorf("QueueStats at the wake-up: %v", err)
		}
		for _, q := range stats {
			if q.Queue == sello.JobDelivery {
				seen = q.Waiting
			}
		}
	})
	team := sello.TeamID("team_notify")
	if err := s.CreateTeam(ctx, &sello.Team{ID: team, LegalName: "N", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501",
		CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if wakes != 0 {
		t.Errorf("a change without deliveries woke the worker %d times", wakes)
	}
	if err := s.CreateWebhook(ctx, &sello.Webhook{ID: "wh_notify", TeamID: team, URL: "https://example.com/h",
		Events: []string{"*"}, Status: sello.WebhookActive, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	e := &sello.Event{ID: "evt_notify", TeamID: team, Type: "customer.created", ObjectID: "client_x", Data: []byte(`{}`), CreatedAt: t0}
	if err := s.RecordEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if wakes != 1 || seen != 1 {
		t.Errorf("after an event with a subscriber: %d wake-ups seeing %d deliveries, want 1 seeing 1", wakes, seen)
	}
	// A worker's record of a failed attempt (its claim's lease) does not
	// wake it; a retry asked through the API does.
	claimed, err := s.ClaimDeliveries(ctx, t0, time.Minute, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("ClaimDeliveries = %d, %v", len(claimed), err)
	}
	d := claimed[0]
	d.Attempts, d.NextAttemptAt = 1, t0.Add(time.Hour)
	if err := s.UpdateDeliveries(ctx, d); err != nil {
		t.Fatal(err)
	}
	if wakes != 1 {
		t.Errorf("a worker's record woke the worker (%d wake-ups)", wakes)
	}
	d, err = s.FindDeliveryByID(ctx, team, false, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.NextAttemptAt = t0
	if err := s.UpdateDeliveries(ctx, d); err != nil {
		t.Fatal(err)
	}
	if wakes != 2 {
		t.Errorf("after a retry: %d wake-ups, want 2", wakes)
	}
}
