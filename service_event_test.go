package sello

import (
	"bytes"
	"testing"
	"time"
)

func TestNewEvent(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	s := NewService(Config{Store: nil, Now: func() time.Time { return at }, IDs: IDGenerator{Rand: bytes.NewReader(bytes.Repeat([]byte{7}, 64))}})
	e, err := s.newEvent("team_1", true, "customer.created", "client_1", struct{}{})
	if err != nil {
		t.Fatalf("newEvent: %v", err)
	}
	if e.TeamID != "team_1" || !e.Livemode || e.Type != "customer.created" || e.ObjectID != "client_1" ||
		!e.CreatedAt.Equal(at) || string(e.Data) != `{"id":"client_1"}` || len(e.ID) != len("evt_")+24 {
		t.Errorf("newEvent = %+v", e)
	}

	s = NewService(Config{Store: nil, Now: func() time.Time { return at }, EventRenderer: func(typ string, obj any) ([]byte, error) {
		return []byte(`{"rendered":"` + typ + `"}`), nil
	}})
	e, err = s.newEvent("team_1", false, "service.updated", "service_1", nil)
	if err != nil || string(e.Data) != `{"rendered":"service.updated"}` {
		t.Errorf("newEvent with a renderer = %s, %v", e.Data, err)
	}
}
