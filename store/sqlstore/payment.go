package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

const paymentColumns = `id, team_id, livemode, status, client_id, currency, doc, version, created_at, updated_at`

// paymentDoc holds the payment fields stored as JSON. Decimals are JSON
// strings of their exact text, never floats.
type paymentDoc struct {
	Client          *sello.Client          `json:"client,omitempty"`
	Items           []sello.InvoiceItem    `json:"items"`
	ExchangeRate    decimal.Decimal        `json:"exchange_rate"`
	Subtotal        decimal.Decimal        `json:"subtotal"`
	Discount        decimal.Decimal        `json:"discount"`
	Taxes           decimal.Decimal        `json:"taxes"`
	Withheld        decimal.Decimal        `json:"withheld"`
	Total           decimal.Decimal        `json:"total"`
	AmountRefunded  decimal.Decimal        `json:"amount_refunded"`
	PaymentForm     string                 `json:"payment_form,omitempty"`
	AutomationType  string                 `json:"automation_type"`
	AutomationError *sello.AutomationError `json:"automation_error,omitempty"`
	AllowedMethods  []string               `json:"allowed_methods"`
	Emails          []string               `json:"emails"`
	SendEmail       bool                   `json:"send_email,omitempty"`
	PayToken        string                 `json:"pay_token,omitempty"`
	Processor       string                 `json:"processor"`
	ProcessorRef    string                 `json:"processor_ref,omitempty"`
	CheckoutURL     string                 `json:"checkout_url,omitempty"`
	Invoices        []string               `json:"invoices"`
	ReceiptID       string                 `json:"receipt_id,omitempty"`
	Refunds         []sello.Refund         `json:"refunds"`
	Installments    []sello.Installment    `json:"installments"`
	InvoiceConfig   *sello.InvoiceConfig   `json:"invoice_config,omitempty"`
	IdempotencyKey  string                 `json:"idempotency_key,omitempty"`
	Metadata        map[string]any         `json:"metadata"`
	From            string                 `json:"from,omitempty"`
	SucceededAt     *time.Time             `json:"succeeded_at,omitempty"`
	CanceledAt      *time.Time             `json:"canceled_at,omitempty"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// paymentArgs returns id, team, livemode, status, client_id, currency,
// email, tax_id, search, sort_name, doc, version, created_at, updated_at.
func (db *DB) paymentArgs(p *sello.Payment) ([]any, error) {
	doc, err := encodeJSON(paymentDoc{
		Client: p.Client, Items: p.Items, ExchangeRate: p.ExchangeRate, Subtotal: p.Subtotal,
		Discount: p.Discount, Taxes: p.Taxes, Withheld: p.Withheld, Total: p.Total,
		AmountRefunded: p.AmountRefunded, PaymentForm: p.PaymentForm, AutomationType: p.AutomationType,
		AutomationError: p.AutomationError, AllowedMethods: p.AllowedMethods, Emails: p.Emails,
		SendEmail: p.SendEmail, PayToken: p.PayToken, Processor: p.Processor, ProcessorRef: p.ProcessorRef, CheckoutURL: p.CheckoutURL, Invoices: p.Invoices,
		ReceiptID: p.ReceiptID, Refunds: p.Refunds, Installments: p.Installments,
		InvoiceConfig: p.InvoiceConfig, IdempotencyKey: p.IdempotencyKey, Metadata: p.Metadata,
		From: p.From, SucceededAt: optTime(p.SucceededAt), CanceledAt: optTime(p.CanceledAt),
	})
	if err != nil {
		return nil, err
	}
	var email, taxID string
	if p.Client != nil {
		email, taxID = strings.ToLower(p.Client.Email), strings.ToUpper(p.Client.TaxID)
	}
	return []any{p.ID, p.TeamID, p.Livemode, string(p.Status), nullString(p.ClientID), p.Currency,
		email, taxID, p.SearchText(), p.SortName(), string(doc), p.Version,
		db.t(p.CreatedAt), db.t(p.UpdatedAt)}, nil
}

// insertPayment stores a new payment: the values of paymentArgs.
const insertPayment = `INSERT INTO payments (id, team_id, livemode, status, client_id,
	currency, email, tax_id, search, sort_name, doc, version, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`

// CreatePayment stores a new payment with what with holds (nil: nothing
// more) and its events.
func (db *DB) CreatePayment(ctx context.Context, p *sello.Payment, with *sello.PaymentWrites, events ...*sello.Event) error {
	if with == nil {
		with = &sello.PaymentWrites{}
	}
	return db.InTx(ctx, "payment", func(tx *sql.Tx) error {
		events, err := db.createFor(ctx, tx, &with.Creations, &p.ClientID, &p.Client, events)
		if err != nil {
			return err
		}
		args, err := db.paymentArgs(p)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, insertPayment, args...); err != nil {
			return failed(err, "payment", "team")
		}
		if err := db.putJobs(ctx, tx, with.Jobs); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// ImportPayments stores payments recorded elsewhere (a migration, a
// benchmark's data) in one transaction, one prepared insert each.
func (db *DB) ImportPayments(ctx context.Context, ps []*sello.Payment) error {
	return db.InTx(ctx, "payment", func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, insertPayment)
		if err != nil {
			return failed(err, "payment", "")
		}
		defer st.Close()
		for _, p := range ps {
			args, err := db.paymentArgs(p)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return failed(err, "payment "+p.ID, "team")
			}
		}
		return nil
	})
}

// UpdatePayment writes a payment over the version it was read at, with
// what with holds (nil: nothing more).
func (db *DB) UpdatePayment(ctx context.Context, p *sello.Payment, with *sello.PaymentWrites, events ...*sello.Event) error {
	if with == nil {
		with = &sello.PaymentWrites{}
	}
	err := db.InTx(ctx, "payment", func(tx *sql.Tx) error {
		events, err := db.createFor(ctx, tx, &with.Creations, &p.ClientID, &p.Client, events)
		if err != nil {
			return err
		}
		next := *p
		next.Version++
		args, err := db.paymentArgs(&next)
		if err != nil {
			return err
		}
		args = append(args[:12:12], args[13], p.Version) // all but created_at, then the version read
		res, err := tx.ExecContext(ctx, `UPDATE payments SET status = $4, client_id = $5, currency = $6,
			email = $7, tax_id = $8, search = $9, sort_name = $10, doc = $11, version = $12, updated_at = $13
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND version = $14`, args...)
		if err != nil {
			return failed(err, "payment", "")
		}
		if n, err := res.RowsAffected(); err != nil {
			return failed(err, "payment", "")
		} else if n == 0 {
			var exists bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM payments
				WHERE id = $1 AND team_id = $2 AND livemode = $3)`, p.ID, p.TeamID, p.Livemode).Scan(&exists); err != nil {
				return failed(err, "payment", "")
			}
			if !exists {
				return sello.Errorf(sello.NotFound, "payment not found")
			}
			return sello.Errorf(sello.Conflict, "The payment changed meanwhile; try again")
		}
		if err := db.putJobs(ctx, tx, with.Jobs); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
	if err == nil {
		p.Version++
	}
	return err
}

