package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

const receiptColumns = `id, team_id, livemode, status, client_id, valid_until, holder, claimed_until,
	doc, created_at, updated_at`

// receiptDoc holds the receipt fields stored as JSON. Decimals are JSON
// strings of their exact text, never floats.
type receiptDoc struct {
	Client         *sello.Client        `json:"client,omitempty"`
	Items          []sello.InvoiceItem  `json:"items"`
	Currency       string               `json:"currency"`
	ExchangeRate   decimal.Decimal      `json:"exchange_rate"`
	Subtotal       decimal.Decimal      `json:"subtotal"`
	Discount       decimal.Decimal      `json:"discount"`
	Taxes          decimal.Decimal      `json:"taxes"`
	Withheld       decimal.Decimal      `json:"withheld"`
	Total          decimal.Decimal      `json:"total"`
	PaymentForm    string               `json:"payment_form"`
	Periodicity    string               `json:"periodicity"`
	InvoiceRef     string               `json:"invoice_ref,omitempty"`
	InvoiceUUID    string               `json:"invoice_uuid,omitempty"`
	InvoicedAt     *time.Time           `json:"invoiced_at,omitempty"`
	PaymentID      string               `json:"payment_id,omitempty"`
	InvoiceConfig  *sello.InvoiceConfig `json:"invoice_config,omitempty"`
	IdempotencyKey string               `json:"idempotency_key,omitempty"`
	Metadata       map[string]any       `json:"metadata"`
	From           string               `json:"from,omitempty"`
	CanceledAt     *time.Time           `json:"canceled_at,omitempty"`
}

// receiptArgs returns the values of receiptColumns followed by sort_name.
func (db *DB) receiptArgs(r *sello.Receipt) ([]any, error) {
	doc, err := encodeJSON(receiptDoc{
		Client: r.Client, Items: r.Items, Currency: r.Currency, ExchangeRate: r.ExchangeRate,
		Subtotal: r.Subtotal, Discount: r.Discount, Taxes: r.Taxes, Withheld: r.Withheld, Total: r.Total,
		PaymentForm: r.PaymentForm, Periodicity: r.Periodicity, InvoiceRef: r.InvoiceRef,
		InvoiceUUID: r.InvoiceUUID, InvoicedAt: optTime(r.InvoicedAt), PaymentID: r.PaymentID,
		InvoiceConfig: r.InvoiceConfig, IdempotencyKey: r.IdempotencyKey, Metadata: r.Metadata,
		From: r.From, CanceledAt: optTime(r.CanceledAt),
	})
	if err != nil {
		return nil, err
	}
	sortName := ""
	if r.Client != nil {
		sortName = r.Client.LegalName
	}
	return []any{r.ID, r.TeamID, r.Livemode, string(r.Status), nullString(r.ClientID), db.t(r.ValidUntil),
		nullString(r.Holder), db.nt(r.ClaimedUntil), string(doc), db.t(r.CreatedAt), db.t(r.UpdatedAt),
		sortName}, nil
}

func scanReceipt(s scanner) (*sello.Receipt, error) {
	var (
		r                       sello.Receipt
		status, doc             string
		client, holder          sql.NullString
		valid, created, updated stamp
	)
	err := s.Scan(&r.ID, &r.TeamID, &r.Livemode, &status, &client, &valid, &holder,
		scanTime(&r.ClaimedUntil), &doc, &created, &updated)
	if err != nil {
		return nil, err
	}
	r.Status, r.ClientID, r.Holder = sello.ReceiptStatus(status), client.String, holder.String
	r.ValidUntil, r.CreatedAt, r.UpdatedAt = fromStamp(valid), fromStamp(created), fromStamp(updated)
	var d receiptDoc
	if err := decodeJSON([]byte(doc), &d); err != nil {
		return nil, err
	}
	r.Client, r.Items, r.Currency, r.ExchangeRate = d.Client, d.Items, d.Currency, d.ExchangeRate
	r.Totals = sello.Totals{Subtotal: d.Subtotal, Discount: d.Discount, Taxes: d.Taxes, Withheld: d.Withheld, Total: d.Total}
	r.PaymentForm, r.Periodicity, r.InvoiceRef, r.InvoiceUUID = d.PaymentForm, d.Periodicity, d.InvoiceRef, d.InvoiceUUID
	if d.InvoicedAt != nil {
		r.InvoicedAt = d.InvoicedAt.UTC()
	}
	if d.CanceledAt != nil {
		r.CanceledAt = d.CanceledAt.UTC()
	}
	r.PaymentID, r.InvoiceConfig, r.IdempotencyKey, r.Metadata, r.From = d.PaymentID, d.InvoiceConfig,
		d.IdempotencyKey, d.Metadata, d.From
	return &r, nil
}

