package cfdi_test

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// invoice returns a realistic income invoice of the EKU test issuer with n
// lines at 1,000.00 + IVA 16 % and a 10 % ISR withholding on each, every
// amount precomputed as text (no decimal math here).
func invoice(n int) *cfdi.Comprobante {
	c := &cfdi.Comprobante{
		Version: "4.0", Serie: "F", Folio: "1024", Fecha: "2026-07-01T09:30:00",
		FormaPago: "03", CondicionesDePago: "Contado", Moneda: "MXN", TipoDeComprobante: "I",
		Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor:   cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"},
	}
	for i := range n {
		c.Conceptos = append(c.Conceptos, cfdi.Concepto{
			ClaveProdServ: "81111500", NoIdentificacion: fmt.Sprintf("SRV-%03d", i+1), Cantidad: "1",
			ClaveUnidad: "E48", Unidad: "Servicio", Descripcion: fmt.Sprintf("Consultoría en sistemas & soporte, etapa %d", i+1),
			ValorUnitario: "1000.00", Importe: "1000.00", ObjetoImp: "02",
			Traslados:   []cfdi.Traslado{{Base: "1000.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160.00"}},
			Retenciones: []cfdi.Retencion{{Base: "1000.00", Impuesto: "001", TipoFactor: "Tasa", TasaOCuota: "0.100000", Importe: "100.00"}},
		})
	}
	sub := fmt.Sprintf("%d.00", 1000*n)
	c.SubTotal = sub
	c.Total = fmt.Sprintf("%d.00", 1060*n)
	c.Impuestos = &cfdi.Impuestos{
		TotalImpuestosRetenidos:   fmt.Sprintf("%d.00", 100*n),
		TotalImpuestosTrasladados: fmt.Sprintf("%d.00", 160*n),
		Retenciones:               []cfdi.Retencion{{Impuesto: "001", Importe: fmt.Sprintf("%d.00", 100*n)}},
		Traslados:                 []cfdi.Traslado{{Base: sub, Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: fmt.Sprintf("%d.00", 160*n)}},
	}
	return c
}

// testCSD returns the public SAT test CSD EKU9003173C9 (2023, valid to
// 2027-05-18), read from the unencrypted PEM copy in the shared folder so
// that this package needs no PKCS#8 decryption.
func testCSD(t testing.TB) (crypto.Signer, *x509.Certificate) {
	t.Helper()
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	cert, err := x509.ParseCertificate(readFile(t, filepath.Join(dir, "EKU9003173C9.cer")))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(readFile(t, filepath.Join(dir, "EKU9003173C9.key.unencrypted.pem")))
	if block == nil {
		t.Fatal("no PEM block in the unencrypted key")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return key.(crypto.Signer), cert
}