// FindPaymentByID returns a payment of the team and mode.
func (db *DB) FindPaymentByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.Payment, error) {
	p, err := scanPayment(db.read.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments
		WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "payment", "")
	}
	return p, nil
}

// FindPayments returns one page of payments matching f.
func (db *DB) FindPayments(ctx context.Context, f sello.PaymentFilter) ([]*sello.Payment, bool, int, error) {
	q := db.newList(paymentColumns, `payments`, `sort_name`)
	q.where(`team_id = ? AND livemode = ?`, f.TeamID, f.Livemode)
	if len(f.Statuses) > 0 {
		statuses := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}
		q.where(`status IN (`+marks(len(statuses))+`)`, statuses...)
	}
	if f.ClientID != "" {
		q.where(`client_id = ?`, f.ClientID)
	}
	if f.Currency != "" {
		q.where(`currency = ?`, strings.ToUpper(f.Currency))
	}
	if f.Email != "" {
		q.where(`email = ?`, strings.ToLower(f.Email))
	}
	if f.TaxID != "" {
		q.where(`tax_id = ?`, strings.ToUpper(f.TaxID))
	}
	if f.Query != "" && db.h.NarrowPayments != nil {
		if ok, err := db.h.NarrowPayments(ctx, ListQuery{&q}, f); err != nil || !ok {
			return nil, false, 0, err
		}
	}
	if folded := sello.Fold(f.Query); folded != "" && !q.searched {
		db.searchWhere(&q, folded)
	}
	pair, onePair := db.metadataPairs(&q, `payments`, f.TeamID, f.Livemode, f.Metadata)
	if f.Currency != "" && len(f.Statuses) == 0 && f.ClientID == "" && f.Email == "" && f.TaxID == "" && f.Query == "" &&
		len(f.Metadata) == 0 && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		keptListCount(&q, "payments", f.TeamID, f.Livemode, "u="+strings.ToUpper(f.Currency))
	}
	if f.Currency == "" && f.Email == "" && f.TaxID == "" && f.Query == "" && f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		statuses := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}
		if onePair && len(statuses) == 0 && f.ClientID == "" {
			keptListCount(&q, "payments", f.TeamID, f.Livemode, pair)
		} else if len(f.Metadata) == 0 {
			keptListCount(&q, "payments", f.TeamID, f.Livemode, statusClientFacets(f.ClientID, statuses...)...)
		}
	}
	var out []*sello.Payment
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		p, err := scanPayment(rows)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

