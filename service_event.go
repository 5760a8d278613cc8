package sello

import (
	"context"
	"encoding/json"
)

// newEvent makes the event of a change to object (whose id is objectID) in
// the given team and mode, with the object rendered as the API shows it. The
// caller stores it with the change, in the same transaction.
func (s *Service) newEvent(team TeamID, livemode bool, eventType, objectID string, object any) (*Event, error) {
	evs, err := s.newEvents(team, livemode, objectID, object, eventType)
	if err != nil {
		return nil, err
	}
	return evs[0], nil
}

// newEvents makes one event of each type for the same state of object,
// rendering it once: the view does not depend on the event type, and an
// issued invoice records invoice.created and invoice.stamped together.
func (s *Service) newEvents(team TeamID, livemode bool, objectID string, object any, types ...string) ([]*Event, error) {
	if len(types) == 0 {
		return nil, nil
	}
	var data []byte
	var err error
	if s.render != nil {
		data, err = s.render(types[0], object)
	} else {
		data, err = json.Marshal(map[string]string{"id": objectID})
	}
	if err != nil {
		return nil, Wrap(Internal, err, "cannot render the event")
	}
	evs := make([]*Event, len(types))
	for i, t := range types {
		evs[i] = &Event{
			ID:        s.ids.New("evt_"),
			TeamID:    team,
			Livemode:  livemode,
			Type:      t,
			ObjectID:  objectID,
			Data:      data,
			CreatedAt: s.now(),
		}
	}
	return evs, nil
}

// FindEventByID returns an event of the team and mode. NotFound if none.
func (s *Service) FindEventByID(ctx context.Context, team TeamID, livemode bool, id string) (*Event, error) {
	return s.store.FindEventByID(ctx, team, livemode, id)
}

// FindEvents returns one page of a team's events in one mode.
func (s *Service) FindEvents(ctx context.Context, f EventFilter) ([]*Event, bool, int, error) {
	return s.store.FindEvents(ctx, f)
}
