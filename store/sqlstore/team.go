package sqlstore

import (
	"context"
	"database/sql"

	"github.com/sello-mx/sello"
)

const teamColumns = `id, parent_id, name, legal_name, tax_id, tax_system, zip, sandbox, created_at, updated_at, profile, owner_id`

const selectTeam = `SELECT ` + teamColumns + ` FROM teams`

// liveTeam selects teams that are not deleted.
const liveTeam = ` deleted_at IS NULL`

// selectTeamByID reads an undeleted team, on every authenticated request.
const selectTeamByID = selectTeam + ` WHERE id = $1 AND` + liveTeam

// CreateTeam stores a new team. AlreadyExists if the id is taken; NotFound if
// the parent team does not exist.
func (db *DB) CreateTeam(ctx context.Context, t *sello.Team, events ...*sello.Event) error {
	profile, err := encodeJSON(t.TeamProfile)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "team", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO teams (`+teamColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			t.ID, sql.NullString{String: string(t.ParentID), Valid: t.ParentID != ""},
			t.Name, t.LegalName, t.TaxID, t.TaxSystem, t.Zip, t.Sandbox,
			db.t(t.CreatedAt), db.t(t.UpdatedAt), profile, nullString(string(t.OwnerID)))
		if err != nil {
			return failed(err, "team", "parent team")
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindTeamByID returns a team or NotFound.
func (db *DB) FindTeamByID(ctx context.Context, id sello.TeamID) (*sello.Team, error) {
	t, err := scanTeam(db.h.Lookup(ctx, selectTeamByID, id))
	if err != nil {
		return nil, failed(err, "team", "")
	}
	return t, nil
}

// CountTeams returns how many teams exist.
func (db *DB) CountTeams(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM teams`).Scan(&n); err != nil {
		return 0, failed(err, "teams", "")
	}
	return n, nil
}

// FindTeams returns one page of teams matching f, whether more follow, and
// how many match in total.
func (db *DB) FindTeams(ctx context.Context, f sello.TeamFilter) ([]*sello.Team, bool, int, error) {
	q := db.newList(teamColumns, `teams`, `legal_name`)
	if f.SelfOrChildrenOf != "" {
		q.where(`(id = ? OR parent_id = ?)`, f.SelfOrChildrenOf, f.SelfOrChildrenOf)
	}
	if f.ChildrenOf != "" {
		q.where(`parent_id = ?`, f.ChildrenOf)
	}
	q.where(liveTeam)
	var teams []*sello.Team
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		t, err := scanTeam(rows)
		if err != nil {
			return err
		}
		teams = append(teams, t)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return teams, hasMore, total, nil
}

func scanTeam(s scanner) (*sello.Team, error) {
	var (
		t                sello.Team
		parent, owner    sql.NullString
		profile          []byte
		created, updated stamp
	)
	err := s.Scan(&t.ID, &parent, &t.Name, &t.LegalName, &t.TaxID, &t.TaxSystem, &t.Zip,
		&t.Sandbox, &created, &updated, &profile, &owner)
	if err != nil {
		return nil, err
	}
	t.ParentID, t.OwnerID = sello.TeamID(parent.String), sello.UserID(owner.String)
	if err := decodeJSON(profile, &t.TeamProfile); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = fromStamp(created), fromStamp(updated)
	return &t, nil
}
