package httpapi

import (
	"testing"

	"github.com/sello-mx/sello"
)

// FuzzDecodePayment feeds arbitrary bodies to the payment decoders (create,
// paid, refund, PUT, and the complement of POST /v2/invoices/payment) on
// both surfaces: they never panic, and every problem names a field.
func FuzzDecodePayment(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"client":"c","items":[{"description":"x","unit_price":1}],"automation_type":"ppd_invoice_and_complement"}`,
		`{"clientId":"c","items":[{"name":"n","total":"10"}],"automaticInvoice":true,"avoidEmail":"yes","allowedPaymentMethods":[{"id":"card"},"bank",3,{}]}`,
		`{"invoice_config":{"serie":1,"folio":-3},"date":"2026-02-30","payment_form":99,"amount":"-1","currency":null,"exchange_rate":"x"}`,
		`{"invoices":[{"uuid":"U","amount":"0.01"},{"id":3},7],"payment_form":"03","folio_number":"x","items":{"description":"y"}}`,
		`{"items":[{"description":1},null],"metadata":null,"client":{"search":{"on_key":"rfc"}}}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		m, err := decodeBody([]byte(body), paymentAliases)
		if err != nil {
			return
		}
		for _, sf := range []surface{surfaceShared, surfaceS, surfaceC} {
			c := &call{route: &route{Surface: sf}, body: m}
			var p sello.Problems
			var (
				pay    paymentInput
				paid   paidInput
				refund refundInput
				upd    paymentUpdateInput
				comp   complementRequestInput
			)
			for _, dst := range []any{&pay, &paid, &refund, &upd, &comp} {
				c.decode(dst, &p)
			}
			if pay.request(c, &p) == nil || paid.request(c, &p) == nil || refund.request(c, &p) == nil ||
				upd.update(c, &p) == nil || comp.request(c, &p) == nil {
				t.Fatalf("a payment decoder of %q returned nil", body)
			}
			for _, pr := range p {
				if pr.Field == "" || pr.Problem == "" {
					t.Errorf("decoding %q: problem without a field: %+v", body, pr)
				}
			}
		}
	})
}
