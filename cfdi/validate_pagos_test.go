package cfdi

import (
	"slices"
	"testing"
)

// TestValidatePagosRules mutates valid payment samples: the partial payment
// g03 (IVA 16 %) and the cfdiutils payment of two invoices.
func TestValidatePagosRules(t *testing.T) {
	t.Parallel()
	const g03, eku = "generated-g03-pago20-parcialidad.xml", "cfdiutils-pago20-eku.xml"
	pago := func(c *Comprobante) *Pago { return &c.Complemento.Pagos.Pago[0] }
	dr := func(c *Comprobante) *DoctoRelacionado { return &pago(c).DoctoRelacionado[0] }
	const pp, dp = "Complemento.Pagos.Pago[0]", "Complemento.Pagos.Pago[0].DoctoRelacionado[0]"
	tests := []struct {
		name, sample string
		mutate       func(c *Comprobante)
		code, path   string
	}{
		{"complement missing", g03, func(c *Comprobante) { c.Complemento.Pagos = nil }, CodePagos, "Complemento.Pagos"},
		{"complement on an I", g03, func(c *Comprobante) { c.TipoDeComprobante = "I" }, CodePagos, "Complemento.Pagos"},
		{"Moneda", g03, func(c *Comprobante) { c.Moneda = "MXN" }, CodePagos, "Moneda"},
		{"UsoCFDI", g03, func(c *Comprobante) { c.Receptor.UsoCFDI = "G03" }, CodePagos, "Receptor.UsoCFDI"},
		{"concept", g03, func(c *Comprobante) { c.Conceptos[0].Descripcion = "Pago de factura" }, CodePagos, "Conceptos[0]"},
		{"Version", g03, func(c *Comprobante) { c.Complemento.Pagos.Version = "1.0" }, CodePagos, "Complemento.Pagos.Version"},
		{"FechaPago", g03, func(c *Comprobante) { pago(c).FechaPago = "2026-07-15" }, CodePagos, pp + ".FechaPago"},
		{"FormaDePagoP 99", g03, func(c *Comprobante) { pago(c).FormaDePagoP = "99" }, CodePagosCatalogo, pp + ".FormaDePagoP"},
		{"MonedaP XXX", g03, func(c *Comprobante) { pago(c).MonedaP = "XXX" }, CodePagosCatalogo, pp + ".MonedaP"},
		{"TipoCambioP for MXN", g03, func(c *Comprobante) { pago(c).TipoCambioP = "17.5" }, CodePagos, pp + ".TipoCambioP"},
		{"TipoCambioP missing", g03, func(c *Comprobante) { pago(c).MonedaP, pago(c).TipoCambioP = "USD", "" }, CodePagos, pp + ".TipoCambioP"},
		{"Monto zero", g03, func(c *Comprobante) { pago(c).Monto = "0.00" }, CodePagosMonto, pp + ".Monto"},
		{"Monto decimals", g03, func(c *Comprobante) { pago(c).Monto = "10000.001" }, CodePagosMonto, pp + ".Monto"},
		{"paid above Monto", g03, func(c *Comprobante) { pago(c).Monto = "9999.99" }, CodePagosMonto, pp + ".Monto"},
		{"two invoices above Monto", eku, func(c *Comprobante) { pago(c).Monto = "14999.99" }, CodePagosMonto, pp + ".Monto"},
		{"IdDocumento", g03, func(c *Comprobante) { dr(c).IdDocumento = "A-2001" }, CodePagos, dp + ".IdDocumento"},
		{"MonedaDR", g03, func(c *Comprobante) { dr(c).MonedaDR = "MXP" }, CodePagosCatalogo, dp + ".MonedaDR"},
		{"EquivalenciaDR same currency", g03, func(c *Comprobante) { dr(c).EquivalenciaDR = "1.5" }, CodePagos, dp + ".EquivalenciaDR"},
		{"EquivalenciaDR missing", g03, func(c *Comprobante) { dr(c).MonedaDR, dr(c).EquivalenciaDR = "USD", "" }, CodePagos, dp + ".EquivalenciaDR"},
		{"NumParcialidad", g03, func(c *Comprobante) { dr(c).NumParcialidad = "0" }, CodePagos, dp + ".NumParcialidad"},
		{"saldo insoluto", g03, func(c *Comprobante) { dr(c).ImpSaldoInsoluto = "8559.98" }, CodePagosSaldo, dp + ".ImpSaldoInsoluto"},
		{"paid above balance", g03, func(c *Comprobante) { dr(c).ImpSaldoAnt, dr(c).ImpSaldoInsoluto = "9000.00", "-1000.00" }, CodePagosSaldo, dp},
		{"balance decimals", eku, func(c *Comprobante) { dr(c).ImpSaldoAnt = "12000.000" }, CodePagosSaldo, dp + ".ImpSaldoAnt"},
		{"02 without taxes", g03, func(c *Comprobante) { dr(c).TrasladosDR = nil }, CodePagosImpuestosDR, dp + ".ImpuestosDR"},
		{"01 with taxes", g03, func(c *Comprobante) { dr(c).ObjetoImpDR = "01" }, CodePagosImpuestosDR, dp + ".ImpuestosDR"},
		{"DR rate", g03, func(c *Comprobante) { dr(c).TrasladosDR[0].TasaOCuotaDR = "0.170000" }, CodePagosImpuestosDR, dp + ".TrasladosDR[0].TasaOCuotaDR"},
		{"DR Importe", g03, func(c *Comprobante) { dr(c).TrasladosDR[0].ImporteDR = "1380.00" }, CodePagosImpuestosDR, dp + ".TrasladosDR[0].ImporteDR"},
		{"ImpuestosP missing", g03, func(c *Comprobante) { pago(c).ImpuestosP = nil }, CodePagosImpuestosP, pp + ".ImpuestosP"},
		{"ImpuestosP BaseP", eku, func(c *Comprobante) { pago(c).ImpuestosP.TrasladosP[0].BaseP = "12931.05" }, CodePagosImpuestosP, pp + ".ImpuestosP.TrasladosP[0].BaseP"},
		{"ImpuestosP extra group", g03, func(c *Comprobante) {
			pago(c).ImpuestosP.RetencionesP = []ImpuestoP{{ImpuestoP: "001", ImporteP: "10.00"}}
		}, CodePagosImpuestosP, pp + ".ImpuestosP.RetencionesP[0]"},
		{"MontoTotalPagos", g03, func(c *Comprobante) { c.Complemento.Pagos.Totales.MontoTotalPagos = "10000.01" }, CodePagosTotales, "Complemento.Pagos.Totales.MontoTotalPagos"},
		{"Totales group missing", eku, func(c *Comprobante) { c.Complemento.Pagos.Totales.TotalTrasladosImpuestoIVA16 = "" }, CodePagosTotales, "Complemento.Pagos.Totales.TotalTrasladosImpuestoIVA16"},
		{"Totales group extra", g03, func(c *Comprobante) { c.Complemento.Pagos.Totales.TotalRetencionesISR = "0.00" }, CodePagosTotales, "Complemento.Pagos.Totales.TotalRetencionesISR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := valParseSample(t, tt.sample)
			if ps := Validate(c, ValidateOptions{}); ps != nil {
				t.Fatalf("valid %s: Validate = %v", tt.sample, ps)
			}
			tt.mutate(c)
			ps := Validate(c, ValidateOptions{})
			if !slices.ContainsFunc(ps, func(p Problem) bool { return p.Code == tt.code && p.Path == tt.path }) {
				t.Errorf("Validate(%s) = %v, want %s at %s", tt.name, ps, tt.code, tt.path)
			}
		})
	}
}
