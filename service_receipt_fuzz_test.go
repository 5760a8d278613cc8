package sello_test

import (
	"context"
	"testing"

	"github.com/sello-mx/sello"
)

// FuzzOpenReceiptLink: whatever a visitor puts in the self-invoicing URL,
// the link opens only the receipt it was signed for, and anything else is
// not found (never another error, never a panic).
func FuzzOpenReceiptLink(f *testing.F) {
	fx := newInvoiceFixture(f)
	ctx := context.Background()
	r, err := fx.svc.CreateReceipt(ctx, fx.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}})
	if err != nil {
		f.Fatal(err)
	}
	tok := tokenOf(f, r.URL)
	f.Add(r.ID, tok)
	f.Add(r.ID, tok+"x")
	f.Add("receipt_x", tok)
	f.Add(r.ID, "a.b")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, id, token string) {
		got, _, err := fx.svc.OpenReceiptLink(ctx, id, token)
		switch {
		case err == nil && (got.ID != r.ID || id != r.ID):
			t.Fatalf("OpenReceiptLink(%q, %q) opened %s", id, token, got.ID)
		case err != nil && sello.ErrorCode(err) != sello.NotFound:
			t.Fatalf("OpenReceiptLink(%q, %q) = %v, want not found", id, token, err)
		}
	})
}
