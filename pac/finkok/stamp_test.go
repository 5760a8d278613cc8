package finkok_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pac/finkok"
	"github.com/sello-mx/sello/pac/finkoktest"
)

func TestStamp(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	in := invoice(t, "1")
	st, err := b.pac.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	doc, err := cfdi.Parse(st.XML)
	if err != nil {
		t.Fatalf("Parse(stamped) = %v", err)
	}
	if r := doc.Verify(b.satCert); !r.OK() {
		t.Errorf("Verify(stamped) failures: %v", r.Failures)
	}
	tfd := doc.TFD
	want := sello.Stamp{
		XML: st.XML, UUID: tfd.UUID, FechaTimbrado: "2026-11-26T10:05:00", RfcProvCertif: "SPR190613I52",
		NoCertificadoSAT: b.sandbox.Certificate().NoCertificado, SelloSAT: tfd.SelloSAT,
	}
	if diff := cmp.Diff(want, *st); diff != "" {
		t.Errorf("Stamp() mismatch (-want +got):\n%s", diff)
	}
	// The adapter returns the fake's bytes untouched: the sandbox's stamp.
	if sb, err := b.sandbox.Stamped(context.Background(), in); err != nil || !bytes.Equal(sb.XML, st.XML) {
		t.Errorf("Stamp() XML is not the bytes the PAC stamped (%v)", err)
	}
	cfditest.Oracle(t, st.XML, cfditest.WithSATCert(b.sandbox.Certificate().X509))
	if n := b.fake.Stamps(); n != 1 {
		t.Errorf("fake stamped %d documents, want 1", n)
	}
}

func TestStampAlreadyStamped(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	in := invoice(t, "2")
	first, err := b.pac.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	// Finkok answers 307 without the XML; the adapter asks stamped.
	again, err := b.pac.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("second Stamp() = %v", err)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("second Stamp() mismatch (-want +got):\n%s", diff)
	}
	if got := [3]int{b.fake.Stamps(), b.fake.Calls("stamp"), b.fake.Calls("stamped")}; got != [3]int{1, 2, 1} {
		t.Errorf("fake stamps, stamp calls, stamped calls = %v, want [1 2 1]", got)
	}
}

func TestStamped(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	in := invoice(t, "3")
	if _, err := b.pac.Stamped(context.Background(), in); sello.ErrorCode(err) != sello.NotFound {
		t.Fatalf("Stamped(before Stamp) = %v, want NotFound", err)
	}
	st, err := b.pac.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	got, err := b.pac.Stamped(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamped() = %v", err)
	}
	if diff := cmp.Diff(st, got); diff != "" {
		t.Errorf("Stamped() mismatch (-want +got):\n%s", diff)
	}
}

func TestStampRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       func(t *testing.T) []byte
		password string
		want     []string // the SATCodes
	}{
		{"seal broken", func(t *testing.T) []byte {
			return bytes.Replace(invoice(t, "4"), []byte(`SubTotal="1000.00"`), []byte(`SubTotal="1000.01"`), 1)
		}, "", []string{"302"}},
		{"Fecha four days old", func(t *testing.T) []byte { return sealedInvoice(t, clock.Add(-96*time.Hour), "5") }, "", []string{"401"}},
		{"Fecha in the future", func(t *testing.T) []byte { return sealedInvoice(t, clock.Add(time.Hour), "6") }, "", []string{"401"}},
		{"not a CFDI", func(t *testing.T) []byte { return []byte("<factura/>") }, "", []string{"301"}},
		{"wrong password", func(t *testing.T) []byte { return invoice(t, "7") }, "wrong", []string{"300"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, options{password: tt.password})
			st, err := b.pac.Stamp(context.Background(), tt.in(t))
			var e *sello.Error
			if !errors.As(err, &e) || e.Code != sello.StampRejected {
				t.Fatalf("Stamp() = %+v, %v; want StampRejected", st, err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.SATCode)
				if f.Problem == "" {
					t.Errorf("Stamp(): incidencia %s has no text", f.SATCode)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Stamp() codes mismatch (-want +got):\n%s", diff)
			}
			if n := b.fake.Stamps(); n != 0 {
				t.Errorf("fake stamped %d documents, want 0", n)
			}
		})
	}
}

