package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

const productColumns = `id, team_id, livemode, description, name, unit_price, product_key, sku,
	category, active, origin, doc, created_at, updated_at`

// productDoc holds the service fields stored as JSON.
type productDoc struct {
	UnitKey    string          `json:"unit_key"`
	UnitName   string          `json:"unit_name"`
	Taxes      []sello.Tax     `json:"taxes"`
	Taxability string          `json:"taxability"`
	Quantity   decimal.Decimal `json:"quantity"`
	Currency   string          `json:"currency"`
	Metadata   map[string]any  `json:"metadata,omitempty"`
}

func (db *DB) productArgs(p *sello.Product) ([]any, error) {
	doc, err := json.Marshal(productDoc{UnitKey: p.UnitKey, UnitName: p.UnitName, Taxes: p.Taxes,
		Taxability: p.Taxability, Quantity: p.Quantity, Currency: p.Currency, Metadata: p.Metadata})
	if err != nil {
		return nil, sello.Wrap(sello.Internal, err, "cannot encode service")
	}
	sku := sql.NullString{String: p.SKU, Valid: p.SKU != ""}
	return []any{p.ID, p.TeamID, p.Livemode, p.Description, p.Name, p.UnitPrice.String(),
		p.ProductKey, sku, p.Category, p.Active, p.From, string(doc),
		db.t(p.CreatedAt), db.t(p.UpdatedAt), p.SearchText(), p.PriceMicros()}, nil
}

// CreateProduct stores a new service with its events.
func (db *DB) CreateProduct(ctx context.Context, p *sello.Product, events ...*sello.Event) error {
	args, err := db.productArgs(p)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "service", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertProduct, args...)
		return db.changed(ctx, tx, res, err, "service", events)
	})
}

const insertProduct = `INSERT INTO services (` + productColumns + `, search, price_micros)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`

// insertProduct stores a new service in a transaction (Creations):
// AlreadyExists when another service holds its SKU, unless keepTaken,
// when it is not stored and the id of the service holding the SKU is
// returned (what it was created with, an invoice already stamped, must be
// stored whatever happened to the SKU meanwhile).
func (db *DB) insertProduct(ctx context.Context, ex Execer, p *sello.Product, keepTaken bool) (string, error) {
	args, err := db.productArgs(p)
	if err != nil {
		return "", err
	}
	if !keepTaken || p.SKU == "" {
		if _, err := ex.ExecContext(ctx, insertProduct, args...); err != nil {
			return "", failed(err, "service", "team")
		}
		return "", nil
	}
	res, err := ex.ExecContext(ctx, insertProduct+` ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return "", failed(err, "service", "team")
	}
	if n, err := res.RowsAffected(); err != nil {
		return "", failed(err, "service", "")
	} else if n == 1 {
		return "", nil
	}
	var holder string
	if err := ex.QueryRowContext(ctx, `SELECT id FROM services WHERE team_id = $1 AND livemode = $2 AND sku = $3
		AND deleted_at IS NULL`, p.TeamID, p.Livemode, p.SKU).Scan(&holder); err != nil {
		return "", failed(err, "service", "")
	}
	return holder, nil
}

// UpdateProduct replaces a stored, not deleted service.
func (db *DB) UpdateProduct(ctx context.Context, p *sello.Product, events ...*sello.Event) error {
	args, err := db.productArgs(p)
	if err != nil {
		return err
	}
	return db.InTx(ctx, "service", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE services SET description = $4, name = $5, unit_price = $6,
			product_key = $7, sku = $8, category = $9, active = $10, origin = $11, doc = $12,
			updated_at = $13, search = $14, price_micros = $15
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`,
			append(args[:12:12], args[13:]...)...)
		return db.changed(ctx, tx, res, err, "service", events)
	})
}

// DeleteProduct soft-deletes a service.
func (db *DB) DeleteProduct(ctx context.Context, team sello.TeamID, livemode bool, id string, at time.Time, events ...*sello.Event) error {
	return db.InTx(ctx, "service", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE services SET deleted_at = $4, updated_at = $4
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`,
			id, team, livemode, db.t(at))
		return db.changed(ctx, tx, res, err, "service", events)
	})
}

// FindProductByID returns a service of the team and mode that is not deleted.
func (db *DB) FindProductByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Product, error) {
	p, err := scanProduct(db.read.QueryRowContext(ctx, `SELECT `+productColumns+` FROM services
		WHERE id = $1 AND team_id = $2 AND livemode = $3 AND deleted_at IS NULL`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "service", "")
	}
	return p, nil
}

// FindProducts returns one page of services matching f.
func (db *DB) FindProducts(ctx context.Context, f sello.ProductFilter) ([]*sello.Product, bool, int, error) {
	q := db.newList(productColumns, `services`, `description`)
	q.where(`team_id = ? AND livemode = ? AND deleted_at IS NULL`, f.TeamID, f.Livemode)
	if f.Name != "" {
		q.where(`search LIKE ? ESCAPE '\'`, LikeArg(f.Name))
	}
	if f.Category != "" {
		q.where(`category = ?`, f.Category)
	}
	if f.Active != nil {
		q.where(`active = ?`, *f.Active)
	}
	if f.MinPrice != nil {
		q.where(`price_micros >= ?`, (&sello.Product{UnitPrice: *f.MinPrice}).PriceMicros())
	}
	if f.MaxPrice != nil {
		q.where(`price_micros <= ?`, (&sello.Product{UnitPrice: *f.MaxPrice}).PriceMicros())
	}
	if f.SKU != "" {
		q.where(`sku = ?`, f.SKU)
	}
	if f.ProductKey != "" {
		q.where(`product_key = ?`, f.ProductKey)
	}
	pair, onePair := db.metadataPairs(&q, `services`, f.TeamID, f.Livemode, f.Metadata)
	if f.Name == "" && f.Category == "" && f.Active == nil && f.MinPrice == nil && f.MaxPrice == nil && f.SKU == "" &&
		f.ProductKey == "" && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		if onePair {
			keptListCount(&q, "services", f.TeamID, f.Livemode, pair)
		} else if len(f.Metadata) == 0 {
			keptListCount(&q, "services", f.TeamID, f.Livemode, "")
		}
	}
	var out []*sello.Product
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		p, err := scanProduct(rows)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

func scanProduct(s scanner) (*sello.Product, error) {
	var (
		p                sello.Product
		price, doc       string
		sku              sql.NullString
		created, updated stamp
	)
	err := s.Scan(&p.ID, &p.TeamID, &p.Livemode, &p.Description, &p.Name, &price, &p.ProductKey,
		&sku, &p.Category, &p.Active, &p.From, &doc, &created, &updated)
	if err != nil {
		return nil, err
	}
	if p.UnitPrice, err = decimal.NewFromString(price); err != nil {
		return nil, err
	}
	var d productDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, err
	}
	p.UnitKey, p.UnitName, p.Taxes, p.Taxability = d.UnitKey, d.UnitName, d.Taxes, d.Taxability
	p.Quantity, p.Currency, p.Metadata = d.Quantity, d.Currency, d.Metadata
	p.SKU = sku.String
	p.CreatedAt, p.UpdatedAt = fromStamp(created), fromStamp(updated)
	return &p, nil
}
