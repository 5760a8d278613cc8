package sandbox

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"math/big"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

var uuidPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func TestStamp(t *testing.T) {
	t.Parallel()
	p := newPAC(t, 1)
	in := sealedInvoice(t, "1")
	st, err := p.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	if !uuidPattern.MatchString(st.UUID) {
		t.Errorf("UUID = %q, want an uppercase version 4 UUID", st.UUID)
	}
	want := sello.Stamp{
		XML: st.XML, UUID: st.UUID, SelloSAT: st.SelloSAT,
		FechaTimbrado:    "2026-11-26T10:05:00",
		RfcProvCertif:    RfcProvCertif,
		NoCertificadoSAT: p.Certificate().NoCertificado,
	}
	if diff := cmp.Diff(want, *st); diff != "" {
		t.Errorf("Stamp() mismatch (-want +got):\n%s", diff)
	}
	cfditest.Oracle(t, st.XML, cfditest.WithSATCert(p.Certificate().X509))

	before, after := parse(t, in), parse(t, st.XML)
	if a, b := cadena(t, before), cadena(t, after); a != b {
		t.Errorf("cadena changed by stamping:\n%s\n%s", a, b)
	}
	tfd := after.TFD
	if tfd == nil || tfd.UUID != st.UUID || tfd.SelloSAT != st.SelloSAT || tfd.SelloCFD != before.Comprobante.Sello {
		t.Fatalf("stamped TFD = %+v, want the returned stamp with SelloCFD = Sello", tfd)
	}
	satCert := func(no string) *x509.Certificate {
		if no == p.Certificate().NoCertificado {
			return p.Certificate().X509
		}
		return nil
	}
	if r := after.Verify(satCert); !r.OK() {
		t.Errorf("Verify(stamped) failures: %v", r.Failures)
	}
	// Every byte of the input is kept: the output is the input plus the TFD.
	if got := withoutTFD(st.XML, false); !bytes.Equal(got, in) {
		t.Errorf("stamping changed bytes outside the TFD:\n%s", st.XML)
	}
}

func TestStampDeterministic(t *testing.T) {
	t.Parallel()
	in := sealedInvoice(t, "2")
	a, err := newPAC(t, 7).Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newPAC(t, 7).Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.XML, b.XML) {
		t.Errorf("same input, clock and random source gave different output:\n%s\n%s", a.XML, b.XML)
	}
	c, err := newPAC(t, 8).Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if c.UUID == a.UUID {
		t.Errorf("another random source gave the same UUID %s", c.UUID)
	}
}

func TestStampRejects(t *testing.T) {
	t.Parallel()
	eku := eku2023(t)
	at := func(d time.Duration) string { return clock.Add(d).Format(fechaLayout) }
	valid := sealedInvoice(t, "3")
	old := loadCSD(t, "EKU9003173C9_2019", "EKU9003173C9", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	otherRFC := invoice(at(-time.Minute), "4")
	otherRFC.Emisor.Rfc = "XIA190128J61"
	fielKey, fielCert := fiel(t, "30001000000400002999", true)
	badTotal := invoice(at(-time.Minute), "11")
	badTotal.Total = "1160.01"
	ppd := invoice(at(-time.Minute), "12")
	ppd.MetodoPago = "PPD"
	tests := []struct {
		name string
		xml  []byte
		want string
	}{
		{"not XML", []byte("hello"), "301"},
		{"not a CFDI", []byte(`<a xmlns="urn:x"/>`), "301"},
		{"CFDI 3.3", bytes.ReplaceAll(bytes.Replace(valid, []byte(`Version="4.0"`), []byte(`Version="3.3"`), 1), []byte(cfdi.NS), []byte(cfdi.NS33)), "301"},
		{"tampered Total", bytes.Replace(valid, []byte(`Total="1160.00"`), []byte(`Total="1160.01"`), 1), "302"},
		{"tampered NoCertificado", bytes.Replace(valid, []byte(`NoCertificado="30001000000500003416"`), []byte(`NoCertificado="30001000000500003417"`), 1), "302"},
		{"RFC of another issuer", seal(t, otherRFC, eku.Signer(), eku.X509), "303"},
		{"expired 2019 CSD", seal(t, invoice(at(-time.Minute), "5"), old.Signer(), old.X509), "305"},
		{"FIEL", seal(t, invoice(at(-time.Minute), "6"), fielKey, fielCert), "306"},
		{"not a SAT certificate", selfSealed(t, invoice(at(-time.Minute), "7")), "308"},
		{"Fecha 73 hours old", seal(t, invoice(at(-73*time.Hour), "8"), eku.Signer(), eku.X509), "401"},
		{"Fecha in the future", seal(t, invoice(at(time.Minute), "9"), eku.Signer(), eku.X509), "401"},
		{"sealed, but Total is not the sum (CFDI40119)", seal(t, badTotal, eku.Signer(), eku.X509), "CFDI40119"},
		{"sealed, but PPD without FormaPago 99 (CFDI40105)", seal(t, ppd, eku.Signer(), eku.X509), "CFDI40105"},
	}
	p := newPAC(t, 3)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := p.Stamp(context.Background(), tt.xml)
			checkRejected(t, err, tt.want)
		})
	}
}

