package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/sello-mx/sello"
)

const webhookColumns = `id, team_id, livemode, url, events, status, description, type, version,
	secret, previous_secret, previous_expires_at, created_at, updated_at`

// CreateWebhook stores a new subscription.
func (db *DB) CreateWebhook(ctx context.Context, w *sello.Webhook) error {
	events, err := encodeJSON(nonNil(w.Events))
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, `INSERT INTO webhooks (`+webhookColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		w.ID, w.TeamID, w.Livemode, w.URL, string(events), w.Status, w.Description,
		w.Type, w.Version, w.Secret, w.PreviousSecret, db.nt(w.PreviousExpiresAt),
		db.t(w.CreatedAt), db.t(w.UpdatedAt))
	if err != nil {
		return failed(err, "webhook", "team")
	}
	return nil
}

// FindWebhookByID returns a webhook of the team and mode, or NotFound.
func (db *DB) FindWebhookByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Webhook, error) {
	w, err := scanWebhook(db.read.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks
		WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "webhook", "")
	}
	return w, nil
}

// FindWebhooks returns one page of the team's webhooks in one mode.
func (db *DB) FindWebhooks(ctx context.Context, f sello.WebhookFilter) ([]*sello.Webhook, bool, int, error) {
	q := db.newList(webhookColumns, `webhooks`, `url`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	if f.Status != "" {
		q.where(`status = ?`, f.Status)
	}
	var out []*sello.Webhook
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		w, err := scanWebhook(rows)
		if err == nil {
			out = append(out, w)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// UpdateWebhook writes every field of a stored webhook.
func (db *DB) UpdateWebhook(ctx context.Context, w *sello.Webhook) error {
	events, err := encodeJSON(nonNil(w.Events))
	if err != nil {
		return err
	}
	res, err := db.write.ExecContext(ctx, `UPDATE webhooks SET url = $4, events = $5, status = $6,
		description = $7, type = $8, version = $9, secret = $10, previous_secret = $11,
		previous_expires_at = $12, updated_at = $13
		WHERE id = $1 AND team_id = $2 AND livemode = $3`,
		w.ID, w.TeamID, w.Livemode, w.URL, string(events), w.Status, w.Description,
		w.Type, w.Version, w.Secret, w.PreviousSecret, db.nt(w.PreviousExpiresAt), db.t(w.UpdatedAt))
	return affected(res, err, "webhook")
}

// DeleteWebhook removes a webhook, the jobs of its deliveries and (by
// cascade) its deliveries.
func (db *DB) DeleteWebhook(ctx context.Context, team sello.TeamID, livemode bool, id string) error {
	return db.InTx(ctx, "webhook", func(tx *sql.Tx) error {
		if err := db.dropDeliveryJobs(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1 AND team_id = $2 AND livemode = $3`,
			id, team, livemode)
		return affected(res, err, "webhook")
	})
}

// dropDeliveryJobs deletes the jobs of a webhook's pending deliveries.
func (db *DB) dropDeliveryJobs(ctx context.Context, tx Execer, webhookID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM jobs WHERE kind = $2 AND ref IN (SELECT id FROM webhook_deliveries
		WHERE webhook_id = $1 AND status = 'pending')`, webhookID, sello.JobDelivery)
	if err != nil {
		return failed(err, "job", "")
	}
	return nil
}

// DisableWebhook sets a webhook inactive and fails its pending deliveries.
func (db *DB) DisableWebhook(ctx context.Context, team sello.TeamID, livemode bool, id, reason string, at time.Time) error {
	return db.InTx(ctx, "webhook", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET status = 'inactive', updated_at = $4
			WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode, db.t(at))
		if err := affected(res, err, "webhook"); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
			error = $2 WHERE webhook_id = $1 AND status = 'pending' RETURNING id`, id, reason)
		if err != nil {
			return failed(err, "delivery", "")
		}
		var ended []string
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return failed(err, "delivery", "")
			}
			ended = append(ended, deliveryJobID(d))
		}
		if err := rows.Close(); err != nil {
			return failed(err, "delivery", "")
		}
		// The jobs of exactly the deliveries this failed: one that another
		// transaction made meanwhile keeps its job, and its worker finds
		// the webhook inactive.
		for chunk := range slices.Chunk(ended, 500) {
			ids := make([]any, len(chunk))
			for i, j := range chunk {
				ids[i] = j
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM jobs WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...); err != nil {
				return failed(err, "job", "")
			}
		}
		return nil
	})
}

// selectSubscribers lists the active webhooks that may receive an event of
// a team in a mode: the team's own and its parent's Connect webhooks.
const selectSubscribers = `SELECT id, team_id, events FROM webhooks
	WHERE livemode = $2 AND status = 'active' AND (team_id = $1
		OR (type = 'gigstack_connect' AND team_id = (SELECT parent_id FROM teams WHERE id = $1)))`

// subscriber is an active webhook that may receive an event.
type subscriber struct{ id, team, events string }

// subscribers returns the webhooks selectSubscribers lists.
func (db *DB) subscribers(ctx context.Context, tx Execer, team sello.TeamID, livemode bool) ([]subscriber, error) {
	rows, err := tx.QueryContext(ctx, selectSubscribers, team, livemode)
	if err != nil {
		return nil, failed(err, "webhook", "")
	}
	defer rows.Close()
	var subs []subscriber
	for rows.Next() {
		var s subscriber
		if err := rows.Scan(&s.id, &s.team, &s.events); err != nil {
			return nil, failed(err, "webhook", "")
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "webhook", "")
	}
	return subs, nil
}

// fanOut adds to ds, for the transaction that records the event, one
// pending delivery per active webhook that subscribes to it: the webhooks
// of the event's team and mode, and the parent team's webhooks of type
// gigstack_connect (API.md §13.1).
// subs are the subscribers of the event's team and mode.
func fanOut(e *sello.Event, subs []subscriber, ds []*sello.WebhookDelivery) ([]*sello.WebhookDelivery, error) {
	for _, s := range subs {
		var names []string
		if err := json.Unmarshal([]byte(s.events), &names); err != nil {
			return nil, sello.Wrap(sello.DataIntegrity, err, "webhook events are not a JSON array")
		}
		name, ok := sello.DeliveredName(names, e.Type)
		if !ok {
			continue
		}
		ds = append(ds, &sello.WebhookDelivery{
			ID: sello.DeliveryID(e.ID, s.id), WebhookID: s.id, EventID: e.ID,
			TeamID: sello.TeamID(s.team), EventTeamID: e.TeamID,
			Livemode: e.Livemode, Event: name, Status: sello.DeliveryPending,
			NextAttemptAt: e.CreatedAt, LatencyMS: -1, CreatedAt: e.CreatedAt,
		})
	}
	return ds, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func scanWebhook(s scanner) (*sello.Webhook, error) {
	var (
		w                sello.Webhook
		events           string
		desc             sql.NullString
		prevExp          stamp
		created, updated stamp
	)
	err := s.Scan(&w.ID, &w.TeamID, &w.Livemode, &w.URL, &events, &w.Status, &desc, &w.Type, &w.Version,
		&w.Secret, &w.PreviousSecret, &prevExp, &created, &updated)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &w.Events); err != nil {
		return nil, err
	}
	if desc.Valid {
		w.Description = &desc.String
	}
	w.PreviousExpiresAt = fromStamp(prevExp)
	w.CreatedAt, w.UpdatedAt = fromStamp(created), fromStamp(updated)
	return &w, nil
}
