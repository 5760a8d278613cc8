package cfdi

import (
	"fmt"
	"testing"
)

// calcTenLines is a ten-line invoice: IVA on every line, retentions on half,
// a discount on every third.
func calcTenLines() *Draft {
	d := valInvoiceDraft()
	d.Lines = nil
	for i := range 10 {
		l := Line{ClaveProdServ: "81111500", ClaveUnidad: "E48", Descripcion: fmt.Sprintf("Servicio %d", i),
			Cantidad: calcDec("1.5"), ValorUnitario: calcDec(fmt.Sprintf("%d.33", 100+i)), Taxes: []LineTax{calcIVA16}}
		if i%2 == 0 {
			l.Taxes = append(l.Taxes, calcRetISR, calcRetIVA)
		}
		if i%3 == 0 {
			l.Descuento = calcDec("5.00")
		}
		d.Lines = append(d.Lines, l)
	}
	return d
}

func BenchmarkCompute10Lines(b *testing.B) {
	d := calcTenLines()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate10Lines(b *testing.B) {
	c, err := Compute(calcTenLines())
	if err != nil {
		b.Fatal(err)
	}
	if ps := Validate(c, ValidateOptions{}); ps != nil {
		b.Fatalf("Validate = %v", ps)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate(c, ValidateOptions{})
	}
}
