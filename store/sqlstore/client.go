package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

const clientColumns = `id, team_id, livemode, name, legal_name, tax_id, tax_system, use, email,
	phone, company, is_valid, origin, doc, created_at, updated_at`

// clientDoc holds the client fields stored as JSON.
type clientDoc struct {
	BCC      []string             `json:"bcc,omitempty"`
	Address  sello.Address        `json:"address"`
	Defaults sello.ClientDefaults `json:"defaults"`
	Metadata map[string]any       `json:"metadata,omitempty"`
}

func (db *DB) clientArgs(c *sello.Client) ([]any, error) {
	doc, err := json.Marshal(clientDoc{BCC: c.BCC, Address: c.Address, Defaults: c.Defaults, Metadata: c.Metadata})
	if err != nil {
		return nil, sello.Wrap(sello.Internal, err, "cannot encode client")
	}
	return []any{c.ID, c.TeamID, c.Livemode, c.Name, c.LegalName, c.TaxID, c.TaxSystem, c.Use,
		c.Email, c.Phone, c.Company, c.IsValid, c.From, string(doc),
		db.t(c.CreatedAt), db.t(c.UpdatedAt), c.SearchText(), c.NameText(), c.SortName()}, nil
}

// CreateClient stores a new client with its events.
func (db *DB) CreateClient(ctx context.Context, c *sello.Client, events ...*sello.Event) error {
	args, err := db.clientArgs(c)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "client", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertClient, args...)
		return db.changed(ctx, tx, res, err, "client", events)
	})
}

const insertClient = `INSERT INTO clients (` + clientColumns + `, search, name_search, sort_name)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`

// insertClient stores a new client in a transaction (Creations).
func (db *DB) insertClient(ctx context.Context, ex Execer, c *sello.Client) error {
	args, err := db.clientArgs(c)
	if err != nil {
		return err
	}
	if _, err := ex.ExecContext(ctx, insertClient, args...); err != nil {
		return failed(err, "client", "team")
	}
	return nil
}

// UpdateClient replaces a stored, not deleted client.
func (db *DB) UpdateClient(ctx context.Context, c *sello.Client, events ...*sello.Event) error {
	args, err := db.clientArgs(c)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "client", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET name = $4, legal_name = $5, tax_id = $6,
			tax_system = $7, use = $8, email = $9, phone = $10, company = $11, is_valid = $12,
			origin = $13, doc = $14, updated_at = $15, search = $16, name_search = $17, sort_name = $18
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`,
			append(args[:14:14], args[15:]...)...)
		return db.changed(ctx, tx, res, err, "client", events)
	})
}

// DeleteClient soft-deletes a client.
func (db *DB) DeleteClient(ctx context.Context, team sello.TeamID, livemode bool, id string, at time.Time, events ...*sello.Event) error {
	return db.InTx(ctx, "client", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET deleted_at = $4, updated_at = $4
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`,
			id, team, livemode, db.t(at))
		return db.changed(ctx, tx, res, err, "client", events)
	})
}

// changed finishes one statement run in inTx: an error is named for what
// (a missing team for a foreign key), a statement that touched no row is
// NotFound, and otherwise the events are recorded in the same transaction.
func (db *DB) changed(ctx context.Context, tx *sql.Tx, res sql.Result, err error, what string, events []*sello.Event) error {
	if err != nil {
		return failed(err, what, "team")
	}
	if err := affected(res, nil, what); err != nil {
		return err
	}
	return db.insertEvents(ctx, tx, events)
}

// selectClientByID reads an undeleted client of a team and mode.
const selectClientByID = `SELECT ` + clientColumns + ` FROM clients
	WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`

// FindClientByID returns a client of the team and mode that is not deleted.
func (db *DB) FindClientByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Client, error) {
	c, err := scanClient(db.h.Lookup(ctx, selectClientByID, id, team, livemode))
	if err != nil {
		return nil, failed(err, "client", "")
	}
	return c, nil
}

// clientKeys are the conditions of f's client search by e-mail, tax id or
// exact name (ClientSearch, API.md §11.2), those f sets, each with one ?
// placeholder and its argument.
func clientKeys(f sello.ClientFilter) (conds []string, args []any) {
	for _, k := range []struct {
		cond, value string
	}{{`lower(email) = ?`, strings.ToLower(f.Email)}, {`tax_id = ?`, strings.ToUpper(f.TaxID)}, {`lower(name) = ?`, strings.ToLower(f.NameIs)}} {
		if k.value != "" {
			conds, args = append(conds, k.cond), append(args, k.value)
		}
	}
	return conds, args
}

// FindClients returns one page of clients matching f.
func (db *DB) FindClients(ctx context.Context, f sello.ClientFilter) ([]*sello.Client, bool, int, error) {
	q := db.newList(clientColumns, `clients`, `sort_name`)
	q.where(`team_id = ? AND livemode = ? AND deleted_at IS NULL`, f.TeamID, f.Livemode)
	if db.h.NarrowClients != nil {
		if ok, err := db.h.NarrowClients(ctx, ListQuery{&q}, f); err != nil || !ok {
			return nil, false, 0, err
		}
	}
	conds, args := clientKeys(f)
	for i, cond := range conds {
		q.where(cond, args[i])
	}
	if f.Name != "" {
		q.where(`name_search LIKE ? ESCAPE '\'`, LikeArg(f.Name))
	}
	if f.Query != "" {
		q.where(db.d.Contains("search", f.Query))
	}
	pair, onePair := db.metadataPairs(&q, `clients`, f.TeamID, f.Livemode, f.Metadata)
	if f.Email == "" && f.TaxID == "" && f.NameIs == "" && f.Name == "" && f.Query == "" &&
		f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		if onePair {
			keptListCount(&q, "clients", f.TeamID, f.Livemode, pair)
		} else if len(f.Metadata) == 0 {
			keptListCount(&q, "clients", f.TeamID, f.Livemode, "")
		}
	}
	var out []*sello.Client
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		c, err := scanClient(rows)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

func scanClient(s scanner) (*sello.Client, error) {
	var (
		c                sello.Client
		doc              string
		created, updated stamp
	)
	err := s.Scan(&c.ID, &c.TeamID, &c.Livemode, &c.Name, &c.LegalName, &c.TaxID, &c.TaxSystem,
		&c.Use, &c.Email, &c.Phone, &c.Company, &c.IsValid, &c.From, &doc, &created, &updated)
	if err != nil {
		return nil, err
	}
	var d clientDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, err
	}
	c.BCC, c.Address, c.Defaults, c.Metadata = d.BCC, d.Address, d.Defaults, d.Metadata
	c.CreatedAt, c.UpdatedAt = fromStamp(created), fromStamp(updated)
	return &c, nil
}
