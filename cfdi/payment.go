package cfdi

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// PaymentDraft is a payment receipt to build: a CFDI of type P carrying the
// Complemento para recepción de pagos 2.0 (CFDI.md §8). BuildPayment fills
// every amount.
type PaymentDraft struct {
	Serie, Folio, Fecha, LugarExpedicion string

	// CfdiRelacionados is only used to substitute an earlier receipt
	// (TipoRelacion 04).
	CfdiRelacionados []CfdiRelacionados
	Emisor           Emisor
	// Receptor is the payer; its UsoCFDI is always written "CP01".
	Receptor Receptor
	Payments []PaymentReceived
}

// PaymentReceived is one payment (one pago20:Pago): money received on one
// date, by one form, in one currency, applied to one or more invoices.
type PaymentReceived struct {
	// FechaPago is when the money arrived (YYYY-MM-DDThh:mm:ss; the guía
	// suggests 12:00:00 when the time is unknown).
	FechaPago string
	// FormaDePagoP is the real form of payment (c_FormaPago), never 99.
	FormaDePagoP string
	// MonedaP is the currency of the payment, never XXX.
	MonedaP string
	// TipoCambioP is MXN per unit of MonedaP (up to 6 decimals), required
	// for other currencies. For MXN it is 1, and zero means 1.
	TipoCambioP decimal.Decimal
	// Monto is the amount received in MonedaP. Zero means the sum of the
	// amounts paid, converted to MonedaP and truncated.
	Monto decimal.Decimal

	// Optional bank data, written as given (patterns per form in c_FormaPago).
	NumOperacion, RfcEmisorCtaOrd, NomBancoOrdExt, CtaOrdenante string
	RfcEmisorCtaBen, CtaBeneficiario                            string
	// Optional SPEI data.
	TipoCadPago, CertPago, CadPago, SelloPago string

	Documents []PaidDocument
}

// PaidDocument is an invoice (I, PPD) paid in full or in part by a payment.
// The caller owns the state: the balance before this payment and the number
// of the installment come from storage, never from the payer.
type PaidDocument struct {
	// IdDocumento is the UUID of the paid invoice.
	IdDocumento, Serie, Folio string
	// MonedaDR is the currency of the invoice; its amounts below are in it.
	MonedaDR string
	// EquivalenciaDR is the number of MonedaDR units per unit of MonedaP
	// (rounded to 10 decimals). Zero means 1, the only value allowed when
	// both currencies are equal.
	EquivalenciaDR decimal.Decimal
	// NumParcialidad is the installment number: 1, 2, …
	NumParcialidad int
	// ImpSaldoAnt is the balance before this payment (the invoice Total for
	// the first installment); ImpPagado the part of it paid now.
	ImpSaldoAnt, ImpPagado decimal.Decimal
	// ObjetoImpDR defaults to "02" when Taxes is not empty and "01" otherwise.
	ObjetoImpDR string

	// InvoiceTotal and Taxes describe the invoice; the taxes written for this
	// payment are Taxes scaled by ImpPagado / InvoiceTotal. PaidDocumentOf
	// fills them from the invoice itself.
	InvoiceTotal decimal.Decimal
	Taxes        []PaidTax
}

// PaidTax is one tax of a paid invoice, summed over its concepts: one per
// Impuesto, TipoFactor and TasaOCuota, as a transfer or a withholding.
type PaidTax struct {
	Withholding bool
	Impuesto    string // 001 ISR, 002 IVA, 003 IEPS
	TipoFactor  string // Tasa, Cuota, Exento
	TasaOCuota  string // six decimals as written in the invoice; "" for Exento
	// Base and Importe are the invoice's totals for this tax; Importe is
	// zero for Exento.
	Base, Importe decimal.Decimal
}

// BuildPayment computes a type P Comprobante from a draft: the fixed header
// and concept of a payment receipt, each DoctoRelacionado with its balance and
// proportional taxes, each Pago's ImpuestosP and the MXN Totales. The result
// is not sealed. Errors are *ComputeError with the path of the field.
func BuildPayment(d *PaymentDraft) (*Comprobante, error) {
	if len(d.Payments) == 0 {
		return nil, calcErrorf("Payments", "a payment receipt needs at least one payment")
	}
	c := paymentHeader(d)
	pagos := &Pagos{Version: "2.0", Pago: make([]Pago, len(d.Payments))}
	var tot paymentTotals
	for i := range d.Payments {
		path := fmt.Sprintf("Payments[%d]", i)
		if err := buildPago(&pagos.Pago[i], &d.Payments[i], path); err != nil {
			return nil, err
		}
		if err := tot.add(&pagos.Pago[i]); err != nil {
			return nil, calcErrorf(path, "%v", err)
		}
	}
	pagos.Totales = tot.totales()
	c.Complemento.Pagos = pagos
	return c, nil
}

