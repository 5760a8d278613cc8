package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

const invoiceColumns = `id, team_id, livemode, uuid, type, status, series, folio, client_id, payment_id,
	receipt_id, cancellation_status, next_stamp_at, doc, xml, preview_pdf, draft, cancellation_receipt,
	created_at, updated_at, body`

// invoiceDoc holds the invoice fields stored as JSON. Decimals are JSON
// strings of their exact text, never floats.
type invoiceDoc struct {
	Client             sello.InvoiceClient      `json:"client"`
	Currency           string                   `json:"currency"`
	ExchangeRate       decimal.Decimal          `json:"exchange_rate"`
	PaymentMethod      string                   `json:"payment_method,omitempty"`
	PaymentForm        string                   `json:"payment_form,omitempty"`
	Use                string                   `json:"use,omitempty"`
	Exports            string                   `json:"exports,omitempty"`
	Items              []sello.InvoiceItem      `json:"items"`
	Subtotal           decimal.Decimal          `json:"subtotal"`
	Discount           decimal.Decimal          `json:"discount"`
	Taxes              decimal.Decimal          `json:"taxes"`
	Withheld           decimal.Decimal          `json:"withheld"`
	Total              decimal.Decimal          `json:"total"`
	LastBalance        decimal.Decimal          `json:"last_balance"`
	PaymentComplements int                      `json:"payment_complements,omitempty"`
	PaymentDetails     *sello.PaymentDetails    `json:"payment_details,omitempty"`
	Related            []sello.RelatedDocuments `json:"related"`
	Global             *sello.GlobalPeriod      `json:"global,omitempty"`
	Complements        []map[string]any         `json:"complements"`
	Addenda            string                   `json:"addenda,omitempty"`
	PDFNotes           string                   `json:"pdf_notes,omitempty"`
	AutomationType     string                   `json:"automation_type,omitempty"`
	Stamp              *sello.InvoiceStamp      `json:"stamp,omitempty"`
	CancellationMotive string                   `json:"cancellation_motive,omitempty"`
	SubstitutionUUID   string                   `json:"substitution_uuid,omitempty"`
	CanceledAt         *time.Time               `json:"canceled_at,omitempty"`
	SendEmail          bool                     `json:"send_email,omitempty"`
	Emails             []string                 `json:"emails"`
	Metadata           map[string]any           `json:"metadata"`
	IdempotencyKey     string                   `json:"idempotency_key,omitempty"`
	From               string                   `json:"from,omitempty"`
	StampAttempts      int                      `json:"stamp_attempts,omitempty"`
	StampError         string                   `json:"stamp_error,omitempty"`
}

