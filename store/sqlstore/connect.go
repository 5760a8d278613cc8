package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/sello-mx/sello"
)

// encodeJSON is the stored form of a JSON column.
func encodeJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, sello.Wrap(sello.Internal, err, "cannot encode a JSON column")
	}
	return b, nil
}

// decodeJSON reads a JSON column, keeping numbers as json.Number.
func decodeJSON(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// UpdateTeam stores every mutable field of an existing, undeleted team.
func (db *DB) UpdateTeam(ctx context.Context, t *sello.Team, events ...*sello.Event) error {
	profile, err := encodeJSON(t.TeamProfile)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "team", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE teams SET name = $2, legal_name = $3, tax_id = $4,
			tax_system = $5, zip = $6, updated_at = $7, profile = $8, owner_id = $9
			WHERE id = $1 AND deleted_at IS NULL`,
			t.ID, t.Name, t.LegalName, t.TaxID, t.TaxSystem, t.Zip, db.t(t.UpdatedAt), profile, nullString(string(t.OwnerID)))
		if err := affected(res, err, "team"); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// DeleteTeam soft-deletes a team.
func (db *DB) DeleteTeam(ctx context.Context, id sello.TeamID, at time.Time, events ...*sello.Event) error {
	return db.InTx(ctx, "team", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE teams SET deleted_at = $2, updated_at = $2
			WHERE id = $1 AND deleted_at IS NULL`, id, db.t(at))
		if err := affected(res, err, "team"); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

const csdColumns = `team_id, livemode, certificate, sealed_key, sealed_password, no_certificado, rfc,
	not_before, not_after, connected_at`

// PutTeamCSD stores a team's CSD for one mode, replacing the previous one.
func (db *DB) PutTeamCSD(ctx context.Context, c *sello.TeamCSD, events ...*sello.Event) error {
	return db.InTx(ctx, "team CSD", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM teams WHERE id = $1 AND deleted_at IS NULL`, c.TeamID).Scan(&n); err != nil {
			return failed(err, "team", "")
		} else if n == 0 {
			return sello.Errorf(sello.NotFound, "team not found")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO team_csds (`+csdColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (team_id, livemode) DO UPDATE SET certificate = excluded.certificate,
				sealed_key = excluded.sealed_key, sealed_password = excluded.sealed_password,
				no_certificado = excluded.no_certificado, rfc = excluded.rfc,
				not_before = excluded.not_before, not_after = excluded.not_after,
				connected_at = excluded.connected_at`,
			c.TeamID, c.Livemode, c.Certificate, c.SealedKey, c.SealedPassword, c.NoCertificado, c.RFC,
			db.t(c.NotBefore), db.t(c.NotAfter), db.t(c.ConnectedAt))
		if err != nil {
			return failed(err, "team CSD", "team")
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// selectTeamCSD reads a team's CSD of one mode.
const selectTeamCSD = `SELECT ` + csdColumns + ` FROM team_csds WHERE team_id = $1 AND livemode = $2`

// FindTeamCSD returns a team's CSD for one mode, or NotFound.
func (db *DB) FindTeamCSD(ctx context.Context, team sello.TeamID, livemode bool) (*sello.TeamCSD, error) {
	var c sello.TeamCSD
	err := db.h.Lookup(ctx, selectTeamCSD, team, livemode).Scan(&c.TeamID, &c.Livemode, &c.Certificate, &c.SealedKey, &c.SealedPassword,
		&c.NoCertificado, &c.RFC, scanTime(&c.NotBefore), scanTime(&c.NotAfter), scanTime(&c.ConnectedAt))
	if err != nil {
		return nil, failed(err, "team CSD", "")
	}
	return &c, nil
}

const userColumns = `id, email, first_name, last_name, phone, company_role, address, zip, created_by_team, created_at`

func scanUser(s scanner) (*sello.User, error) {
	var (
		u       sello.User
		address []byte
	)
	err := s.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.Phone, &u.CompanyRole, &address, &u.Zip,
		&u.CreatedByTeam, scanTime(&u.CreatedAt))
	if err != nil {
		return nil, err
	}
	return &u, decodeJSON(address, &u.Address)
}

// CreateUser stores a new user and, when m is not nil, its membership.
func (db *DB) CreateUser(ctx context.Context, u *sello.User, m *sello.Member, events ...*sello.Event) error {
	address, err := encodeJSON(u.Address)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "user", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (`+userColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			u.ID, u.Email, u.FirstName, u.LastName, u.Phone, u.CompanyRole, address, u.Zip, u.CreatedByTeam, db.t(u.CreatedAt))
		if err != nil {
			return failed(err, "user", "team")
		}
		if m != nil {
			if err := db.putMember(ctx, tx, m); err != nil {
				return err
			}
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindUserByID returns a user or NotFound.
func (db *DB) FindUserByID(ctx context.Context, id sello.UserID) (*sello.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, failed(err, "user", "")
	}
	return u, nil
}

// UpdateUser stores every mutable field of an existing user.
func (db *DB) UpdateUser(ctx context.Context, u *sello.User, events ...*sello.Event) error {
	address, err := encodeJSON(u.Address)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "user", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET email = $2, first_name = $3, last_name = $4,
			phone = $5, company_role = $6, address = $7, zip = $8 WHERE id = $1`,
			u.ID, u.Email, u.FirstName, u.LastName, u.Phone, u.CompanyRole, address, u.Zip)
		if err != nil {
			return failed(err, "user", "")
		}
		if err := affected(res, nil, "user"); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// DeleteUser removes a user, its memberships and its ownerships.
func (db *DB) DeleteUser(ctx context.Context, id sello.UserID, events ...*sello.Event) error {
	return db.InTx(ctx, "user", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE teams SET owner_id = NULL WHERE owner_id = $1`, id); err != nil {
			return failed(err, "team", "")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_members WHERE user_id = $1`, id); err != nil {
			return failed(err, "member", "")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, id)
		if err := affected(res, err, "user"); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindUsers returns one page of the users a team sees.
func (db *DB) FindUsers(ctx context.Context, f sello.UserFilter) ([]*sello.User, bool, int, error) {
	q := db.newList(userColumns, `users`, `email`)
	q.where(`(created_by_team = ? OR id IN (SELECT user_id FROM team_members WHERE team_id = ?))`, f.VisibleTo, f.VisibleTo)
	if f.Email != "" {
		q.where(`email = ?`, f.Email)
	}
	if f.Role != "" {
		q.where(`id IN (SELECT user_id FROM team_members WHERE team_id = ? AND role = ?)`, f.VisibleTo, string(f.Role))
	}
	var users []*sello.User
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		if err != nil {
			return err
		}
		users = append(users, u)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return users, hasMore, total, nil
}

func (db *DB) putMember(ctx context.Context, tx *sql.Tx, m *sello.Member) error {
	perms, err := encodeJSON(m.Permissions)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, permissions, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role, permissions = excluded.permissions`,
		m.TeamID, m.UserID, string(m.Role), perms, db.t(m.CreatedAt))
	if err != nil {
		return failed(err, "member", "user")
	}
	return nil
}

// PutMembers adds, updates and removes memberships of one team at once.
func (db *DB) PutMembers(ctx context.Context, team sello.TeamID, put []*sello.Member, remove []sello.UserID, events ...*sello.Event) error {
	return db.InTx(ctx, "member", func(tx *sql.Tx) error {
		for _, m := range put {
			m.TeamID = team
			if err := db.putMember(ctx, tx, m); err != nil {
				return err
			}
		}
		for _, u := range remove {
			if _, err := tx.ExecContext(ctx, `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, team, u); err != nil {
				return failed(err, "member", "")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE teams SET owner_id = NULL WHERE id = $1 AND owner_id = $2`, team, u); err != nil {
				return failed(err, "team", "")
			}
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindMembers returns every member of a team, oldest first.
func (db *DB) FindMembers(ctx context.Context, team sello.TeamID) ([]*sello.Member, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT m.team_id, m.user_id, u.email, m.role, m.permissions, m.created_at
		FROM team_members m JOIN users u ON u.id = m.user_id
		WHERE m.team_id = $1 ORDER BY m.created_at, m.user_id`, team)
	if err != nil {
		return nil, failed(err, "members", "")
	}
	defer rows.Close()
	var out []*sello.Member
	for rows.Next() {
		var (
			m     sello.Member
			role  string
			perms []byte
		)
		if err := rows.Scan(&m.TeamID, &m.UserID, &m.Email, &role, &perms, scanTime(&m.CreatedAt)); err != nil {
			return nil, failed(err, "members", "")
		}
		m.Role = sello.Role(role)
		if err := decodeJSON(perms, &m.Permissions); err != nil {
			return nil, failed(err, "members", "")
		}
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "members", "")
	}
	return out, nil
}

// CreateSeries stores a new series.
func (db *DB) CreateSeries(ctx context.Context, s *sello.Series) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO series (id, team_id, name, next_live, next_test, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, s.ID, s.TeamID, s.Name, s.NextLive, s.NextTest, db.t(s.CreatedAt))
	if err != nil {
		return failed(err, "series", "team")
	}
	return nil
}

// UpdateSeries stores the counters of an existing series.
func (db *DB) UpdateSeries(ctx context.Context, s *sello.Series) error {
	res, err := db.write.ExecContext(ctx, `UPDATE series SET next_live = $3, next_test = $4 WHERE id = $1 AND team_id = $2`,
		s.ID, s.TeamID, s.NextLive, s.NextTest)
	return affected(res, err, "series")
}

// FindSeries returns every series of a team, oldest first.
func (db *DB) FindSeries(ctx context.Context, team sello.TeamID) ([]*sello.Series, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, team_id, name, next_live, next_test, created_at
		FROM series WHERE team_id = $1 ORDER BY created_at, id`, team)
	if err != nil {
		return nil, failed(err, "series", "")
	}
	defer rows.Close()
	var out []*sello.Series
	for rows.Next() {
		var s sello.Series
		if err := rows.Scan(&s.ID, &s.TeamID, &s.Name, &s.NextLive, &s.NextTest, scanTime(&s.CreatedAt)); err != nil {
			return nil, failed(err, "series", "")
		}
		out = append(out, &s)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "series", "")
	}
	return out, nil
}

// selectTeamSettings reads a team's stored settings.
const selectTeamSettings = `SELECT data FROM team_settings WHERE team_id = $1`

// FindTeamSettings returns a team's stored settings, or nil.
func (db *DB) FindTeamSettings(ctx context.Context, team sello.TeamID) ([]byte, error) {
	var b []byte
	err := db.h.Lookup(ctx, selectTeamSettings, team).Scan(&b)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, failed(err, "team settings", "")
	}
	return b, nil
}

// PutTeamSettings replaces a team's settings.
func (db *DB) PutTeamSettings(ctx context.Context, team sello.TeamID, settings []byte, events ...*sello.Event) error {
	return db.InTx(ctx, "team settings", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO team_settings (team_id, data) VALUES ($1, $2)
			ON CONFLICT (team_id) DO UPDATE SET data = excluded.data`, team, settings)
		if err != nil {
			return failed(err, "team settings", "team")
		}
		return db.insertEvents(ctx, tx, events)
	})
}