func scanPayment(s scanner) (*sello.Payment, error) {
	var (
		p                sello.Payment
		client           sql.NullString
		status, doc      string
		created, updated stamp
	)
	if err := s.Scan(&p.ID, &p.TeamID, &p.Livemode, &status, &client, &p.Currency, &doc, &p.Version,
		&created, &updated); err != nil {
		return nil, err
	}
	p.Status, p.ClientID = sello.PaymentStatus(status), client.String
	p.CreatedAt, p.UpdatedAt = fromStamp(created), fromStamp(updated)
	var d paymentDoc
	if err := decodeJSON([]byte(doc), &d); err != nil {
		return nil, err
	}
	p.Client, p.Items, p.ExchangeRate = d.Client, d.Items, d.ExchangeRate
	p.Subtotal, p.Discount, p.Taxes, p.Withheld, p.Total = d.Subtotal, d.Discount, d.Taxes, d.Withheld, d.Total
	p.AmountRefunded, p.PaymentForm, p.AutomationType, p.AutomationError = d.AmountRefunded, d.PaymentForm, d.AutomationType, d.AutomationError
	p.AllowedMethods, p.Emails, p.SendEmail, p.PayToken, p.Processor = d.AllowedMethods, d.Emails, d.SendEmail, d.PayToken, d.Processor
	p.Invoices, p.ReceiptID, p.Refunds, p.Installments = d.Invoices, d.ReceiptID, d.Refunds, d.Installments
	p.ProcessorRef, p.CheckoutURL = d.ProcessorRef, d.CheckoutURL
	p.InvoiceConfig, p.IdempotencyKey, p.Metadata, p.From = d.InvoiceConfig, d.IdempotencyKey, d.Metadata, d.From
	if d.SucceededAt != nil {
		p.SucceededAt = d.SucceededAt.UTC()
	}
	if d.CanceledAt != nil {
		p.CanceledAt = d.CanceledAt.UTC()
	}
	return &p, nil
}