// invoiceArgs returns the values of invoiceColumns followed by search,
// sort_name, payment_method and count_keys. The XML and the JSON document
// go into body (invoice_body.go); doc and xml, which rows written before
// it hold, are left empty.
func (db *DB) invoiceArgs(inv *sello.Invoice) ([]any, error) {
	var canceled *time.Time
	if !inv.CanceledAt.IsZero() {
		t := inv.CanceledAt.UTC()
		canceled = &t
	}
	doc, err := encodeJSON(invoiceDoc{
		Client: inv.Client, Currency: inv.Currency, ExchangeRate: inv.ExchangeRate,
		PaymentMethod: inv.PaymentMethod, PaymentForm: inv.PaymentForm, Use: inv.Use, Exports: inv.Exports,
		Items: inv.Items, Subtotal: inv.Subtotal, Discount: inv.Discount, Taxes: inv.Taxes,
		Withheld: inv.Withheld, Total: inv.Total, LastBalance: inv.LastBalance,
		PaymentComplements: inv.PaymentComplements, PaymentDetails: inv.PaymentDetails,
		Related: inv.Related, Global: inv.Global, Complements: inv.Complements, Addenda: inv.Addenda,
		PDFNotes: inv.PDFNotes, AutomationType: inv.AutomationType, Stamp: inv.Stamp,
		CancellationMotive: inv.CancellationMotive, SubstitutionUUID: inv.SubstitutionUUID,
		CanceledAt: canceled, SendEmail: inv.SendEmail, Emails: inv.Emails, Metadata: inv.Metadata,
		IdempotencyKey: inv.IdempotencyKey, From: inv.From,
		StampAttempts: inv.StampAttempts, StampError: inv.StampError,
	})
	if err != nil {
		return nil, err
	}
	keys, err := db.countKeys(inv.Metadata)
	if err != nil {
		return nil, err
	}
	body, err := packBody(inv.XML, doc)
	if err != nil {
		return nil, err
	}
	return []any{inv.ID, inv.TeamID, inv.Livemode, nullString(strings.ToUpper(inv.UUID)), inv.Type,
		string(inv.Status), inv.Series, inv.Folio, nullString(inv.ClientID), nullString(inv.PaymentID),
		nullString(inv.ReceiptID), inv.CancellationStatus, db.nt(inv.NextStampAt), "",
		nil, nullBlob(inv.PreviewPDF), nullBlob(inv.Draft), nullBlob(inv.CancellationReceipt),
		db.t(inv.CreatedAt), db.t(inv.UpdatedAt), body, inv.SearchText(), inv.Client.LegalName, inv.PaymentMethod, keys}, nil
}

// nullBlob stores an empty byte slice as NULL.
func nullBlob(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// insertInvoice stores a new invoice: the values of invoiceArgs.
const insertInvoice = `INSERT INTO invoices (` + invoiceColumns + `, search, sort_name, payment_method, count_keys)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25)`

// deleteReservation ends the reservation of a stored invoice's folio.
const deleteReservation = `DELETE FROM folio_reservations
	WHERE team_id = $1 AND livemode = $2 AND series = $3 AND folio = $4`

// CreateInvoice stores a new invoice with its events, ends the reservation
// of its folio and writes what with holds, in one transaction.
func (db *DB) CreateInvoice(ctx context.Context, inv *sello.Invoice, with *sello.InvoiceWrites, events ...*sello.Event) error {
	if with == nil {
		with = &sello.InvoiceWrites{}
	}
	// The row's values (its body compressed) are made before the
	// transaction; a draft replaced is written by writeInvoice.
	var args []any
	if !with.Draft {
		var err error
		if args, err = db.invoiceArgs(inv); err != nil {
			return err
		}
	}
	return db.h.InInvoiceTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ex := db.h.Prepared(tx)
		a, err := db.create(ctx, ex, with.Creations, true)
		if err != nil {
			return err
		}
		if len(a) > 0 {
			// It names the client and services others created meanwhile.
			inv.ClientID, inv.Client.ID = a.id(inv.ClientID), a.id(inv.Client.ID)
			for i, it := range inv.Items {
				inv.Items[i].ServiceID = a.id(it.ServiceID)
			}
			if args != nil {
				if args, err = db.invoiceArgs(inv); err != nil {
					return err
				}
			}
			events = a.events(events)
		}
		if with.Draft {
			if err := db.writeInvoice(ctx, tx, inv, sello.InvoiceDraft); err != nil {
				return err
			}
		} else {
			if _, err := ex.ExecContext(ctx, insertInvoice, args...); err != nil {
				return failed(err, "invoice", "team")
			}
			if err := db.invoiceSideRows(ctx, ex, inv, false, true); err != nil {
				return err
			}
		}
		for _, t := range with.Touched {
			if err := db.writeInvoice(ctx, tx, t, ""); err != nil {
				return err
			}
		}
		if err := db.completeReceipts(ctx, tx, inv, with.Receipts, with.Run); err != nil {
			return err
		}
		if err := db.putJobs(ctx, ex, with.Jobs); err != nil {
			return err
		}
		return db.insertEvents(ctx, ex, events)
	})
}

