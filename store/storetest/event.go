package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func newEvent(id string, team sello.TeamID, livemode bool, typ string, at time.Time) *sello.Event {
	return &sello.Event{
		ID: id, TeamID: team, Livemode: livemode, Type: typ, ObjectID: "obj_" + id,
		Data: []byte(`{"z":1,"a":"ñ"}`), CreatedAt: at,
	}
}

func testEvents(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_events")
	if err := s.CreateTeam(ctx, newTeam(team, "", "EVENTOS", t0)); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	var want []*sello.Event
	for i := range 5 {
		e := newEvent(fmt.Sprintf("evt_%02d", i), team, false, "customer.created", t0.Add(time.Duration(i)*time.Second))
		if i%2 == 1 {
			e.Type = "customer.updated"
		}
		want = append(want, e)
	}
	if err := s.RecordEvent(ctx, want...); err != nil {
		t.Fatalf("RecordEvent: %v", err)
	}
	live := newEvent("evt_live", team, true, "customer.created", t0)
	if err := s.RecordEvent(ctx, live); err != nil {
		t.Fatalf("RecordEvent(live): %v", err)
	}

	got, err := s.FindEventByID(ctx, team, false, "evt_03")
	if err != nil {
		t.Fatalf("FindEventByID: %v", err)
	}
	if diff := cmp.Diff(want[3], got); diff != "" {
		t.Errorf("FindEventByID (-want +got):\n%s", diff)
	}
	if _, err := s.FindEventByID(ctx, team, true, "evt_03"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindEventByID in the other mode: err = %v, want NotFound", err)
	}
	if _, err := s.FindEventByID(ctx, "team_other", false, "evt_03"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindEventByID of another team: err = %v, want NotFound", err)
	}

	list, more, total, err := s.FindEvents(ctx, sello.EventFilter{TeamID: team, Type: "customer.updated", ListOptions: sello.ListOptions{Limit: 1}})
	if err != nil {
		t.Fatalf("FindEvents: %v", err)
	}
	if len(list) != 1 || !more || total != 2 || list[0].ID != "evt_01" {
		t.Errorf("FindEvents(customer.updated, limit 1) = %d events (first %v), more %v, total %d; want evt_01, true, 2", len(list), list, more, total)
	}
	all, _, total, err := s.FindEvents(ctx, sello.EventFilter{TeamID: team, ListOptions: sello.ListOptions{Desc: true}})
	if err != nil || total != 5 || len(all) != 5 || all[0].ID != "evt_04" {
		t.Errorf("FindEvents(test mode, desc) = %d events, total %d, err %v; want 5 newest first", len(all), total, err)
	}

	dup := newEvent("evt_00", team, false, "customer.created", t0)
	if err := s.RecordEvent(ctx, newEvent("evt_new", team, false, "x", t0), dup); sello.ErrorCode(err) != sello.AlreadyExists {
		t.Errorf("RecordEvent with a duplicate id: err = %v, want AlreadyExists", err)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_new"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("RecordEvent that failed half-way stored its first event: err = %v, want NotFound", err)
	}
}
