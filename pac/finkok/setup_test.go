package finkok_test

import (
	"crypto/x509"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/pac/finkok"
	"github.com/sello-mx/sello/pac/finkoktest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// mexico is the zone of Fecha.
var mexico = func() *time.Location {
	l, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		panic(err)
	}
	return l
}()

// clock is the fixed time of the fake's sandbox: 2026-11-26 10:05 in
// Mexico City.
var clock = time.Date(2026, 11, 26, 10, 5, 0, 0, mexico)

// authority is one sandbox SAT certificate shared by the tests (RSA key
// generation is slow).
var authority = sync.OnceValues(func() ([2][]byte, error) {
	cer, key, err := sandbox.GenerateAuthority([]byte("sandbox"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.NewChaCha8([32]byte{7}))
	return [2][]byte{cer, key}, err
})

const (
	username = "sello@example.com"
	password = "s3cr3t&<pass>"
)

// bundle is what a test works with: a fake Finkok, its sandbox and an
// adapter pointed at it.
type bundle struct {
	fake    *finkoktest.Server
	sandbox *sandbox.PAC
	pac     *finkok.PAC
}

// options change the bundle.
type options struct {
	pending  bool          // the sandbox's PendingCancellations
	timeout  time.Duration // the adapter's Timeout
	password string        // the adapter's password, when not the fake's
	quick    bool          // the adapter's Quick
}

// setup starts a fake Finkok and an adapter for it.
func setup(t *testing.T, opt options) bundle {
	t.Helper()
	a, err := authority()
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Config{
		Certificate: a[0], Key: a[1], Password: []byte("sandbox"),
		Now: func() time.Time { return clock }, Rand: rand.NewChaCha8([32]byte{1}),
		PendingCancellations: opt.pending,
	})
	if err != nil {
		t.Fatal(err)
	}
	fake := finkoktest.New(finkoktest.Config{Username: username, Password: password, PAC: sb, Now: func() time.Time { return clock }})
	t.Cleanup(fake.Close)
	pass := password
	if opt.password != "" {
		pass = opt.password
	}
	p, err := finkok.New(finkok.Config{URL: fake.URL(), Username: username, Password: pass, Timeout: opt.timeout, Quick: opt.quick, Rand: rand.NewChaCha8([32]byte{2})})
	if err != nil {
		t.Fatal(err)
	}
	return bundle{fake: fake, sandbox: sb, pac: p}
}

// satCert answers the sandbox SAT certificate to Verify.
func (b bundle) satCert(no string) *x509.Certificate {
	if no == b.sandbox.Certificate().NoCertificado {
		return b.sandbox.Certificate().X509
	}
	return nil
}

// eku returns the 2023 test CSD of EKU9003173C9.
func eku(t *testing.T) *csd.CSD {
	t.Helper()
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c, err := csd.Load(read("EKU9003173C9.cer"), read("EKU9003173C9.key"), read("password.txt"), clock)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sealedInvoice returns a small invoice of EKU9003173C9 with the given
// Fecha and Folio, sealed: one service at 1000.00 plus IVA.
func sealedInvoice(t *testing.T, fecha time.Time, folio string) []byte {
	t.Helper()
	c := &cfdi.Comprobante{
		Version: "4.0", Serie: "F", Folio: folio, Fecha: fecha.In(mexico).Format("2006-01-02T15:04:05"),
		FormaPago: "03", SubTotal: "1000.00", Moneda: "MXN", Total: "1160.00",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor:   cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"},
		Conceptos: []cfdi.Concepto{{
			ClaveProdServ: "81111500", Cantidad: "1", ClaveUnidad: "E48", Unidad: "Servicio",
			Descripcion: "Soporte técnico", ValorUnitario: "1000.00", Importe: "1000.00", ObjetoImp: "02",
			Traslados: []cfdi.Traslado{{Base: "1000.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160.00"}},
		}},
		Impuestos: &cfdi.Impuestos{
			TotalImpuestosTrasladados: "160.00",
			Traslados:                 []cfdi.Traslado{{Base: "1000.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160.00"}},
		},
	}
	k := eku(t)
	if err := cfdi.Seal(c, k.Signer(), k.X509); err != nil {
		t.Fatal(err)
	}
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// invoice is sealedInvoice five minutes before the clock.
func invoice(t *testing.T, folio string) []byte {
	t.Helper()
	return sealedInvoice(t, clock.Add(-5*time.Minute), folio)
}
