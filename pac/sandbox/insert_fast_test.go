package sandbox

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/cfdi"
)

// scanParsedCases are documents cfdi.Parse reads, on the edges of what
// scanParsed reads.
var scanParsedCases = []string{
	root + "\n  <cfdi:Emisor/>\n</cfdi:Comprobante>\n",
	root + `<cfdi:Complemento/></cfdi:Comprobante>`,
	root + `<cfdi:Complemento xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cfdi:Complemento><cfdi:Complemento/></cfdi:Comprobante>`,
	root + `<cfdi:Emisor/><cfdi:Addenda><x/><cfdi:Addenda/></cfdi:Addenda><cfdi:Addenda/></cfdi:Comprobante>`,
	`<?xml version="1.0"?><Comprobante xmlns="http://www.sat.gob.mx/cfd/4" Version="4.0" a=">"><Complemento xmlns:q="x"><q:y/></Complemento></Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"><c:Complemento xmlns:c="other"/><d:Complemento xmlns:d="http://www.sat.gob.mx/cfd/4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0" xmlns:xsi="x&amp;"><!-- c --><c:Complemento/></c:Comprobante>`,
	`<Comprobante xmlns="http://www.sat.gob.mx/cfd/4" Version="4.0"><Complemento xmlns=""/><Complemento/></Comprobante>`,
}

// checkScanParsed fails when scanParsed lays out a document cfdi.Parse
// reads differently from scan.
func checkScanParsed(t *testing.T, doc []byte) {
	t.Helper()
	if _, err := cfdi.Parse(doc); err != nil {
		return
	}
	got, ok := scanParsed(doc)
	if !ok {
		return
	}
	want, err := scan(doc)
	if err != nil {
		t.Fatalf("scanParsed read %q, scan: %v", doc, err)
	}
	if *got != *want {
		t.Fatalf("scanParsed(%q) = %+v, scan = %+v", doc, *got, *want)
	}
}

func scanParsedSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, c := range scanParsedCases {
		out = append(out, []byte(c))
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "sat", "samples", "*", "*.xml"))
	docs, _ := filepath.Glob(filepath.Join("..", "..", "cfdi", "testdata", "documents", "*.xml"))
	for _, p := range append(files, docs...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return append(out, sealedInvoice(t, "1"))
}

func TestScanParsed(t *testing.T) {
	t.Parallel()
	for _, doc := range scanParsedSeeds(t) {
		checkScanParsed(t, doc)
	}
	if _, ok := scanParsed(sealedInvoice(t, "2")); !ok {
		t.Error("scanParsed declines a document Sello sealed")
	}
}

// FuzzScanParsed: whatever cfdi.Parse and scanParsed read, scan lays out the
// same way.
func FuzzScanParsed(f *testing.F) {
	for _, doc := range scanParsedSeeds(f) {
		f.Add(doc)
	}
	f.Fuzz(checkScanParsed)
}