// ImportInvoices stores invoices already issued (a migration, a benchmark's
// data) in one transaction, without events: the dialect's ImportRows to a
// statement, and the side rows of each batch together (importSideRows).
func (db *DB) ImportInvoices(ctx context.Context, invs []*sello.Invoice) error {
	const cols = 25
	return db.InTx(ctx, "invoice", func(tx *sql.Tx) error {
		ex := db.h.Prepared(tx)
		for chunk := range slices.Chunk(invs, db.importRows()) {
			args := make([]any, 0, cols*len(chunk))
			for _, inv := range chunk {
				a, err := db.invoiceArgs(inv)
				if err != nil {
					return err
				}
				args = append(args, a...)
			}
			if _, err := ex.ExecContext(ctx, insertInvoicesSQL(len(chunk)), args...); err != nil {
				return failed(err, "invoice", "team")
			}
			if err := db.importSideRows(ctx, ex, chunk); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertInvoicesSQL inserts n invoices: the values of invoiceArgs.
func insertInvoicesSQL(n int) string {
	if n == 1 {
		return insertInvoice
	}
	return `INSERT INTO invoices (` + invoiceColumns + `, search, sort_name, payment_method, count_keys) VALUES ` + rows(n, 25)
}

// importSideRows writes the side rows of new imported invoices as
// invoiceSideRows does, a statement for each kind of row: their
// certificates, metadata pairs and paid UUIDs, the jobs of those still
// pending, and the end of any reservation of their folios. An import sends
// no e-mail.
func (db *DB) importSideRows(ctx context.Context, tx Execer, invs []*sello.Invoice) error {
	if len(invs) == 1 {
		return db.invoiceSideRows(ctx, tx, invs[0], false, false)
	}
	var meta, paid, folios, issued []any
	certs := map[string]bool{} // a team's invoices share one
	for _, inv := range invs {
		if start, end, ok := certificateAt(inv.XML); ok && !certs[string(inv.XML[start:end])] {
			certs[string(inv.XML[start:end])] = true
			if err := db.putCertificate(ctx, tx, inv.XML); err != nil {
				return err
			}
		}
		for k, v := range inv.Metadata {
			if text, ok := metadataText(v); ok {
				meta = append(meta, inv.TeamID, inv.Livemode, db.d.PairText(k), db.d.PairText(text), db.t(inv.CreatedAt), inv.ID)
			}
		}
		if inv.Type == "P" && inv.PaymentDetails != nil {
			for _, d := range inv.PaymentDetails.Documents {
				paid = append(paid, inv.ID, strings.ToUpper(d.UUID))
			}
		}
		if err := db.invoiceJob(ctx, tx, inv, false); err != nil {
			return err
		}
		if inv.Status != sello.InvoiceDraft && inv.Folio > 0 {
			folios = append(folios, inv.TeamID, inv.Livemode, inv.Series, inv.Folio)
			issued = append(issued, inv.ID)
		}
	}
	for _, w := range []struct {
		q    func(n int) string
		cols int
		args []any
		what string
	}{
		{func(n int) string {
			return `INSERT INTO invoice_metadata (m_team, m_mode, m_key, m_value, m_created, m_invoice)
				VALUES ` + rows(n, 6) + ` ON CONFLICT DO NOTHING`
		}, 6, meta, "invoice"},
		{func(n int) string {
			return `INSERT INTO invoice_payments (payment_invoice_id, paid_uuid) VALUES ` + rows(n, 2) + ` ON CONFLICT DO NOTHING`
		}, 2, paid, "invoice"},
		{func(n int) string {
			conds := make([]string, n)
			for i := range conds {
				conds[i] = fmt.Sprintf("(team_id = $%d AND livemode = $%d AND series = $%d AND folio = $%d)", 4*i+1, 4*i+2, 4*i+3, 4*i+4)
			}
			return `DELETE FROM folio_reservations WHERE ` + strings.Join(conds, " OR ")
		}, 4, folios, "folio"},
		{func(n int) string { return `DELETE FROM issuing WHERE invoice_id IN (` + placeholders(1, n) + `)` }, 1, issued, "invoice"},
	} {
		// At most a thousand rows to a statement.
		per := w.cols * 1000
		for a := range slices.Chunk(w.args, per) {
			if _, err := tx.ExecContext(ctx, w.q(len(a)/w.cols), a...); err != nil {
				return failed(err, w.what, "")
			}
		}
	}
	return nil
}

// UpdateInvoice writes a stored invoice whose status is still prev.
func (db *DB) UpdateInvoice(ctx context.Context, inv *sello.Invoice, prev sello.InvoiceStatus, events ...*sello.Event) error {
	return db.InTx(ctx, "invoice", func(tx *sql.Tx) error {
		if err := db.writeInvoice(ctx, tx, inv, prev); err != nil {
			return err
		}
		return db.insertEvents(ctx, tx, events)
	})
}

// writeInvoice writes every field of a stored invoice but its id, team,
// mode and creation time; when prev is not empty, only if its stored status
// is prev. NotFound when it does not exist, Conflict when its status changed.
func (db *DB) writeInvoice(ctx context.Context, tx *sql.Tx, inv *sello.Invoice, prev sello.InvoiceStatus) error {
	args, err := db.invoiceArgs(inv)
	if err != nil {
		return err
	}
	args = append(args[:18:18], args[19:]...) // all but created_at
	cond := ""
	if prev != "" {
		cond, args = ` AND status = $25`, append(args, string(prev))
	}
	res, err := tx.ExecContext(ctx, `UPDATE invoices SET uuid = $4, type = $5, status = $6, series = $7,
		folio = $8, client_id = $9, payment_id = $10, receipt_id = $11, cancellation_status = $12,
		next_stamp_at = $13, doc = $14, xml = $15, preview_pdf = $16, draft = $17,
		cancellation_receipt = $18, updated_at = $19, body = $20, search = $21, sort_name = $22,
		payment_method = $23, count_keys = $24
		WHERE id = $1 AND team_id = $2 AND livemode = $3`+cond, args...)
	if err != nil {
		return failed(err, "invoice", "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return failed(err, "invoice", "")
	}
	if n == 0 {
		return db.missingOrChanged(ctx, tx, inv)
	}
	return db.invoiceSideRows(ctx, tx, inv, true, prev == sello.InvoicePending || prev == sello.InvoiceDraft)
}

// missingOrChanged tells why an update of inv matched no row: NotFound when
// the invoice does not exist in its team and mode, Conflict otherwise.
func (db *DB) missingOrChanged(ctx context.Context, tx *sql.Tx, inv *sello.Invoice) error {
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invoices
		WHERE id = $1 AND team_id = $2 AND livemode = $3)`, inv.ID, inv.TeamID, inv.Livemode).Scan(&exists)
	switch {
	case err != nil:
		return failed(err, "invoice", "")
	case !exists:
		return sello.Errorf(sello.NotFound, "invoice not found")
	}
	return sello.Errorf(sello.Conflict, "the invoice changed meanwhile")
}

// invoiceSideRows keeps the rows that follow an invoice in step with it:
// the UUIDs a payment complement pays, its metadata pairs, its jobs (the
// e-mail only when issuing says this write may be the one that stamps
// it: not for imported invoices, nor for any write of a stored invoice
// that was not pending or a draft), and the end of
// its folio's reservation and its Issuing record once it is no longer a
// draft. Its XML's certificate is stored once for all its invoices
// (invoice_body.go).
func (db *DB) invoiceSideRows(ctx context.Context, tx Execer, inv *sello.Invoice, replace, issuing bool) error {
	if err := db.putCertificate(ctx, tx, inv.XML); err != nil {
		return err
	}
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_payments WHERE payment_invoice_id = $1`, inv.ID); err != nil {
			return failed(err, "invoice", "")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invoice_metadata WHERE m_invoice = $1`, inv.ID); err != nil {
			return failed(err, "invoice", "")
		}
	}
	for k, v := range inv.Metadata {
		text, ok := metadataText(v)
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, insertMetadata, inv.TeamID, inv.Livemode, db.d.PairText(k), db.d.PairText(text),
			db.t(inv.CreatedAt), inv.ID); err != nil {
			return failed(err, "invoice", "")
		}
	}
	if inv.Type == "P" && inv.PaymentDetails != nil {
		for _, d := range inv.PaymentDetails.Documents {
			if _, err := tx.ExecContext(ctx, `INSERT INTO invoice_payments (payment_invoice_id, paid_uuid)
				VALUES ($1, $2) ON CONFLICT DO NOTHING`, inv.ID, strings.ToUpper(d.UUID)); err != nil {
				return failed(err, "invoice", "")
			}
		}
	}
	if err := db.invoiceJob(ctx, tx, inv, replace); err != nil {
		return err
	}
	if issuing && inv.SendEmail && inv.UUID != "" {
		if _, err := tx.ExecContext(ctx, openEmailJob, "job_mail_"+inv.ID, sello.JobEmail, inv.TeamID, inv.Livemode,
			inv.ID, db.t(inv.UpdatedAt), db.t(inv.UpdatedAt)); err != nil {
			return failed(err, "job", "")
		}
	}
	if inv.Status == sello.InvoiceDraft || inv.Folio <= 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, deleteReservation, inv.TeamID, inv.Livemode, inv.Series, inv.Folio)
	if err != nil {
		return failed(err, "folio", "")
	}
	if _, err := tx.ExecContext(ctx, deleteIssuing, inv.ID); err != nil {
		return failed(err, "invoice", "")
	}
	return nil
}

// FindInvoice returns an invoice of the team and mode by id or UUID.
func (db *DB) FindInvoice(ctx context.Context, team sello.TeamID, livemode bool, idOrUUID string) (*sello.Invoice, error) {
	sc, err := scanInvoice(db.read.QueryRowContext(ctx, `SELECT `+invoiceColumns+` FROM invoices
		WHERE team_id = $1 AND livemode = $2 AND (id = $3 OR uuid = $4)`,
		team, livemode, idOrUUID, strings.ToUpper(idOrUUID)))
	if err != nil {
		return nil, failed(err, "invoice", "")
	}
	invs, err := db.openInvoices(ctx, []scannedInvoice{sc})
	if err != nil {
		return nil, err
	}
	return invs[0], nil
}

// DeleteDraft removes a draft with its events.
func (db *DB) DeleteDraft(ctx context.Context, team sello.TeamID, livemode bool, id string, events ...*sello.Event) error {
	return db.InTx(ctx, "draft", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM invoices
			WHERE id = $1 AND team_id = $2 AND livemode = $3 AND status = 'draft'`, id, team, livemode)
		return db.changed(ctx, tx, res, err, "draft", events)
	})
}

// scannedInvoice is an invoice read from its row, with its body still
// packed: openInvoices unpacks it once the rows are closed, since it may
// read the body's certificate.
type scannedInvoice struct {
	inv      *sello.Invoice
	body     []byte // NULL: a row written before bodies, read from doc and xml
	doc, xml []byte
}

func scanInvoice(s scanner) (scannedInvoice, error) {
	var (
		inv                            sello.Invoice
		uuid, client, payment, receipt sql.NullString
		status                         string
		sc                             = scannedInvoice{inv: &inv}
		preview, draft, cancelReceipt  []byte
		created, updated               stamp
	)
	err := s.Scan(&inv.ID, &inv.TeamID, &inv.Livemode, &uuid, &inv.Type, &status, &inv.Series, &inv.Folio,
		&client, &payment, &receipt, &inv.CancellationStatus, scanTime(&inv.NextStampAt), &sc.doc,
		&sc.xml, &preview, &draft, &cancelReceipt, &created, &updated, &sc.body)
	if err != nil {
		return scannedInvoice{}, err
	}
	inv.UUID, inv.Status, inv.ClientID, inv.PaymentID, inv.ReceiptID = uuid.String, sello.InvoiceStatus(status),
		client.String, payment.String, receipt.String
	inv.PreviewPDF, inv.Draft, inv.CancellationReceipt = preview, draft, cancelReceipt
	inv.CreatedAt, inv.UpdatedAt = fromStamp(created), fromStamp(updated)
	return sc, nil
}

// openInvoices unpacks the bodies of scanned invoices and returns them.
func (db *DB) openInvoices(ctx context.Context, scanned []scannedInvoice) ([]*sello.Invoice, error) {
	out := make([]*sello.Invoice, len(scanned))
	for i, sc := range scanned {
		xml, doc := sc.xml, sc.doc
		if sc.body != nil {
			p, err := readBody(sc.body)
			if err != nil {
				return nil, sello.Wrap(sello.Internal, err, "invoice "+sc.inv.ID)
			}
			var cert []byte
			if p.certKey != nil {
				if cert, err = db.certificate(ctx, p.certKey); err != nil {
					return nil, err
				}
			}
			if xml, doc, err = p.unpack(cert); err != nil {
				return nil, sello.Wrap(sello.Internal, err, "invoice "+sc.inv.ID)
			}
		}
		if len(xml) == 0 {
			xml = nil
		}
		sc.inv.XML = xml
		if err := applyInvoiceDoc(sc.inv, doc); err != nil {
			return nil, err
		}
		out[i] = sc.inv
	}
	return out, nil
}

// applyInvoiceDoc sets the fields of inv that its JSON document holds.
func applyInvoiceDoc(inv *sello.Invoice, doc []byte) error {
	var d invoiceDoc
	if err := decodeJSON(doc, &d); err != nil {
		return err
	}
	inv.Client, inv.Currency, inv.ExchangeRate = d.Client, d.Currency, d.ExchangeRate
	inv.PaymentMethod, inv.PaymentForm, inv.Use, inv.Exports = d.PaymentMethod, d.PaymentForm, d.Use, d.Exports
	inv.Items, inv.Subtotal, inv.Discount, inv.Taxes, inv.Withheld, inv.Total = d.Items, d.Subtotal, d.Discount,
		d.Taxes, d.Withheld, d.Total
	inv.LastBalance, inv.PaymentComplements, inv.PaymentDetails = d.LastBalance, d.PaymentComplements, d.PaymentDetails
	inv.Related, inv.Global, inv.Complements, inv.Addenda = d.Related, d.Global, d.Complements, d.Addenda
	inv.PDFNotes, inv.AutomationType, inv.Stamp = d.PDFNotes, d.AutomationType, d.Stamp
	inv.CancellationMotive, inv.SubstitutionUUID = d.CancellationMotive, d.SubstitutionUUID
	if d.CanceledAt != nil {
		inv.CanceledAt = d.CanceledAt.UTC()
	}
	inv.SendEmail, inv.Emails, inv.Metadata = d.SendEmail, d.Emails, d.Metadata
	inv.IdempotencyKey, inv.From = d.IdempotencyKey, d.From
	inv.StampAttempts, inv.StampError = d.StampAttempts, d.StampError
	return nil
}

// insertMetadata indexes one metadata pair of an invoice.
const insertMetadata = `INSERT INTO invoice_metadata (m_team, m_mode, m_key, m_value, m_created, m_invoice)
	VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`

// metadataText is a top-level metadata value as a metadata.<key>=<value>
// filter matches it (API.md §6): a string as given, a number as written,
// true or false. Objects, arrays and null match no filter.
func metadataText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	}
	return "", false
}
