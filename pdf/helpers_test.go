package pdf_test

import (
	"bytes"
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/pac/sandbox"
	"github.com/sello-mx/sello/pdf"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files under testdata")
	pdfDir = flag.String("pdfdir", "", "also write every rendered PDF to this directory, for review")
)

// fixedNow is the creation date of every PDF the tests make.
func fixedNow() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

// render renders c with the fixed clock and fails the test on error.
func render(t testing.TB, c *cfdi.Comprobante, opt pdf.Options) []byte {
	t.Helper()
	if opt.Now == nil {
		opt.Now = fixedNow
	}
	out, err := pdf.Render(c, opt)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("Render gave no PDF header: %q", out[:min(len(out), 16)])
	}
	if *pdfDir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".pdf"
		if err := os.WriteFile(filepath.Join(*pdfDir, name), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// tool returns the path of a poppler tool, skipping the test when it is
// missing (failing it when CI is set).
func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		cfditest.SkipOrFail(t, "%s not installed (apt-get install poppler-utils): %v", name, err)
	}
	return path
}

// pdfText extracts the text of a PDF with pdftotext, in reading order.
func pdfText(t testing.TB, data []byte) string {
	t.Helper()
	cmd := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// flat collapses every run of white space to one space, so that text
// wrapped over lines can be searched for.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// pngOf renders the first page with pdftoppm at 50 dpi and returns the PNG.
func pngOf(t testing.TB, data []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// sample parses a signed sample of <shared>/sat/samples/signed.
func sample(t testing.TB, name string) *cfdi.Comprobante {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cfditest.SATDir(t), "samples", "signed", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cfdi.Parse(data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc.Comprobante
}

// mexico is the time zone of Fecha.
func mexico(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return time.FixedZone("CST", -6*3600)
	}
	return loc
}

// authority is the sandbox SAT of the tests, made once: RSA key generation
// is slow.
var authority = sync.OnceValues(func() ([2][]byte, error) {
	cer, key, err := sandbox.GenerateAuthority([]byte("sandbox"),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.NewChaCha8([32]byte{'p', 'd', 'f'}))
	return [2][]byte{cer, key}, err
})

// stamped computes d, seals it with the EKU 2023 test CSD and stamps it
// with the sandbox PAC an hour after Fecha; it returns the stamped
// document as read back from the PAC's XML.
func stamped(t testing.TB, d *cfdi.Draft) *cfdi.Comprobante {
	t.Helper()
	c, err := cfdi.Compute(d)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	at, err := time.ParseInLocation("2006-01-02T15:04:05", d.Fecha, mexico(t))
	if err != nil {
		t.Fatal(err)
	}
	key := eku(t, at)
	if err := cfdi.Issue(c, cfdi.ValidateOptions{Location: mexico(t)}, key.Signer(), key.X509); err != nil {
		t.Fatalf("Issue: %v", err)
	}
	xml, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	a, err := authority()
	if err != nil {
		t.Fatalf("GenerateAuthority: %v", err)
	}
	pac, err := sandbox.New(sandbox.Config{Certificate: a[0], Key: a[1], Password: []byte("sandbox"),
		Now: func() time.Time { return at.Add(time.Hour) }, Rand: rand.NewChaCha8([32]byte{'s'})})
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	st, err := pac.Stamp(context.Background(), xml)
	if err != nil {
		t.Fatalf("Stamp: %v", err)
	}
	doc, err := cfdi.Parse(st.XML)
	if err != nil {
		t.Fatalf("Parse(stamped): %v", err)
	}
	return doc.Comprobante
}

// eku loads the 2023 test CSD of ESCUELA KEMPER URGATE.
func eku(t testing.TB, at time.Time) *csd.CSD {
	t.Helper()
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	password := bytes.TrimSpace(read("password.txt"))
	key, err := csd.Load(read("EKU9003173C9.cer"), read("EKU9003173C9.key"), password, at)
	if err != nil {
		t.Fatalf("csd.Load: %v", err)
	}
	return key
}

// iva16 is IVA transferred at 16 %.
var iva16 = cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: decimal.RequireFromString("0.16")}

// invoice is an EKU income invoice of n lines with Spanish accents in its
// text: line i costs 100+i pesos. The lines have no Unidad, so the PDF
// prints the description of E48.
func invoice(n int) *cfdi.Draft {
	d := &cfdi.Draft{Serie: "F", Folio: "1001", Fecha: "2026-11-02T10:30:00", FormaPago: "03",
		Moneda: "MXN", TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE",
		LugarExpedicion: "42501", CondicionesDePago: "Contado, sin descuento por pronto pago",
		Emisor: cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO",
			DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"}}
	for i := range n {
		d.Lines = append(d.Lines, cfdi.Line{ClaveProdServ: "81111500", ClaveUnidad: "E48",
			NoIdentificacion: "SKU-" + decimal.NewFromInt(int64(i+1)).String(),
			Descripcion:      "Diseño y programación de la sección " + decimal.NewFromInt(int64(i+1)).String() + ": pingüino, acción, año",
			Cantidad:         decimal.RequireFromString("1"),
			ValorUnitario:    decimal.NewFromInt(int64(100 + i)), Taxes: []cfdi.LineTax{iva16}})
	}
	return d
}