// paymentHeader is the fixed part of a type P document (Guía de llenado del
// complemento de pagos, apéndice: SubTotal 0, Total 0, Moneda XXX, one
// concept 84111506 "Pago"; no FormaPago, MetodoPago or Impuestos).
func paymentHeader(d *PaymentDraft) *Comprobante {
	r := d.Receptor
	r.UsoCFDI = "CP01"
	return &Comprobante{
		Version:           "4.0",
		Serie:             d.Serie,
		Folio:             d.Folio,
		Fecha:             d.Fecha,
		SubTotal:          "0",
		Moneda:            "XXX",
		Total:             "0",
		TipoDeComprobante: "P",
		Exportacion:       "01",
		LugarExpedicion:   d.LugarExpedicion,
		CfdiRelacionados:  d.CfdiRelacionados,
		Emisor:            d.Emisor,
		Receptor:          r,
		Conceptos: []Concepto{{
			ClaveProdServ: "84111506",
			Cantidad:      "1",
			ClaveUnidad:   "ACT",
			Descripcion:   "Pago",
			ValorUnitario: "0",
			Importe:       "0",
			ObjetoImp:     "01",
		}},
	}
}

// PaidDocumentOf describes a paid invoice for a PaidDocument: UUID (the
// argument, or the invoice's TFD UUID when empty), Serie, Folio, MonedaDR,
// Total and its taxes summed over the concepts. The caller still sets
// NumParcialidad, ImpSaldoAnt, ImpPagado and, across currencies,
// EquivalenciaDR.
func PaidDocumentOf(invoice *Comprobante, uuid string) (PaidDocument, error) {
	if uuid == "" && invoice.Complemento.TFD != nil {
		uuid = invoice.Complemento.TFD.UUID
	}
	total, err := decimal.NewFromString(invoice.Total)
	if err != nil {
		return PaidDocument{}, calcErrorf("Total", "invalid amount %q", invoice.Total)
	}
	taxes, err := InvoiceTaxes(invoice)
	if err != nil {
		return PaidDocument{}, err
	}
	return PaidDocument{
		IdDocumento:  uuid,
		Serie:        invoice.Serie,
		Folio:        invoice.Folio,
		MonedaDR:     invoice.Moneda,
		InvoiceTotal: total,
		Taxes:        taxes,
	}, nil
}

// InvoiceTaxes sums the concept taxes of an invoice by kind (transfer or
// withholding), Impuesto, TipoFactor and TasaOCuota, in order of first
// appearance. The written concept values are summed, so the result matches
// the invoice's summary Impuestos; withholdings keep their Base, which the
// summary does not carry but RetencionDR needs.
func InvoiceTaxes(c *Comprobante) ([]PaidTax, error) {
	var out []PaidTax
	add := func(w bool, imp, factor, rate, base, importe, path string) error {
		b, err := decimal.NewFromString(base)
		if err != nil {
			return calcErrorf(path+".Base", "invalid amount %q", base)
		}
		m := decimal.Zero
		if importe != "" {
			if m, err = decimal.NewFromString(importe); err != nil {
				return calcErrorf(path+".Importe", "invalid amount %q", importe)
			}
		}
		for i := range out {
			t := &out[i]
			if t.Withholding == w && t.Impuesto == imp && t.TipoFactor == factor && t.TasaOCuota == rate {
				t.Base, t.Importe = t.Base.Add(b), t.Importe.Add(m)
				return nil
			}
		}
		out = append(out, PaidTax{Withholding: w, Impuesto: imp, TipoFactor: factor, TasaOCuota: rate, Base: b, Importe: m})
		return nil
	}
	for i := range c.Conceptos {
		k := &c.Conceptos[i]
		for j, t := range k.Retenciones {
			if err := add(true, t.Impuesto, t.TipoFactor, t.TasaOCuota, t.Base, t.Importe, fmt.Sprintf("Conceptos[%d].Retenciones[%d]", i, j)); err != nil {
				return nil, err
			}
		}
		for j, t := range k.Traslados {
			if err := add(false, t.Impuesto, t.TipoFactor, t.TasaOCuota, t.Base, t.Importe, fmt.Sprintf("Conceptos[%d].Traslados[%d]", i, j)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
