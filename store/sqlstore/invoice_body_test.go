package sqlstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// TestBodyDictionaryUnchanged guards dictionary 1: bodies already stored
// name it, so its bytes may never change.
func TestBodyDictionaryUnchanged(t *testing.T) {
	const want = "e15d6ed88cd7663c68316dd074d3921fea884e9da2802b198d61fb4b46464656"
	sum := sha256.Sum256(bodyDict1)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("invoice_body_dict1.txt has SHA-256 %s, want %s: stored bodies need it as it was; add a dictionary 2 instead", got, want)
	}
}

// roundTrip packs and unpacks xml and doc, failing t when they differ.
func roundTrip(t testing.TB, xml, doc []byte) []byte {
	body, err := packBody(xml, doc)
	if err != nil {
		t.Fatalf("packBody = %v", err)
	}
	p, err := readBody(body)
	if err != nil {
		t.Fatalf("readBody = %v", err)
	}
	var cert []byte
	if start, end, ok := certificateAt(xml); ok && end-start > 0 {
		cert = xml[start:end]
		if !bytes.Equal(p.certKey, certificateKey(cert)) {
			t.Fatalf("the body names certificate %x, want %x", p.certKey, certificateKey(cert))
		}
	} else if p.certKey != nil {
		t.Fatalf("the body names a certificate, but the XML has none")
	}
	gotXML, gotDoc, err := p.unpack(cert)
	if err != nil {
		t.Fatalf("unpack = %v", err)
	}
	if !bytes.Equal(gotXML, xml) || !bytes.Equal(gotDoc, doc) {
		t.Fatalf("unpack = %q, %q; want %q, %q", gotXML, gotDoc, xml, doc)
	}
	return body
}

// TestBodyDocuments packs every golden document Sello issues (cfdi
// testdata) with a typical JSON document, and reports their sizes.
func TestBodyDocuments(t *testing.T) {
	files, err := filepath.Glob("../../cfdi/testdata/documents/*.xml")
	if err != nil || len(files) < 50 {
		t.Fatalf("golden documents: %d, %v", len(files), err)
	}
	doc := []byte(`{"client":{"id":"client_1","legal_name":"PEÑA","tax_id":"XAXX010101000"},"currency":"MXN","items":[]}`)
	var raw, packed int
	for _, f := range files {
		xml, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body := roundTrip(t, xml, doc)
		raw, packed = raw+len(xml)+len(doc), packed+len(body)
	}
	t.Logf("%d documents: %d bytes with their JSON, %d packed (%.1f%%)", len(files), raw, packed, 100*float64(packed)/float64(raw))
	if packed*3 > raw {
		t.Errorf("packed %d of %d bytes: less than a third was expected", packed, raw)
	}
}

func TestBodyEdges(t *testing.T) {
	for _, xml := range []string{
		"", `Certificado="`, ` Certificado="`, ` Certificado=""`, ` Certificado="A"`, `x Certificado="AB" Certificado="CD"`,
		"\x00\xff\xfe", ` Certificado="` + string(bytes.Repeat([]byte("Q"), 70_000)) + `"`,
	} {
		for _, doc := range []string{"", "{}", `{"a":"Certificado"}`} {
			roundTrip(t, []byte(xml), []byte(doc))
		}
	}
}

// TestBodyDamaged reads every cut and many changed bytes of a body: each
// is an error or some document, never a panic.
func TestBodyDamaged(t *testing.T) {
	xml, err := os.ReadFile("../../cfdi/testdata/documents/ingreso-pue.stamped.xml")
	if err != nil {
		t.Fatal(err)
	}
	body := roundTrip(t, xml, []byte(`{"currency":"MXN"}`))
	start, end, _ := certificateAt(xml)
	for n := range len(body) {
		if p, err := readBody(body[:n]); err == nil {
			if _, _, err := p.unpack(xml[start:end]); err == nil {
				t.Errorf("a body cut at %d of %d bytes unpacked", n, len(body))
			}
		}
	}
	for i := range body {
		changed := bytes.Clone(body)
		changed[i] ^= 0x5a
		if p, err := readBody(changed); err == nil {
			p.unpack(xml[start:end])
		}
	}
}

func FuzzBody(f *testing.F) {
	f.Add([]byte(`<c Certificado="QUJD" Sello="x"/>`), []byte(`{}`))
	f.Add([]byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, xml, doc []byte) {
		roundTrip(t, xml, doc)
	})
}

func FuzzReadBody(f *testing.F) {
	body, _ := packBody([]byte(`<c Certificado="QUJD" Sello="x"/>`), []byte(`{}`))
	f.Add(body)
	f.Fuzz(func(t *testing.T, body []byte) {
		if p, err := readBody(body); err == nil {
			p.unpack([]byte("QUJD"))
		}
	})
}