// CreateReceipt stores a new receipt with its events.
func (db *DB) CreateReceipt(ctx context.Context, r *sello.Receipt, cr *sello.Creations, events ...*sello.Event) error {
	return db.InTx(ctx, "receipt", func(tx *sql.Tx) error {
		events, err := db.createFor(ctx, tx, cr, &r.ClientID, &r.Client, events)
		if err != nil {
			return err
		}
		args, err := db.receiptArgs(r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO receipts (`+receiptColumns+`, sort_name)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, args...); err != nil {
			return failed(err, "receipt", "team")
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// FindReceiptByID returns a receipt of the team and mode.
func (db *DB) FindReceiptByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Receipt, error) {
	r, err := scanReceipt(db.read.QueryRowContext(ctx, `SELECT `+receiptColumns+` FROM receipts
		WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "receipt", "")
	}
	return r, nil
}

// FindReceipts returns one page of receipts matching f.
func (db *DB) FindReceipts(ctx context.Context, f sello.ReceiptFilter) ([]*sello.Receipt, bool, int, error) {
	q := db.newList(receiptColumns, `receipts`, `sort_name`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	switch f.Status {
	case "":
	case sello.ReceiptExpired:
		q.where(`status = 'pending' AND valid_until < ?`, db.t(f.Now))
	default:
		q.where(`status = ?`, string(f.Status))
	}
	if f.ClientID != "" {
		q.where(`client_id = ?`, f.ClientID)
	}
	pair, onePair := db.metadataPairs(&q, `receipts`, f.TeamID, f.Livemode, f.Metadata)
	if f.Status != sello.ReceiptExpired && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		var statuses []string
		if f.Status != "" {
			statuses = []string{string(f.Status)}
		}
		if onePair && f.Status == "" && f.ClientID == "" {
			keptListCount(&q, "receipts", f.TeamID, f.Livemode, pair)
		} else if len(f.Metadata) == 0 {
			keptListCount(&q, "receipts", f.TeamID, f.Livemode, statusClientFacets(f.ClientID, statuses...)...)
		}
	}
	var out []*sello.Receipt
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		r, err := scanReceipt(rows)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// unclaimed is the condition that no claim on a receipt is live at $now.
const unclaimed = `(claimed_until IS NULL OR claimed_until <= $4)`

// UpdateReceipt writes a pending, unclaimed receipt.
func (db *DB) UpdateReceipt(ctx context.Context, r *sello.Receipt, now time.Time, cr *sello.Creations, events ...*sello.Event) error {
	return db.InTx(ctx, "receipt", func(tx *sql.Tx) error {
		events, err := db.createFor(ctx, tx, cr, &r.ClientID, &r.Client, events)
		if err != nil {
			return err
		}
		args, err := db.receiptArgs(r)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE receipts SET status = $5, client_id = $6, valid_until = $7,
			doc = $8, updated_at = $9, sort_name = $10
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND status = 'pending' AND `+unclaimed,
			r.ID, r.TeamID, r.Livemode, db.t(now), args[3], args[4], args[5], args[8], args[10], args[11])
		if err != nil {
			return failed(err, "receipt", "")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return failed(err, "receipt", "")
			}
			return db.whyNotClaimable(ctx, tx, r.TeamID, r.Livemode, r.ID, now)
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// whyNotClaimable tells why a receipt could not be changed or claimed:
// NotFound, NotAllowed when it is no longer pending, Conflict when claimed.
func (db *DB) whyNotClaimable(ctx context.Context, q Execer, team sello.TeamID, livemode bool, id string, now time.Time) error {
	rows, err := q.QueryContext(ctx, `SELECT status FROM receipts WHERE id = $1 AND team_id = $2 AND livemode = $3`,
		id, team, livemode)
	if err != nil {
		return failed(err, "receipt", "")
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return failed(err, "receipt", "")
		}
		return sello.Errorf(sello.NotFound, "receipt not found")
	}
	var status string
	if err := rows.Scan(&status); err != nil {
		return failed(err, "receipt", "")
	}
	if status != string(sello.ReceiptPending) {
		return sello.Errorf(sello.NotAllowed, "The receipt is %s", status)
	}
	return sello.Errorf(sello.Conflict, "The receipt is being invoiced right now")
}

// ClaimReceipt leases a pending, unclaimed receipt to holder.
func (db *DB) ClaimReceipt(ctx context.Context, team sello.TeamID, livemode bool, id, holder string, now, until time.Time) (*sello.Receipt, error) {
	var out *sello.Receipt
	err := db.InTx(ctx, "receipt", func(tx *sql.Tx) error {
		r, err := scanReceipt(tx.QueryRowContext(ctx, `UPDATE receipts SET holder = $5, claimed_until = $6
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND status = 'pending' AND `+unclaimed+`
			RETURNING `+receiptColumns, id, team, livemode, db.t(now), holder, db.t(until)))
		if err == sql.ErrNoRows {
			return db.whyNotClaimable(ctx, tx, team, livemode, id, now)
		} else if err != nil {
			return failed(err, "receipt", "")
		}
		out = r
		return nil
	})
	return out, err
}

// ClaimPeriodReceipts leases the pending receipts of a period to holder.
func (db *DB) ClaimPeriodReceipts(ctx context.Context, team sello.TeamID, livemode bool, from, to time.Time, holder string, now, until time.Time) ([]*sello.Receipt, error) {
	var out []*sello.Receipt
	err := db.InTx(ctx, "receipt", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE receipts SET holder = $5, claimed_until = $6
			WHERE team_id = $1 AND livemode = $2 AND status = 'pending' AND valid_until >= $3 AND valid_until <= $7
			AND (claimed_until IS NULL OR claimed_until <= $4 OR holder = $5)
			RETURNING `+receiptColumns, team, livemode, db.t(from), db.t(now), holder, db.t(until), db.t(to))
		if err != nil {
			return failed(err, "receipt", "")
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReceipt(rows)
			if err != nil {
				return failed(err, "receipt", "")
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return failed(err, "receipt", "")
		}
		return nil
	})
	sortReceipts(out)
	return out, err
}

func sortReceipts(rs []*sello.Receipt) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	})
}

// ReleaseReceipts ends holder's claim on receipts.
func (db *DB) ReleaseReceipts(ctx context.Context, team sello.TeamID, livemode bool, holder string, ids ...string) error {
	return db.InTx(ctx, "receipt", func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE receipts SET claimed_until = NULL
				WHERE id = $1 AND team_id = $2 AND livemode = $3 AND holder = $4`, id, team, livemode, holder); err != nil {
				return failed(err, "receipt", "")
			}
		}
		return nil
	})
}

// completeReceipts marks receipts completed by inv (the mutable fields
// given), each still pending and held by inv.ID, and the run, held by
// inv.ID, done with it: Conflict otherwise.
func (db *DB) completeReceipts(ctx context.Context, tx *sql.Tx, inv *sello.Invoice, receipts []*sello.Receipt, run *sello.GlobalRun) error {
	for _, r := range receipts {
		args, err := db.receiptArgs(r)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE receipts SET status = $5, doc = $6, updated_at = $7,
			claimed_until = NULL WHERE id = $1 AND team_id = $2 AND livemode = $3 AND holder = $4 AND status = 'pending'`,
			r.ID, r.TeamID, r.Livemode, inv.ID, args[3], args[8], args[10])
		if err := heldStill(res, err); err != nil {
			return err
		}
	}
	if run != nil {
		res, err := tx.ExecContext(ctx, `UPDATE global_invoice_runs SET done = $6, invoice_id = $5, claimed_until = NULL
			WHERE team_id = $1 AND livemode = $2 AND periodicity = $3 AND period_start = $4 AND holder = $5 AND NOT done`,
			run.TeamID, run.Livemode, run.Periodicity, db.t(run.Start), inv.ID, true)
		if err := heldStill(res, err); err != nil {
			return err
		}
	}
	return nil
}

// heldStill checks that a conditional update on a claim matched its row.
func heldStill(res sql.Result, err error) error {
	if err != nil {
		return failed(err, "receipt", "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return failed(err, "receipt", "")
	}
	if n == 0 {
		return sello.Errorf(sello.Conflict, "The claim on the receipt was lost")
	}
	return nil
}

// FindExpiredReceipts returns pending, unclaimed receipts past valid_until.
func (db *DB) FindExpiredReceipts(ctx context.Context, before time.Time, after *sello.Receipt, limit int) ([]*sello.Receipt, error) {
	from, fromID := db.t(time.Unix(0, 0)), ""
	if after != nil {
		from, fromID = db.t(after.ValidUntil), after.ID
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+receiptColumns+` FROM receipts
		WHERE status = 'pending' AND valid_until < $1 AND (claimed_until IS NULL OR claimed_until <= $1)
		AND (valid_until > $3 OR (valid_until = $3 AND id > $4))
		ORDER BY valid_until, id LIMIT $2`, db.t(before), limit, from, fromID)
	if err != nil {
		return nil, failed(err, "receipt", "")
	}
	defer rows.Close()
	var out []*sello.Receipt
	for rows.Next() {
		r, err := scanReceipt(rows)
		if err != nil {
			return nil, failed(err, "receipt", "")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "receipt", "")
	}
	return out, nil
}

const runColumns = `team_id, livemode, periodicity, period_start, period_end, holder, claimed_until, invoice_id, done`

// ClaimGlobalRun creates or leases the run of a team, mode and period.
func (db *DB) ClaimGlobalRun(ctx context.Context, run *sello.GlobalRun, now, until time.Time) (*sello.GlobalRun, error) {
	var out *sello.GlobalRun
	err := db.InTx(ctx, "global invoice run", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO global_invoice_runs (`+runColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7) ON CONFLICT DO NOTHING`,
			run.TeamID, run.Livemode, run.Periodicity, db.t(run.Start), db.t(run.End), run.Holder, false); err != nil {
			return failed(err, "global invoice run", "team")
		}
		key := []any{run.TeamID, run.Livemode, run.Periodicity, db.t(run.Start)}
		got, err := scanRun(tx.QueryRowContext(ctx, `UPDATE global_invoice_runs SET holder = $5, claimed_until = $6
			WHERE team_id = $1 AND livemode = $2 AND periodicity = $3 AND period_start = $4 AND NOT done
			AND (claimed_until IS NULL OR claimed_until <= $7) RETURNING `+runColumns,
			append(key, run.Holder, db.t(until), db.t(now))...))
		if err == nil {
			out = got
			return nil
		} else if err != sql.ErrNoRows {
			return failed(err, "global invoice run", "")
		}
		got, err = scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM global_invoice_runs
			WHERE team_id = $1 AND livemode = $2 AND periodicity = $3 AND period_start = $4`, key...))
		if err != nil {
			return failed(err, "global invoice run", "")
		}
		if !got.Done {
			return sello.Errorf(sello.Conflict, "The global invoice of this period is being made right now")
		}
		out = got
		return nil
	})
	return out, err
}

// FinishGlobalRun marks a held run done without an invoice.
func (db *DB) FinishGlobalRun(ctx context.Context, run *sello.GlobalRun) error {
	return db.InTx(ctx, "global invoice run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE global_invoice_runs SET done = $6, claimed_until = NULL
			WHERE team_id = $1 AND livemode = $2 AND periodicity = $3 AND period_start = $4 AND holder = $5 AND NOT done`,
			run.TeamID, run.Livemode, run.Periodicity, db.t(run.Start), run.Holder, true)
		return heldStill(res, err)
	})
}

func scanRun(s scanner) (*sello.GlobalRun, error) {
	var (
		r          sello.GlobalRun
		start, end stamp
		invoice    sql.NullString
	)
	if err := s.Scan(&r.TeamID, &r.Livemode, &r.Periodicity, &start, &end, &r.Holder,
		scanTime(&r.ClaimedUntil), &invoice, &r.Done); err != nil {
		return nil, err
	}
	r.Start, r.End, r.InvoiceID = fromStamp(start), fromStamp(end), invoice.String
	return &r, nil
}
