package httpapi

import (
	"testing"

	"github.com/sello-mx/sello"
)

// FuzzDecodeInvoice feeds arbitrary bodies to the invoice decoder of both
// surfaces: it never panics, and every problem names a field.
func FuzzDecodeInvoice(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"client":"c","items":[{"description":"x","unit_price":1}]}`,
		`{"client":{"search":{"on_key":"rfc","on_value":"X"},"taxId":"X"},"items":[{"search":{"on_key":"sku","on_value":"s"},"taxes":[{"type":"iva","rate":"0.16","base":5}]}]}`,
		`{"clientId":"c","items":[{"name":"n","price":"1e3","total":-1,"quantity":0}],"global":{"periodicity":1,"months":[],"year":2026}}`,
		`{"related_documents":[{"relationship":"04","documents":[1]}],"complements":[{"type":"x"},3],"folio_number":"12a","notes":null}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		m, err := decodeBody([]byte(body), invoiceAliases)
		if err != nil {
			return
		}
		for _, sf := range []surface{surfaceC, surfaceS} {
			c := &call{route: &route{Surface: sf}, body: m}
			var in typedInvoiceInput
			var p sello.Problems
			c.decode(&in, &p)
			req := in.request(c, &p, sf == surfaceS)
			in.invoiceType(c, &p)
			if req == nil {
				t.Fatalf("decodeInvoice(%q) = nil", body)
			}
			for _, pr := range p {
				if pr.Field == "" || pr.Problem == "" {
					t.Errorf("decodeInvoice(%q): problem without a field: %+v", body, pr)
				}
			}
		}
	})
}
