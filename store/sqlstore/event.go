package sqlstore

import (
	"context"
	"database/sql"

	"github.com/sello-mx/sello"
)

const eventColumns = `id, team_id, livemode, type, object_id, data, created_at`

// insertEvent stores one event.
const insertEvent = `INSERT INTO events (` + eventColumns + `)
	VALUES ($1, $2, $3, $4, $5, $6, $7)`

// insertEvents records events with whatever transaction stores their change,
// and their pending webhook deliveries (fanOut), listing the subscribers
// once for consecutive events of the same team and mode.
func (db *DB) insertEvents(ctx context.Context, ex Execer, events []*sello.Event) error {
	var subs []subscriber
	var ds []*sello.WebhookDelivery
	for i, e := range events {
		if i == 0 || e.TeamID != events[i-1].TeamID || e.Livemode != events[i-1].Livemode {
			var err error
			if subs, err = db.subscribers(ctx, ex, e.TeamID, e.Livemode); err != nil {
				return err
			}
		}
		_, err := ex.ExecContext(ctx, insertEvent,
			e.ID, e.TeamID, e.Livemode, e.Type, e.ObjectID, e.Data, db.t(e.CreatedAt))
		if err != nil {
			return failed(err, "event", "team")
		}
		if ds, err = fanOut(e, subs, ds); err != nil {
			return err
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return db.insertDeliveries(ctx, ex, ds)
}

// RecordEvent stores events that belong to no other change, in one transaction.
func (db *DB) RecordEvent(ctx context.Context, events ...*sello.Event) error {
	return db.InTx(ctx, "event", func(tx *sql.Tx) error {
		return db.insertEvents(ctx, db.h.Prepared(tx), events)
	})
}

// FindEventByID returns an event of the team and mode, or NotFound.
func (db *DB) FindEventByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Event, error) {
	e, err := scanEvent(db.read.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "event", "")
	}
	return e, nil
}

// FindEvents returns one page of the team's events in one mode.
func (db *DB) FindEvents(ctx context.Context, f sello.EventFilter) ([]*sello.Event, bool, int, error) {
	q := db.newList(eventColumns, `events`, `type`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	if f.Type != "" {
		q.where(`type = ?`, f.Type)
	}
	if f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		facet := ""
		if f.Type != "" {
			facet = "t=" + f.Type
		}
		keptListCount(&q, "events", f.TeamID, f.Livemode, facet)
	}
	var events []*sello.Event
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		events = append(events, e)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return events, hasMore, total, nil
}

func scanEvent(s scanner) (*sello.Event, error) {
	var (
		e       sello.Event
		created stamp
	)
	if err := s.Scan(&e.ID, &e.TeamID, &e.Livemode, &e.Type, &e.ObjectID, &e.Data, &created); err != nil {
		return nil, err
	}
	e.CreatedAt = fromStamp(created)
	return &e, nil
}
