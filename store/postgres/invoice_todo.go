package postgres

// Placeholders until the invoice store lands; the store work replaces this file.

import (
	"context"
	"time"

	"github.com/sello-mx/sello"
)

var errTodo = sello.Errorf(sello.Internal, "invoices are not stored yet")

func (db *DB) ReserveFolio(ctx context.Context, team sello.TeamID, livemode bool, series, newSeriesID string, now, until time.Time) (int64, error) {
	return 0, errTodo
}
func (db *DB) ReleaseFolio(ctx context.Context, c sello.FolioClaim) error { return errTodo }
func (db *DB) CreateInvoice(ctx context.Context, inv *sello.Invoice, touched []*sello.Invoice, events ...*sello.Event) error {
	return errTodo
}
func (db *DB) FindInvoice(ctx context.Context, team sello.TeamID, livemode bool, idOrUUID string) (*sello.Invoice, error) {
	return nil, errTodo
}
func (db *DB) FindInvoices(ctx context.Context, f sello.InvoiceFilter) ([]*sello.Invoice, bool, int, error) {
	return nil, false, 0, errTodo
}
func (db *DB) UpdateInvoice(ctx context.Context, inv *sello.Invoice, prev sello.InvoiceStatus, events ...*sello.Event) error {
	return errTodo
}
func (db *DB) DeleteDraft(ctx context.Context, team sello.TeamID, livemode bool, id string, events ...*sello.Event) error {
	return errTodo
}
func (db *DB) ClaimInvoiceWork(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*sello.Invoice, error) {
	return nil, nil
}
