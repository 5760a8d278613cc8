package sello

import (
	"context"
	"encoding/json"
)

// newEvent makes the event of a change to object (whose id is objectID) in
// the given team and mode, with the object rendered as the API shows it. The
// caller stores it with the change, in the same transaction.
func (s *Service) newEvent(team TeamID, livemode bool, eventType, objectID string, object any) (*Event, error) {
	var data []byte
	var err error
	if s.render != nil {
		data, err = s.render(eventType, object)
	} else {
		data, err = json.Marshal(map[string]string{"id": objectID})
	}
	if err != nil {
		return nil, Wrap(Internal, err, "cannot render the event")
	}
	s.eventsCommitted()
	return &Event{
		ID:        s.ids.New("evt_"),
		TeamID:    team,
		Livemode:  livemode,
		Type:      eventType,
		ObjectID:  objectID,
		Data:      data,
		CreatedAt: s.now(),
	}, nil
}

// FindEventByID returns an event of the team and mode. NotFound if none.
func (s *Service) FindEventByID(ctx context.Context, team TeamID, livemode bool, id string) (*Event, error) {
	return s.store.FindEventByID(ctx, team, livemode, id)
}

// FindEvents returns one page of a team's events in one mode.
func (s *Service) FindEvents(ctx context.Context, f EventFilter) ([]*Event, bool, int, error) {
	return s.store.FindEvents(ctx, f)
}
