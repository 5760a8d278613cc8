package sandbox

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	sello "github.com/sello-mx/sello"
)

const (
	cancelUUID = "5FB2822E-396D-4725-8521-CDC4BDD20CCF"
	otherUUID  = "4738AA21-ED8E-57D4-91D9-5D14F232FD1B"
)

// newPendingPAC returns a sandbox PAC at clock whose cancellations wait for
// the receiver.
func newPendingPAC(t testing.TB) *PAC {
	t.Helper()
	a, err := authority()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{
		Certificate: a[0], Key: a[1], Password: []byte("sandbox"),
		Now: func() time.Time { return clock }, Rand: rand.NewChaCha8([32]byte{9}),
		PendingCancellations: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCancelRejects(t *testing.T) {
	t.Parallel()
	valid := sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "02"}
	tests := []struct {
		name string
		edit func(*sello.CancelRequest)
		want []sello.FieldError
	}{
		{"motive 00", func(r *sello.CancelRequest) { r.Motive = "00" },
			[]sello.FieldError{{Field: "Motive", SATCode: "207"}}},
		{"motive 05", func(r *sello.CancelRequest) { r.Motive = "05" },
			[]sello.FieldError{{Field: "Motive", SATCode: "207"}}},
		{"no motive", func(r *sello.CancelRequest) { r.Motive = "" },
			[]sello.FieldError{{Field: "Motive", Missing: true, SATCode: "207"}}},
		{"01 without substitution", func(r *sello.CancelRequest) { r.Motive = "01" },
			[]sello.FieldError{{Field: "Substitution", Missing: true, SATCode: "208"}}},
		{"01 with a malformed substitution", func(r *sello.CancelRequest) { r.Motive, r.Substitution = "01", "not-a-uuid" },
			[]sello.FieldError{{Field: "Substitution", SATCode: "208"}}},
		{"01 replacing itself", func(r *sello.CancelRequest) { r.Motive, r.Substitution = "01", cancelUUID },
			[]sello.FieldError{{Field: "Substitution", SATCode: "208"}}},
		{"02 with substitution", func(r *sello.CancelRequest) { r.Substitution = otherUUID },
			[]sello.FieldError{{Field: "Substitution", SATCode: "209"}}},
		{"03 with substitution", func(r *sello.CancelRequest) { r.Motive, r.Substitution = "03", otherUUID },
			[]sello.FieldError{{Field: "Substitution", SATCode: "209"}}},
		{"04 with substitution", func(r *sello.CancelRequest) { r.Motive, r.Substitution = "04", otherUUID },
			[]sello.FieldError{{Field: "Substitution", SATCode: "209"}}},
		{"no UUID and no RFC", func(r *sello.CancelRequest) { r.UUID, r.EmisorRFC = "", "" },
			[]sello.FieldError{{Field: "UUID", Missing: true}, {Field: "EmisorRFC", Missing: true}}},
		{"malformed UUID", func(r *sello.CancelRequest) { r.UUID = "5FB2822E396D47258521CDC4BDD20CCF" },
			[]sello.FieldError{{Field: "UUID"}}},
	}
	p := newPAC(t, 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := valid
			tt.edit(&req)
			got, err := p.Cancel(context.Background(), req)
			var e *sello.Error
			if !errors.As(err, &e) || e.Code != sello.Rejected {
				t.Fatalf("Cancel(%+v) = %+v, %v; want a Rejected error", req, got, err)
			}
			if diff := cmp.Diff(tt.want, e.Fields, cmpopts.IgnoreFields(sello.FieldError{}, "Problem")); diff != "" {
				t.Errorf("Cancel(%+v) fields mismatch (-want +got):\n%s", req, diff)
			}
			for _, f := range e.Fields {
				if f.Problem == "" {
					t.Errorf("Cancel(%+v): field %s has no problem text", req, f.Field)
				}
			}
		})
	}
}

func TestCancelAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  sello.CancelRequest
	}{
		{"01 with substitution", sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "01", Substitution: otherUUID}},
		{"02", sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "02"}},
		{"03", sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "03"}},
		{"04 lowercase UUID", sello.CancelRequest{UUID: "5fb2822e-396d-4725-8521-cdc4bdd20ccf", EmisorRFC: "EKU9003173C9", Motive: "04"}},
		{"RFC with ampersand", sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "H&E951128469", Motive: "02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPAC(t, 2)
			got, err := p.Cancel(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("Cancel(%+v) = %v", tt.req, err)
			}
			want := &sello.Cancellation{Status: sello.CancellationAccepted, Acuse: got.Acuse, At: clock, SATStatus: "Cancelado sin aceptación"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Cancel(%+v) mismatch (-want +got):\n%s", tt.req, diff)
			}
			checkAcuse(t, p, got.Acuse, tt.req.EmisorRFC)
			again, err := p.CancellationStatus(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("CancellationStatus(%+v) = %v", tt.req, err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("CancellationStatus after an accepted Cancel mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// checkAcuse verifies the acuse's signature and what it says.
func checkAcuse(t *testing.T, p *PAC, acuse []byte, rfc string) {
	t.Helper()
	if err := VerifyAcuse(acuse, p.Certificate().X509); err != nil {
		t.Errorf("VerifyAcuse(%s) = %v", acuse, err)
	}
	escaped := bytes.ReplaceAll([]byte(rfc), []byte("&"), []byte("&amp;"))
	for _, part := range [][]byte{
		[]byte(`Fecha="2026-11-26T10:05:00"`), append(append([]byte(`RfcEmisor="`), escaped...), '"'),
		[]byte("<UUID>" + cancelUUID + "</UUID>"), []byte("<EstatusUUID>201</EstatusUUID>"),
	} {
		if !bytes.Contains(acuse, part) {
			t.Errorf("acuse lacks %s:\n%s", part, acuse)
		}
	}
	tampered := bytes.Replace(acuse, []byte("201"), []byte("202"), 1)
	if err := VerifyAcuse(tampered, p.Certificate().X509); err == nil {
		t.Errorf("VerifyAcuse(tampered acuse) = nil, want an error")
	}
}

func TestCancelDeterministic(t *testing.T) {
	t.Parallel()
	req := sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "02"}
	a, err := newPAC(t, 3).Cancel(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newPAC(t, 4).Cancel(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Acuse, b.Acuse) {
		t.Errorf("two sandboxes at the same clock wrote different acuses:\n%s\n%s", a.Acuse, b.Acuse)
	}
}

func TestCancelPending(t *testing.T) {
	t.Parallel()
	p := newPendingPAC(t)
	req := sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "02"}
	got, err := p.Cancel(context.Background(), req)
	if err != nil {
		t.Fatalf("Cancel() = %v", err)
	}
	pending := &sello.Cancellation{Status: sello.CancellationPending, SATStatus: "En proceso"}
	if diff := cmp.Diff(pending, got); diff != "" {
		t.Errorf("Cancel() mismatch (-want +got):\n%s", diff)
	}
	if again, err := p.Cancel(context.Background(), req); err != nil || again.Status != sello.CancellationPending {
		t.Errorf("second Cancel() = %+v, %v; want still pending", again, err)
	}
	st, err := p.CancellationStatus(context.Background(), req)
	if err != nil {
		t.Fatalf("CancellationStatus() = %v", err)
	}
	accepted := &sello.Cancellation{Status: sello.CancellationAccepted, Acuse: st.Acuse, At: clock, SATStatus: "Cancelado con aceptación"}
	if diff := cmp.Diff(accepted, st); diff != "" {
		t.Errorf("CancellationStatus() mismatch (-want +got):\n%s", diff)
	}
	checkAcuse(t, p, st.Acuse, req.EmisorRFC)
}

func TestCancellationStatusUnknown(t *testing.T) {
	t.Parallel()
	_, err := newPAC(t, 5).CancellationStatus(context.Background(), sello.CancelRequest{UUID: cancelUUID})
	if code := sello.ErrorCode(err); code != sello.NotFound {
		t.Errorf("CancellationStatus(never cancelled) = %v, want NotFound", err)
	}
}

func TestCancelContextDone(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := sello.CancelRequest{UUID: cancelUUID, EmisorRFC: "EKU9003173C9", Motive: "02"}
	p := newPAC(t, 6)
	if _, err := p.Cancel(ctx, req); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("Cancel(done ctx) = %v, want StampUnavailable", err)
	}
	if _, err := p.CancellationStatus(ctx, req); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("CancellationStatus(done ctx) = %v, want StampUnavailable", err)
	}
}
