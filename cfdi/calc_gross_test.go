package cfdi

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// TestInclusiveGivesBackGross: a line whose price includes its taxes totals
// what the customer paid, Cantidad × price rounded to the currency (issue
// 13 §8: 3 × 99.99 with IVA is 299.97), over many prices, quantities and
// rates, and every document passes the arithmetic rules. A price that
// divides exactly keeps its cents (116.00 / 1.16 → 100.00).
func TestInclusiveGivesBackGross(t *testing.T) {
	check := func(qty, price, rate string, ieps string) *Comprobante {
		t.Helper()
		d := valInvoiceDraft()
		d.Lines = nil
		l := Line{ClaveProdServ: "01010101", ClaveUnidad: "H87", Descripcion: "x",
			Cantidad: decimal.RequireFromString(qty), ValorUnitario: decimal.RequireFromString(price)}
		if ieps != "" {
			l.Taxes = append(l.Taxes, LineTax{Impuesto: ImpuestoIEPS, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString(ieps), Inclusive: true})
		}
		l.Taxes = append(l.Taxes, LineTax{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString(rate), Inclusive: true})
		d.Lines = []Line{l}
		c, err := Compute(d)
		if err != nil {
			t.Fatalf("%s × %s (IVA %s, IEPS %s): %v", qty, price, rate, ieps, err)
		}
		want := l.Cantidad.Mul(l.ValorUnitario).Round(2)
		if got := decimal.RequireFromString(c.Total); !got.Equal(want) {
			t.Errorf("%s × %s (IVA %s, IEPS %s) totals %s, want %s\n%s", qty, price, rate, ieps, c.Total, want, calcFuzzDump(c))
		}
		for _, pr := range Validate(c, ValidateOptions{}) {
			if calcArithmetic[pr.Code] {
				t.Errorf("%s × %s (IVA %s): %s\n%s", qty, price, rate, pr, calcFuzzDump(c))
			}
		}
		return c
	}
	c := check("3", "99.99", "0.16", "")
	if c.Total != "299.97" {
		t.Errorf("3 × 99.99 = %s", c.Total)
	}
	if c := check("1", "116.00", "0.16", ""); c.Conceptos[0].ValorUnitario != "100.00" || c.Conceptos[0].Importe != "100.00" {
		t.Errorf("116.00 / 1.16 = %s (%s), want 100.00 at cents", c.Conceptos[0].ValorUnitario, c.Conceptos[0].Importe)
	}
	n := 0
	for cents := 1; cents <= 100_000; cents += 29 {
		price := fmt.Sprintf("%d.%02d", cents/100, cents%100)
		for _, qty := range []string{"1", "2", "3", "7", "12", "0.5", "1.25"} {
			if decimal.RequireFromString(qty).Mul(decimal.RequireFromString(price)).LessThan(decimal.NewFromInt(1)) {
				continue // a line of cents: its tax rounds to nothing
			}
			for _, rate := range []string{"0.16", "0.08"} {
				check(qty, price, rate, "")
				n++
			}
		}
		if cents%1000 < 29 && cents > 100 {
			check("3", price, "0.16", "0.08") // IEPS and IVA, both in the price
		}
	}
	if n < 30_000 {
		t.Fatalf("checked %d lines", n)
	}
}
