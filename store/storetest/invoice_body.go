package storetest

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

// certifiedXML returns a sealed document that carries a certificate, as
// every issued CFDI does: cert is its base64 text, seal its seal.
func certifiedXML(cert, seal, uuid string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" +
		`<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Sello="` + seal +
		`" NoCertificado="30001000000500003416" Certificado="` + cert + `" Total="1160.00">` +
		"\n  <cfdi:Emisor Nombre=\"PEÑA &amp; NÚÑEZ\"/>\n<cfdi:Complemento><tfd:TimbreFiscalDigital UUID=\"" + uuid +
		`" SelloCFD="` + seal + `"/></cfdi:Complemento></cfdi:Comprobante>` + "\n\t ")
}

// randomBase64 is n random bytes in base64, as a certificate or a seal.
func randomBase64(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return base64.StdEncoding.EncodeToString(b)
}

// testInvoiceBodies checks that invoices keep their XML byte for byte when
// the store keeps their certificates apart: two teams sharing one, a team
// changing its own, an XML whose certificate attribute is empty or where
// Certificado appears as text, a large XML, and an update that changes the
// XML.
func testInvoiceBodies(t *testing.T, s sello.Store) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(16, 140))
	certA, certB := randomBase64(r, 1000), randomBase64(r, 1200)
	var big bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&big, `<cfdi:Concepto Descripcion="línea %d" Importe="%d.00"/>`, i, i*7)
	}
	cases := []struct {
		team sello.TeamID
		xml  []byte
	}{
		{"team_body_a", certifiedXML(certA, randomBase64(r, 256), uuidOf("a1"))},
		{"team_body_a", certifiedXML(certA, randomBase64(r, 256), uuidOf("a2"))},
		{"team_body_b", certifiedXML(certA, randomBase64(r, 256), uuidOf("b1"))}, // a shared certificate
		{"team_body_b", certifiedXML(certB, randomBase64(r, 256), uuidOf("b2"))}, // a new one
		{"team_body_b", []byte(`<c Certificado="" Sello="x"/>`)},
		{"team_body_b", []byte(`<c NoCertificado="1" Certificado="unterminated`)},
		{"team_body_b", []byte("Certificado=\"AAAA\" at the start, \x00\xff not UTF-8")},
		{"team_body_b", append(certifiedXML(certB, "s", uuidOf("b6")), big.Bytes()...)},
		{"team_body_b", nil},
	}
	for _, team := range []sello.TeamID{"team_body_a", "team_body_b"} {
		mustCreateTeam(t, s, newTeam(team, "", "BODIES", t0))
	}
	for i, c := range cases {
		inv := newInvoice(fmt.Sprintf("invoice_body%d", i), c.team, false, sello.InvoiceValid, "A", int64(i+1), t0.Add(time.Duration(i)*time.Second))
		inv.XML = c.xml
		mustCreateInvoice(t, s, inv)
		got, err := s.FindInvoice(ctx, c.team, false, inv.ID)
		if err != nil {
			t.Fatalf("FindInvoice(%s) = %v", inv.ID, err)
		}
		if !bytes.Equal(got.XML, c.xml) || (c.xml == nil) != (got.XML == nil) {
			t.Errorf("FindInvoice(%s).XML = %q, want %q", inv.ID, got.XML, c.xml)
		}
		if diff := cmp.Diff(inv, got, cmpDecimal); diff != "" {
			t.Errorf("FindInvoice(%s) (-want +got):\n%s", inv.ID, diff)
		}
	}
	// A list unpacks every invoice of its page.
	for _, team := range []sello.TeamID{"team_body_a", "team_body_b"} {
		got, _, _, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 20}})
		if err != nil {
			t.Fatalf("FindInvoices(%s) = %v", team, err)
		}
		for _, inv := range got {
			var n int
			fmt.Sscanf(inv.ID, "invoice_body%d", &n)
			if !bytes.Equal(inv.XML, cases[n].xml) {
				t.Errorf("FindInvoices(%s): %s.XML = %.80q…, want %.80q…", team, inv.ID, inv.XML, cases[n].xml)
			}
		}
	}
	// An update that stamps a new XML with another certificate.
	inv, err := s.FindInvoice(ctx, "team_body_a", false, "invoice_body0")
	if err != nil {
		t.Fatal(err)
	}
	certC := randomBase64(r, 900)
	inv.XML, inv.Status = certifiedXML(certC, "canceled", inv.UUID), sello.InvoiceCanceled
	if err := s.UpdateInvoice(ctx, inv, sello.InvoiceValid); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindInvoice(ctx, "team_body_a", false, inv.ID); err != nil || !bytes.Equal(got.XML, inv.XML) {
		t.Errorf("FindInvoice after an update = %v, XML equal %v", err, err == nil && bytes.Equal(got.XML, inv.XML))
	}
}

