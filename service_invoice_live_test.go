package sello_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pac/finkok"
	"github.com/sello-mx/sello/pac/finkoktest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// TestInvoiceLiveThroughFinkok issues a live invoice with the team's real
// (SAT test) CSD through the Finkok adapter against the local fake: the
// fake fails twice, the invoice waits pending, and the worker ends with one
// stamp, not three. Then it is cancelled through the same adapter.
func TestInvoiceLiveThroughFinkok(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	p, err := sandbox.New(sandbox.Config{Certificate: authorityCer, Key: authorityKey, Password: []byte("pw"), Now: f.clk.now, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	fake := finkoktest.New(finkoktest.Config{Username: "u", Password: "p", PAC: p, Now: f.clk.now})
	defer fake.Close()
	live, err := finkok.New(finkok.Config{URL: fake.URL(), Username: "u", Password: "p", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	svc := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, LiveStamper: live, MasterKey: bytes.Repeat([]byte{7}, 32)})
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	read := func(n string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSpace(b)
	}
	up := sello.CSDUpload{Cer: read("EKU9003173C9.cer"), Key: read("EKU9003173C9.key"), Password: read("password.txt")}
	if _, err := svc.ConnectCSD(ctx, f.team, true, up); err != nil {
		t.Fatalf("ConnectCSD: %v", err)
	}

	fake.FailNext(2, finkoktest.Fail500)
	inv, err := svc.CreateInvoice(ctx, f.team, true, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("1000")}})
	if err != nil {
		t.Fatalf("CreateInvoice live: %v", err)
	}
	if inv.Status != sello.InvoicePending {
		t.Fatalf("status %s, want pending", inv.Status)
	}
	for i := 0; i < 5 && inv.Status == sello.InvoicePending; i++ {
		f.clk.add(time.Hour)
		if _, err := svc.RunJobs(ctx, 10); err != nil {
			t.Fatal(err)
		}
		inv, _ = svc.FindInvoice(ctx, f.team.ID, true, inv.ID)
	}
	f.check(t, inv)
	if n := fake.Stamps(); n != 1 {
		t.Errorf("Finkok stamped %d times, want 1", n)
	}
	got, err := svc.CancelInvoice(ctx, f.team, true, inv.UUID, "02", "")
	if err != nil || got.Status != sello.InvoiceCanceled {
		t.Fatalf("live cancel = %+v, %v", got, err)
	}
}
