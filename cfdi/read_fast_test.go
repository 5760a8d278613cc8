package cfdi

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fastTreeSeeds returns every XML file of the SAT samples and of testdata:
// documents fastTree must read exactly as readTreeXML does.
func fastTreeSeeds(t testing.TB) map[string][]byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	var files []string
	for _, pattern := range []string{
		filepath.Join(dir, "..", "shared", "sat", "samples", "*", "*.xml"),
		filepath.Join("testdata", "*.xml"),
		filepath.Join("testdata", "*", "*.xml"),
	} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	seeds := map[string][]byte{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds[p] = data
	}
	return seeds
}

// fastTreeCases are small documents on the edges of what fastTree reads.
var fastTreeCases = []string{
	`<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0"/>`,
	`<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" + `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="a&amp;b&lt;&gt;&quot;&apos;"></cfdi:Comprobante>` + "\n",
	`<Comprobante xmlns="http://www.sat.gob.mx/cfd/4" Version='4.0' a="x` + "\r\n\ry" + `"><Emisor Rfc="X"/><Addenda><x:y xmlns:x="u">t</x:y></Addenda><Addenda/></Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"><c:Addenda>  </c:Addenda><c:Complemento><p:Pagos xmlns:p="p" p:a="1" xml:lang="es">text ]] > é</p:Pagos></c:Complemento></c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"><c:X u:a="1"/><c:Y xmlns:c="other"/></c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0" a="1" a="2"/>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"><!-- c --></c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0">&#65;</c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0">]]></c:Comprobante>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"></c:Comprobant>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"/><c:Comprobante/>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"/>x`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0" a="` + "\x01" + `"/>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0" a="` + "\xff" + `"/>`,
	`<?xml version="1.1"?><c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"/>`,
	`<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0"a="1"b='2'/>`,
	`<x:Comprobante Version="4.0"/>`,
}

// checkFastTree fails when fastTree reads data and readTreeXML does not
// give the same tree, Addenda and no error.
func checkFastTree(t *testing.T, data []byte) {
	t.Helper()
	root, addenda, ok := fastTree(data)
	if !ok {
		return
	}
	want, wantAddenda, err := readTreeXML(data)
	if err != nil {
		t.Fatalf("fastTree read %q, readTreeXML: %v", data, err)
	}
	if !reflect.DeepEqual(root, want) || !reflect.DeepEqual(addenda, wantAddenda) {
		t.Fatalf("fastTree(%q) = %s, %q; readTreeXML = %s, %q", data, dumpTree(root), addenda, dumpTree(want), wantAddenda)
	}
}

func dumpTree(n *node) string {
	if n == nil {
		return "<nil>"
	}
	s := fmt.Sprintf("{%q %q %q %q [", n.space, n.local, n.text, n.attrs)
	for _, k := range n.kids {
		s += dumpTree(k)
	}
	return s + "]}"
}

func TestFastTree(t *testing.T) {
	t.Parallel()
	for name, data := range fastTreeSeeds(t) {
		if _, _, ok := fastTree(data); !ok {
			t.Logf("fastTree declines %s", name)
		}
		checkFastTree(t, data)
	}
	for _, tc := range fastTreeCases {
		checkFastTree(t, []byte(tc))
	}
}

func TestFastTreeReadsSelloOutput(t *testing.T) {
	t.Parallel()
	for name, data := range fastTreeSeeds(t) {
		if filepath.Base(filepath.Dir(name)) != "documents" {
			continue
		}
		if _, _, ok := fastTree(data); !ok {
			t.Errorf("fastTree declines %s, which Sello wrote", name)
		}
	}
}

// FuzzFastTree: whatever fastTree reads, readTreeXML reads the same way.
func FuzzFastTree(f *testing.F) {
	for _, data := range fastTreeSeeds(f) {
		f.Add(data)
	}
	for _, tc := range fastTreeCases {
		f.Add([]byte(tc))
	}
	f.Fuzz(checkFastTree)
}
