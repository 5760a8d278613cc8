package sandbox

import (
	"crypto"
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
)

// mexico is America/Mexico_City, the zone of Fecha.
var mexico = func() *time.Location {
	l, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		panic(err)
	}
	return l
}()

// clock is the fixed stamping time of the tests: 2026-11-26 10:05:00 in
// Mexico City.
var clock = time.Date(2026, 11, 26, 10, 5, 0, 0, mexico)

// authority is one generated sandbox SAT, valid 2023-01-01 to 2027-01-01
// (the fixed clock and the 2023 samples), shared by the tests: RSA key
// generation is slow.
var authority = sync.OnceValues(func() ([2][]byte, error) {
	cer, key, err := GenerateAuthority([]byte("sandbox"), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), rand.NewChaCha8([32]byte{1}))
	return [2][]byte{cer, key}, err
})

// newPAC returns a sandbox PAC at clock with a random source seeded by seed.
func newPAC(t testing.TB, seed byte) *PAC {
	t.Helper()
	return newPACAt(t, seed, clock)
}

// newPACAt returns a sandbox PAC whose clock stands at now.
func newPACAt(t testing.TB, seed byte, now time.Time) *PAC {
	t.Helper()
	a, err := authority()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{
		Certificate: a[0], Key: a[1], Password: []byte("sandbox"),
		Now:  func() time.Time { return now },
		Rand: rand.NewChaCha8([32]byte{seed}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// loadCSD loads a test CSD from the shared folder at time at.
func loadCSD(t testing.TB, folder, base string, at time.Time) *csd.CSD {
	t.Helper()
	dir := filepath.Join(cfditest.SATDir(t), "csd", folder)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c, err := csd.Load(read(base+".cer"), read(base+".key"), read("password.txt"), at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// eku2023 is the valid 2023 test CSD of EKU9003173C9.
func eku2023(t testing.TB) *csd.CSD {
	return loadCSD(t, "EKU9003173C9_2023", "EKU9003173C9", clock)
}

// invoice is a small valid CFDI 4.0 of EKU9003173C9 with the given Fecha
// and Folio: one service at 1000.00 plus IVA 16 %.
func invoice(fecha, folio string) *cfdi.Comprobante {
	return &cfdi.Comprobante{
		Version: "4.0", Serie: "T", Folio: folio, Fecha: fecha,
		FormaPago: "03", SubTotal: "1000.00", Moneda: "MXN", Total: "1160.00",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor:   cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"},
		Conceptos: []cfdi.Concepto{{
			ClaveProdServ: "81111500", Cantidad: "1", ClaveUnidad: "E48", Unidad: "Servicio",
			Descripcion: "Soporte técnico & consultoría", ValorUnitario: "1000.00", Importe: "1000.00", ObjetoImp: "02",
			Traslados: []cfdi.Traslado{{Base: "1000.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160.00"}},
		}},
		Impuestos: &cfdi.Impuestos{
			TotalImpuestosTrasladados: "160.00",
			Traslados:                 []cfdi.Traslado{{Base: "1000.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160.00"}},
		},
	}
}

// seal seals c with key and cert and returns the XML.
func seal(t testing.TB, c *cfdi.Comprobante, key crypto.Signer, cert *x509.Certificate) []byte {
	t.Helper()
	if err := cfdi.Seal(c, key, cert); err != nil {
		t.Fatal(err)
	}
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sealedInvoice returns an invoice with Fecha five minutes before clock,
// sealed with the 2023 EKU CSD.
func sealedInvoice(t testing.TB, folio string) []byte {
	t.Helper()
	c := eku2023(t)
	return seal(t, invoice(clock.Add(-5*time.Minute).Format(fechaLayout), folio), c.Signer(), c.X509)
}