// UpgradeInvoiceBodies checks migration 00140 on an engine: pool is a
// database migrated up to version 130, and open migrates it to the latest
// version and returns a store (a new one on each call). An invoice written
// before keeps its XML and document, and so does an invoice written after,
// read by another store that has not seen its certificate.
func UpgradeInvoiceBodies(t *testing.T, pool *sql.DB, stamp func(time.Time) any, open func() sello.Store) {
	ctx := t.Context()
	exec := oldSchema(t, pool, stamp)
	r := rand.New(rand.NewPCG(16, 130))
	xml := certifiedXML(randomBase64(r, 1000), randomBase64(r, 256), uuidOf("old"))
	exec(`INSERT INTO invoices (id, team_id, livemode, uuid, type, status, series, folio, cancellation_status, search,
		sort_name, doc, xml, created_at, updated_at) VALUES ('invoice_old', 'team_old', $1, $2, 'I', 'valid', 'A', 1, '',
		'', '', $3, $4, $5, $5)`, false, uuidOf("old"),
		`{"currency":"MXN","total":"1160.00","payment_method":"PUE","metadata":{"order":"o-1"}}`, xml, stamp(t0))
	s := open()
	old, err := s.FindInvoice(ctx, "team_old", false, "invoice_old")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old.XML, xml) || old.Currency != "MXN" || old.Total.String() != "1160" || old.Metadata["order"] != "o-1" {
		t.Errorf("an invoice written before 00140 reads as XML equal %v, %s %s %v",
			bytes.Equal(old.XML, xml), old.Currency, old.Total, old.Metadata)
	}
	// Written again, it is packed; a second store (an empty memory of
	// certificates) reads it and a new invoice with the same certificate.
	old.PDFNotes = "rewritten"
	if err := s.UpdateInvoice(ctx, old, sello.InvoiceValid); err != nil {
		t.Fatal(err)
	}
	fresh := newInvoice("invoice_new", "team_old", false, sello.InvoiceValid, "A", 2, t0.Add(time.Second))
	fresh.XML = certifiedXML(string(certOf(xml)), "seal", fresh.UUID)
	mustCreateInvoice(t, s, fresh)
	other := open()
	for _, want := range []*sello.Invoice{old, fresh} {
		got, err := other.FindInvoice(ctx, "team_old", false, want.ID)
		if err != nil {
			t.Fatalf("FindInvoice(%s) from another store = %v", want.ID, err)
		}
		if !bytes.Equal(got.XML, want.XML) || got.PDFNotes != want.PDFNotes || !got.Total.Equal(want.Total) {
			t.Errorf("FindInvoice(%s) from another store: XML equal %v, notes %q, total %s",
				want.ID, bytes.Equal(got.XML, want.XML), got.PDFNotes, got.Total)
		}
	}
}

// certOf is the certificate text of a certifiedXML document.
func certOf(xml []byte) []byte {
	_, rest, _ := bytes.Cut(xml, []byte(` Certificado="`))
	cert, _, _ := bytes.Cut(rest, []byte(`"`))
	return cert
}
