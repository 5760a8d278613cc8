package finkok_test

import (
	"context"
	"crypto/x509"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac/finkoktest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// cancelRequest stamps a fresh invoice through b and returns the request
// to cancel it with motive 02.
func cancelRequest(t *testing.T, b bundle, folio string) sello.CancelRequest {
	t.Helper()
	st, err := b.pac.Stamp(context.Background(), invoice(t, folio))
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	k := eku(t)
	key, err := x509.MarshalPKCS8PrivateKey(k.PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	return sello.CancelRequest{
		UUID: st.UUID, EmisorRFC: "EKU9003173C9", ReceptorRFC: "COSC8001137NA", Total: "1160.00",
		Motive: "02", Certificate: k.X509.Raw, Key: key,
	}
}

func TestCancelAccepted(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	req := cancelRequest(t, b, "20")
	got, err := b.pac.Cancel(context.Background(), req)
	if err != nil {
		t.Fatalf("Cancel() = %v", err)
	}
	want := &sello.Cancellation{Status: sello.CancellationAccepted, Acuse: got.Acuse, At: clock, SATStatus: "Cancelado sin aceptación"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cancel() mismatch (-want +got):\n%s", diff)
	}
	if err := sandbox.VerifyAcuse(got.Acuse, b.sandbox.Certificate().X509); err != nil {
		t.Errorf("Cancel() acuse: %v", err)
	}
	st, err := b.pac.CancellationStatus(context.Background(), req)
	if err != nil {
		t.Fatalf("CancellationStatus() = %v", err)
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("CancellationStatus() mismatch (-want +got):\n%s", diff)
	}
}

func TestCancelPending(t *testing.T) {
	t.Parallel()
	b := setup(t, options{pending: true})
	req := cancelRequest(t, b, "21")
	got, err := b.pac.Cancel(context.Background(), req)
	if err != nil {
		t.Fatalf("Cancel() = %v", err)
	}
	if diff := cmp.Diff(&sello.Cancellation{Status: sello.CancellationPending, SATStatus: "En proceso"}, got); diff != "" {
		t.Errorf("Cancel() mismatch (-want +got):\n%s", diff)
	}
	st, err := b.pac.CancellationStatus(context.Background(), req)
	if err != nil {
		t.Fatalf("CancellationStatus() = %v", err)
	}
	want := &sello.Cancellation{Status: sello.CancellationAccepted, Acuse: st.Acuse, At: clock, SATStatus: "Cancelado con aceptación"}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("CancellationStatus() mismatch (-want +got):\n%s", diff)
	}
	if err := sandbox.VerifyAcuse(st.Acuse, b.sandbox.Certificate().X509); err != nil {
		t.Errorf("CancellationStatus() acuse: %v", err)
	}
}

func TestCancelStatusBeforeCancel(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	req := cancelRequest(t, b, "22")
	st, err := b.pac.CancellationStatus(context.Background(), req)
	if err != nil {
		t.Fatalf("CancellationStatus() = %v", err)
	}
	if diff := cmp.Diff(&sello.Cancellation{Status: sello.CancellationPending, SATStatus: "Vigente"}, st); diff != "" {
		t.Errorf("CancellationStatus(not cancelled) mismatch (-want +got):\n%s", diff)
	}
	wrong := req
	wrong.Total = "1160.01"
	if _, err := b.pac.CancellationStatus(context.Background(), wrong); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("CancellationStatus(wrong total) = %v, want NotFound", err)
	}
}

func TestCancelRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		edit     func(*sello.CancelRequest)
		password string
		code     sello.Code
		field    sello.FieldError // Problem ignored
	}{
		{"motive 05", func(r *sello.CancelRequest) { r.Motive = "05" }, "", sello.Rejected, sello.FieldError{Field: "UUID", SATCode: "207"}},
		{"01 without substitution", func(r *sello.CancelRequest) { r.Motive = "01" }, "", sello.Rejected, sello.FieldError{Field: "UUID", SATCode: "208"}},
		{"02 with substitution", func(r *sello.CancelRequest) { r.Substitution = "4738AA21-ED8E-57D4-91D9-5D14F232FD1B" }, "", sello.Rejected, sello.FieldError{Field: "UUID", SATCode: "209"}},
		{"unknown UUID", func(r *sello.CancelRequest) { r.UUID = "4738AA21-ED8E-57D4-91D9-5D14F232FD1B" }, "", sello.Rejected, sello.FieldError{Field: "UUID", SATCode: "205"}},
		{"another RFC", func(r *sello.CancelRequest) { r.EmisorRFC = "XIA190128J61" }, "", sello.Rejected, sello.FieldError{Field: "UUID", SATCode: "711"}},
		{"no CSD", func(r *sello.CancelRequest) { r.Key = nil }, "", sello.Rejected, sello.FieldError{Field: "Certificate", Missing: true}},
		{"key not PKCS#8", func(r *sello.CancelRequest) { r.Key = []byte("not a key") }, "", sello.Rejected, sello.FieldError{Field: "Key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, options{password: tt.password})
			req := cancelRequest(t, b, "23")
			tt.edit(&req)
			got, err := b.pac.Cancel(context.Background(), req)
			var e *sello.Error
			if !errors.As(err, &e) || e.Code != tt.code || len(e.Fields) != 1 {
				t.Fatalf("Cancel() = %+v, %v; want %s with one field", got, err, tt.code)
			}
			f := e.Fields[0]
			f.Problem = ""
			if diff := cmp.Diff(tt.field, f); diff != "" {
				t.Errorf("Cancel() field mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCancelUnavailable(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	req := cancelRequest(t, b, "24")
	b.fake.FailNext(1, finkoktest.Fail500)
	if _, err := b.pac.Cancel(context.Background(), req); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("Cancel(500) = %v, want StampUnavailable", err)
	}
	b.fake.FailNext(1, finkoktest.Fail500)
	if _, err := b.pac.CancellationStatus(context.Background(), req); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("CancellationStatus(500) = %v, want StampUnavailable", err)
	}
}