func TestStampTwice(t *testing.T) {
	t.Parallel()
	p := newPAC(t, 4)
	in := sealedInvoice(t, "10")
	st, err := p.Stamp(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Stamp(context.Background(), in)
	checkRejected(t, err, "307")
	_, err = newPAC(t, 4).Stamp(context.Background(), st.XML)
	checkRejected(t, err, "307")
}

func TestStampEdges(t *testing.T) {
	t.Parallel()
	in := sealedInvoice(t, "11")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newPAC(t, 5).Stamp(ctx, in); sello.ErrorCode(err) != sello.StampUnavailable {
		t.Errorf("Stamp(cancelled context) = %v, want StampUnavailable", err)
	}
	// Exactly 72 hours old is still accepted.
	eku := eku2023(t)
	edge := seal(t, invoice(clock.Add(-72*time.Hour).Format(fechaLayout), "12"), eku.Signer(), eku.X509)
	if _, err := newPAC(t, 5).Stamp(context.Background(), edge); err != nil {
		t.Errorf("Stamp(Fecha 72 hours old) = %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	a, err := authority()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return clock }
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no clock", Config{Certificate: a[0], Key: a[1], Password: []byte("sandbox"), Rand: rand.Reader}},
		{"no random", Config{Certificate: a[0], Key: a[1], Password: []byte("sandbox"), Now: now}},
		{"wrong password", Config{Certificate: a[0], Key: a[1], Password: []byte("x"), Now: now, Rand: rand.Reader}},
		{"expired authority", Config{Certificate: a[0], Key: a[1], Password: []byte("sandbox"), Rand: rand.Reader,
			Now: func() time.Time { return time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC) }}},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg); err == nil {
			t.Errorf("New(%s) succeeded", tt.name)
		}
	}
}

// checkRejected fails unless err is a StampRejected *sello.Error whose first
// field carries the PAC code want.
func checkRejected(t *testing.T, err error, want string) {
	t.Helper()
	t.Logf("Stamp() = %v", err)
	var e *sello.Error
	if !errors.As(err, &e) || e.Code != sello.StampRejected || len(e.Fields) != 1 || e.Fields[0].SATCode != want {
		t.Errorf("Stamp() = %v, want StampRejected with SATCode %s", err, want)
	}
}

// parse parses a CFDI or fails the test.
func parse(t *testing.T, xml []byte) *cfdi.Document {
	t.Helper()
	d, err := cfdi.Parse(xml)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// cadena returns the document's cadena original or fails the test.
func cadena(t *testing.T, d *cfdi.Document) string {
	t.Helper()
	s, err := d.CadenaOriginal()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fiel makes a certificate for EKU9003173C9 with a given serial, shaped like
// an e.firma (no OU, wider key usages) when asFIEL is set.
func fiel(t *testing.T, serial string, asFIEL bool) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: "ESCUELA KEMPER URGATE", ExtraNames: []pkix.AttributeTypeAndValue{
		{Type: asn1.ObjectIdentifier{2, 5, 4, 45}, Value: "EKU9003173C9 / VADA800927DJ3"},
	}}
	usage := x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	if asFIEL {
		usage |= x509.KeyUsageDataEncipherment | x509.KeyUsageKeyAgreement
	} else {
		subject.OrganizationalUnit = []string{"Sucursal 1"}
	}
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes([]byte(serial)), Subject: subject, KeyUsage: usage,
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}

// selfSealed seals c by hand with a certificate whose serial is not a SAT
// certificate number (cfdi.Seal refuses those).
func selfSealed(t *testing.T, c *cfdi.Comprobante) []byte {
	t.Helper()
	key, cert := fiel(t, "12345", false)
	c.NoCertificado = "30001000000500003416"
	c.Certificado = base64.StdEncoding.EncodeToString(cert.Raw)
	s, err := cfdi.CadenaOriginal(c)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(s))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	c.Sello = base64.StdEncoding.EncodeToString(sig)
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStampConcurrent stamps the same documents from many goroutines: each
// Sello is stamped exactly once, every other attempt gets 307.
func TestStampConcurrent(t *testing.T) {
	t.Parallel()
	p := newPAC(t, 6)
	docs := [][]byte{sealedInvoice(t, "20"), sealedInvoice(t, "21"), sealedInvoice(t, "22")}
	const tries = 4
	type result struct {
		doc int
		err error
	}
	results := make(chan result, len(docs)*tries)
	for i := range len(docs) * tries {
		go func() {
			_, err := p.Stamp(context.Background(), docs[i%len(docs)])
			results <- result{i % len(docs), err}
		}()
	}
	stamped := make([]int, len(docs))
	for range len(docs) * tries {
		r := <-results
		switch {
		case r.err == nil:
			stamped[r.doc]++
		default:
			checkRejected(t, r.err, "307")
		}
	}
	if diff := cmp.Diff([]int{1, 1, 1}, stamped); diff != "" {
		t.Errorf("stamps per document (-want +got):\n%s", diff)
	}
}
