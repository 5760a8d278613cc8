package sqlstore

import (
	"context"
	"database/sql"

	"github.com/sello-mx/sello"
)

// PutTeamStripe stores a team's Stripe connection for one mode.
func (db *DB) PutTeamStripe(ctx context.Context, c *sello.TeamStripe, events ...*sello.Event) error {
	return db.InTx(ctx, "stripe connection", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO team_stripe (team_id, livemode, secret_key, webhook_secret,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (team_id, livemode) DO UPDATE SET secret_key = excluded.secret_key,
			webhook_secret = excluded.webhook_secret, updated_at = excluded.updated_at`,
			c.TeamID, c.Livemode, c.SealedSecretKey, c.SealedWebhookSecret, db.t(c.CreatedAt), db.t(c.UpdatedAt)); err != nil {
			return failed(err, "stripe connection", "team")
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindTeamStripe returns a team's Stripe connection for one mode.
func (db *DB) FindTeamStripe(ctx context.Context, team sello.TeamID, livemode bool) (*sello.TeamStripe, error) {
	c := sello.TeamStripe{TeamID: team, Livemode: livemode}
	var created, updated stamp
	err := db.read.QueryRowContext(ctx, `SELECT secret_key, webhook_secret, created_at, updated_at
		FROM team_stripe WHERE team_id = $1 AND livemode = $2`, team, livemode).Scan(
		&c.SealedSecretKey, &c.SealedWebhookSecret, &created, &updated)
	if err != nil {
		return nil, failed(err, "stripe connection", "")
	}
	c.CreatedAt, c.UpdatedAt = fromStamp(created), fromStamp(updated)
	return &c, nil
}
