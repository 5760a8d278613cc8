package sello

import (
	"context"
	"fmt"
	"strings"
)

// FindInvoice returns an invoice by invoice_ id or UUID (any case).
func (s *Service) FindInvoice(ctx context.Context, team TeamID, livemode bool, idOrUUID string) (*Invoice, error) {
	key := strings.TrimSpace(idOrUUID)
	if !strings.HasPrefix(key, "invoice_") {
		key = strings.ToUpper(key)
	}
	inv, err := s.store.FindInvoice(ctx, team, livemode, key)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(NotFound, err, "Invoice not found")
	}
	return inv, err
}

// FindInvoices returns one page of invoices matching f, whether more
// follow, and how many match.
func (s *Service) FindInvoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, bool, int, error) {
	invs, more, total, err := s.store.FindInvoices(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("find invoices: %w", err)
	}
	return invs, more, total, nil
}
