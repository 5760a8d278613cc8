package sello_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac/sandbox"
)

// benchService is a Service over SQLite stamping with the sandbox PAC, and
// its team.
func benchService(b *testing.B) (*sello.Service, *sello.Team) {
	b.Helper()
	now := func() time.Time { return time.Date(2026, 11, 20, 18, 4, 5, 0, time.UTC) }
	cer, key, err := sandbox.GenerateAuthority([]byte("pw"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	pac, err := sandbox.New(sandbox.Config{Certificate: cer, Key: key, Password: []byte("pw"), Now: now, Rand: rand.Reader})
	if err != nil {
		b.Fatal(err)
	}
	svc := sello.NewService(sello.Config{Store: openStore(b), Now: now, TestStamper: pac})
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	if _, err := svc.CreateTeam(context.Background(), team); err != nil {
		b.Fatal(err)
	}
	return svc, team
}

// BenchmarkRegisterPaymentPUE measures a registered payment whose PUE
// invoice is computed, sealed, stamped by the sandbox and linked before
// RegisterPayment returns:
//
//	go test -run '^$' -bench RegisterPaymentPUE -benchtime 200x .
func BenchmarkRegisterPaymentPUE(b *testing.B) {
	svc, team := benchService(b)
	ctx := context.Background()
	cl := client()
	if err := svc.CreateClient(ctx, team.ID, false, cl.Inline); err != nil {
		b.Fatal(err)
	}
	req := func() *sello.PaymentRequest {
		return &sello.PaymentRequest{Client: sello.ClientRef{ID: cl.Inline.ID}, Items: []sello.ItemRequest{item("1000")}}
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := svc.RegisterPayment(ctx, team, false, req())
		if err != nil || len(p.Invoices) != 1 {
			b.Fatalf("RegisterPayment = %v, %v", p, err)
		}
	}
}

// BenchmarkComplement measures one payment complement over a PPD invoice
// (the balance read, Pagos 2.0 built, sealed, stamped, the PPD invoice's
// balance written in the same transaction):
//
//	go test -run '^$' -bench Complement -benchtime 200x .
func BenchmarkComplement(b *testing.B) {
	svc, team := benchService(b)
	ctx := context.Background()
	ppd, err := svc.CreateInvoice(ctx, team, false, &sello.InvoiceRequest{Client: client(),
		Items: []sello.ItemRequest{item("1000000")}, PaymentMethod: "PPD"})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		_, err := svc.CreateComplement(ctx, team, false, &sello.ComplementRequest{PaymentForm: "03",
			Invoices: []sello.PaidInvoice{{Invoice: ppd.UUID, Amount: decimal.RequireFromString("1.00")}}})
		if err != nil {
			b.Fatalf("CreateComplement: %v", err)
		}
	}
}
