package cfdi

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// calcArithmetic are the codes of the rules Compute is responsible for: the
// amounts, their decimals and their sums.
var calcArithmetic = map[string]bool{
	"CFDI40107": true, "CFDI40108": true, "CFDI40110": true, "CFDI40111": true, "CFDI40112": true,
	"CFDI40119": true, "CFDI40167": true, "CFDI40168": true, "CFDI40169": true, "CFDI40174": true,
	"CFDI40177": true, "CFDI40178": true, "CFDI40180": true, "CFDI40181": true, "CFDI40186": true,
	"CFDI40202": true, "CFDI40203": true, "CFDI40204": true, "CFDI40205": true, "CFDI40206": true,
	"CFDI40208": true, "CFDI40209": true, "CFDI40210": true, "CFDI40211": true, "CFDI40212": true,
	"CFDI40213": true, "CFDI40214": true, "CFDI40215": true, "CFDI40216": true, "CFDI40218": true,
	"CFDI40220": true, "CFDI40221": true, "XSD": true,
}

// FuzzCompute computes random lines and checks that Compute never panics and
// that what it computes passes every arithmetic rule of Validate.
func FuzzCompute(f *testing.F) {
	f.Add("3", "1234.56", "100", "0.160000", uint8(0), uint8(2), uint8(3), uint8(0))
	f.Add("1.5", "0.125", "0", "0.106667", uint8(0x21), uint8(5), uint8(1), uint8(1))
	f.Add("40.5", "20", "0.005", "6.4555", uint8(0x12), uint8(9), uint8(2), uint8(2))
	f.Add("0.000001", "999999.999999", "1", "0.35", uint8(0x33), uint8(7), uint8(7), uint8(3))
	f.Fuzz(func(t *testing.T, cant, valor, desc, rate string, taxBits, scale, lines, moneda uint8) {
		d := valInvoiceDraft()
		d.Moneda = []string{"MXN", "USD", "JPY", "CLF"}[moneda%4]
		d.Lines = nil
		if d.Moneda != "MXN" {
			d.TipoCambio = "1.5"
		}
		if scale%8 < 7 {
			s := int32(scale % 8)
			d.ConceptDecimals = &s
		}
		q, err1 := decimal.NewFromString(cant)
		p, err2 := decimal.NewFromString(valor)
		ds, err3 := decimal.NewFromString(desc)
		r, err4 := decimal.NewFromString(rate)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			return
		}
		for i := range int(lines%6) + 1 {
			l := Line{ClaveProdServ: "01010101", ClaveUnidad: "H87", Descripcion: "x", Cantidad: q, ValorUnitario: p.Add(decimal.NewFromInt(int64(i))), Descuento: ds}
			l.Taxes = calcFuzzTaxes(taxBits>>(i%4), r)
			d.Lines = append(d.Lines, l)
		}
		c, err := Compute(d)
		if err != nil {
			return
		}
		for _, pr := range Validate(c, ValidateOptions{}) {
			if calcArithmetic[pr.Code] {
				t.Fatalf("Compute(%s × %s − %s, rate %s, taxes %#x) = a document with %s\n%s", cant, valor, desc, rate, taxBits, pr, calcFuzzDump(c))
			}
		}
	})
}

// calcFuzzTaxes picks up to two taxes from the low bits.
func calcFuzzTaxes(bits uint8, rate decimal.Decimal) []LineTax {
	menu := []LineTax{
		{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: rate},
		{Impuesto: ImpuestoIEPS, TipoFactor: FactorTasa, TasaOCuota: rate},
		{Impuesto: ImpuestoIVA, TipoFactor: FactorExento},
		{Impuesto: ImpuestoIEPS, TipoFactor: FactorCuota, TasaOCuota: rate},
		{Impuesto: ImpuestoISR, TipoFactor: FactorTasa, TasaOCuota: rate, Withholding: true},
		{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: rate, Withholding: true},
		{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: rate, Inclusive: true},
		{Impuesto: ImpuestoIEPS, TipoFactor: FactorTasa, TasaOCuota: rate, Base: decimal.NewNullDecimal(rate.Add(decimal.NewFromInt(1)))},
	}
	var out []LineTax
	if bits&0x8 != 0 {
		out = append(out, menu[int(bits&0x7)%len(menu)])
	}
	if bits&0x80 != 0 {
		out = append(out, menu[int(bits>>4&0x7)%len(menu)])
	}
	return out
}

func calcFuzzDump(c *Comprobante) string {
	s := fmt.Sprintf("SubTotal %s Descuento %s Total %s\n", c.SubTotal, c.Descuento, c.Total)
	for _, k := range c.Conceptos {
		s += fmt.Sprintf("  %s × %s = %s − %s %+v %+v\n", k.Cantidad, k.ValorUnitario, k.Importe, k.Descuento, k.Traslados, k.Retenciones)
	}
	if c.Impuestos != nil {
		s += fmt.Sprintf("  %+v\n", *c.Impuestos)
	}
	return s
}