// stampWithRetry is what a caller (Sello's Service) does with a Stamper:
// on StampUnavailable it asks Stamped before stamping again, so a document
// whose stamp was lost on the way back is not stamped twice.
func stampWithRetry(ctx context.Context, s sello.Stamper, sealed []byte, attempts int) (*sello.Stamp, error) {
	var err error
	for i := range attempts {
		if i > 0 {
			st, serr := s.Stamped(ctx, sealed)
			if serr == nil {
				return st, nil
			}
			if sello.ErrorCode(serr) != sello.NotFound {
				err = serr
				continue
			}
		}
		var st *sello.Stamp
		st, err = s.Stamp(ctx, sealed)
		if sello.ErrorCode(err) != sello.StampUnavailable {
			return st, err
		}
	}
	return nil, err
}

func TestStampRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		failures []finkoktest.Failure
		calls    [2]int // stamp and stamped calls the fake receives
	}{
		{"two 500s", []finkoktest.Failure{finkoktest.Fail500, finkoktest.Fail500}, [2]int{2, 2}},
		{"answer lost", []finkoktest.Failure{finkoktest.FailLost}, [2]int{1, 1}},
		{"answer lost, then a 500 on stamped", []finkoktest.Failure{finkoktest.FailLost, finkoktest.Fail500}, [2]int{1, 2}},
		{"hang, then stamped answer lost", []finkoktest.Failure{finkoktest.FailHang, finkoktest.FailLost}, [2]int{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, options{timeout: 500 * time.Millisecond})
			for _, f := range tt.failures {
				b.fake.FailNext(1, f)
			}
			in := invoice(t, "8")
			st, err := stampWithRetry(context.Background(), b.pac, in, 5)
			if err != nil {
				t.Fatalf("stampWithRetry() = %v", err)
			}
			if doc, err := cfdi.Parse(st.XML); err != nil || doc.TFD == nil || doc.TFD.UUID != st.UUID {
				t.Errorf("stampWithRetry() XML does not carry its UUID %s (%v)", st.UUID, err)
			}
			if n := b.fake.Stamps(); n != 1 {
				t.Errorf("fake stamped %d times, want exactly 1", n)
			}
			if got := [2]int{b.fake.Calls("stamp"), b.fake.Calls("stamped")}; got != tt.calls {
				t.Errorf("fake stamp and stamped calls = %v, want %v", got, tt.calls)
			}
		})
	}
}

func TestStampUnavailable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		failure finkoktest.Failure
	}{
		{"500", finkoktest.Fail500},
		{"timeout", finkoktest.FailHang},
		{"answer lost", finkoktest.FailLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, options{timeout: 200 * time.Millisecond})
			b.fake.FailNext(1, tt.failure)
			if st, err := b.pac.Stamp(context.Background(), invoice(t, "9")); sello.ErrorCode(err) != sello.StampUnavailable {
				t.Errorf("Stamp() = %+v, %v; want StampUnavailable", st, err)
			}
		})
	}
}

func TestStampContextDone(t *testing.T) {
	t.Parallel()
	b := setup(t, options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.pac.Stamp(ctx, invoice(t, "10")); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("Stamp(done ctx) = %v, want StampUnavailable", err)
	}
	if n := b.fake.Calls("stamp"); n != 0 {
		t.Errorf("fake received %d calls, want 0", n)
	}
}

func TestQuickStamp(t *testing.T) {
	t.Parallel()
	b := setup(t, options{quick: true})
	in := invoice(t, "11")
	if _, err := b.pac.Stamp(context.Background(), in); err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	if _, err := b.pac.Stamp(context.Background(), in); err != nil {
		t.Fatalf("second Stamp() = %v", err)
	}
	if got := [4]int{b.fake.Stamps(), b.fake.Calls("quick_stamp"), b.fake.Calls("stamp"), b.fake.Calls("stamped")}; got != [4]int{1, 2, 0, 1} {
		t.Errorf("fake stamps, quick_stamp, stamp and stamped calls = %v, want [1 2 0 1]", got)
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	for _, cfg := range []finkok.Config{
		{Username: "u", Password: "p"},
		{URL: finkok.DemoURL, Password: "p"},
		{URL: finkok.DemoURL, Username: "u"},
	} {
		if _, err := finkok.New(cfg); err == nil {
			t.Errorf("New(%+v) = nil error, want one", cfg)
		}
	}
	if _, err := finkok.New(finkok.Config{URL: finkok.ProductionURL, Username: "u", Password: "p"}); err != nil {
		t.Errorf("New(production) = %v", err)
	}
}
