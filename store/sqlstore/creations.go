package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/sello-mx/sello"
)

// adopted maps the id of a client or service a request would have created
// to the one another request created meanwhile, with the same search key
// or SKU, which the request's object names instead.
type adopted map[string]string

// id is the id to name for id: the adopted one, or id itself.
func (a adopted) id(id string) string {
	if held, ok := a[id]; ok {
		return held
	}
	return id
}

// events drops the events of the creations adopted instead of stored.
func (a adopted) events(events []*sello.Event) []*sello.Event {
	return slices.DeleteFunc(slices.Clone(events), func(e *sello.Event) bool {
		_, gone := a[e.ObjectID]
		return gone && (e.Type == "customer.created" || e.Type == "service.created")
	})
}

// create stores the clients and services a request creates, in the
// transaction of its object. A client created by a search is not stored
// when the search, run again here, finds one (created meanwhile): it is
// adopted. A service whose SKU another holds is AlreadyExists, unless
// keepTaken (an invoice already stamped must be stored): then it is
// adopted.
func (db *DB) create(ctx context.Context, ex Execer, c sello.Creations, keepTaken bool) (adopted, error) {
	var a adopted
	adopt := func(id, held string) {
		if a == nil {
			a = adopted{}
		}
		a[id] = held
	}
	for _, cl := range c.Clients {
		if f, ok := c.Searched[cl.ID]; ok {
			held, err := db.clientFound(ctx, ex, f)
			if err != nil {
				return nil, err
			}
			if held != "" {
				adopt(cl.ID, held)
				continue
			}
		}
		if err := db.insertClient(ctx, ex, cl); err != nil {
			return nil, err
		}
	}
	for _, p := range c.Products {
		held, err := db.insertProduct(ctx, ex, p, keepTaken)
		if err != nil {
			return nil, err
		}
		if held != "" {
			adopt(p.ID, held)
		}
	}
	return a, nil
}

// clientFound runs a client search (by tax id, e-mail or name, as
// FindClients does) in a transaction, after taking the dialect's lock on
// it, so that two transactions creating a client for one search run it
// one after the other: the id of the oldest live client it finds, or "".
func (db *DB) clientFound(ctx context.Context, ex Execer, f sello.ClientFilter) (string, error) {
	conds, keys := clientKeys(f)
	if db.d.LockKey != "" {
		key := fmt.Sprintf("client search\x1f%s\x1f%t\x1f%v", f.TeamID, f.Livemode, keys)
		if _, err := ex.ExecContext(ctx, db.d.LockKey, key); err != nil {
			return "", failed(err, "client", "")
		}
	}
	q := `SELECT id FROM clients WHERE team_id = ? AND livemode = ? AND deleted_at IS NULL`
	for _, cond := range conds {
		q += ` AND ` + cond
	}
	var id string
	err := ex.QueryRowContext(ctx, Dollars(q+` ORDER BY created_at, id LIMIT 1`), append([]any{f.TeamID, f.Livemode}, keys...)...).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", failed(err, "client", "")
	}
	return id, nil
}

// createFor stores cr (nil: nothing) in tx for an object not yet stamped
// (a payment, a receipt: a service's SKU taken is AlreadyExists) whose
// client is named by id and snapshot c, and has the object name the client
// adopted instead of the one it would have created: the events left to
// record.
func (db *DB) createFor(ctx context.Context, ex Execer, cr *sello.Creations, id *string, c **sello.Client, events []*sello.Event) ([]*sello.Event, error) {
	if cr == nil {
		return events, nil
	}
	a, err := db.create(ctx, ex, *cr, false)
	if err != nil || len(a) == 0 {
		return events, err
	}
	*id = a.id(*id)
	if *c != nil {
		named := **c
		named.ID = a.id(named.ID)
		*c = &named
	}
	return a.events(events), nil
}
