package cfdi

import (
	"testing"

	"github.com/sello-mx/sello/sat"
)

// In valInvoiceDraft, concept 0 has IVA 16 % and ISR and IVA retentions,
// concept 1 an IVA Exento transfer, concept 2 no taxes (ObjetoImp 01).

func TestValidateConceptRules(t *testing.T) {
	t.Parallel()
	runValCases(t, []valCase{
		{name: "ClaveProdServ shape", mutate: func(c *Comprobante) { c.Conceptos[0].ClaveProdServ = "8111150" }, code: "CFDI40162", path: "Conceptos[0].ClaveProdServ"},
		{name: "ClaveProdServ not imported", opts: ValidateOptions{ClaveProdServ: sat.NewCodeSet("81111500", "43211507")}, mutate: func(c *Comprobante) {}, code: "CFDI40162", path: "Conceptos[2].ClaveProdServ"},
		{name: "ClaveUnidad", mutate: func(c *Comprobante) { c.Conceptos[1].ClaveUnidad = "ZZZZ" }, code: "CFDI40165", path: "Conceptos[1].ClaveUnidad"},
		{name: "ValorUnitario zero", mutate: func(c *Comprobante) { c.Conceptos[2].ValorUnitario = "0" }, code: "CFDI40166", path: "Conceptos[2].ValorUnitario"},
		{name: "Importe above the limit", mutate: func(c *Comprobante) { c.Conceptos[2].Cantidad, c.Conceptos[2].Importe = "1.000000", "50.02" }, code: "CFDI40167", path: "Conceptos[2].Importe"},
		{name: "Importe below the limit", mutate: func(c *Comprobante) { c.Conceptos[2].Cantidad, c.Conceptos[2].Importe = "1.000000", "49.98" }, code: "CFDI40167", path: "Conceptos[2].Importe"},
		{name: "Descuento decimals", mutate: func(c *Comprobante) { c.Conceptos[0].Descuento = "100.000" }, code: "CFDI40168", path: "Conceptos[0].Descuento"},
		{name: "Descuento above Importe", mutate: func(c *Comprobante) { c.Conceptos[0].Descuento = "9999.00" }, code: "CFDI40169", path: "Conceptos[0].Descuento"},
		{name: "ObjetoImp catalog", mutate: func(c *Comprobante) { c.Conceptos[2].ObjetoImp = "09" }, code: "CFDI40170", path: "Conceptos[2].ObjetoImp"},
		{name: "02 without taxes", mutate: func(c *Comprobante) { c.Conceptos[2].ObjetoImp = "02" }, code: "CFDI40171", path: "Conceptos[2].Impuestos"},
		{name: "01 with taxes", mutate: func(c *Comprobante) { c.Conceptos[1].ObjetoImp = "01" }, code: "CFDI40172", path: "Conceptos[1].Impuestos"},
		{name: "04 with taxes", mutate: func(c *Comprobante) { c.Conceptos[1].ObjetoImp = "04" }, code: "CFDI40172", path: "Conceptos[1].Impuestos"},
		{name: "06 with IVA", mutate: func(c *Comprobante) { c.Conceptos[1].ObjetoImp = "06" }, code: "CFDI140226", path: "Conceptos[1].Impuestos"},
		{name: "07 with IVA", mutate: func(c *Comprobante) { c.Conceptos[1].ObjetoImp = "07" }, code: "CFDI140227", path: "Conceptos[1].Impuestos"},
		{name: "third party is the Emisor", mutate: func(c *Comprobante) {
			c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "EKU9003173C9", NombreACuentaTerceros: "ESCUELA KEMPER URGATE", RegimenFiscalACuentaTerceros: "601", DomicilioFiscalACuentaTerceros: "42501"}
		}, code: "CFDI40188", path: "Conceptos[0].ACuentaTerceros.RfcACuentaTerceros"},
		{name: "third party régimen", mutate: func(c *Comprobante) {
			c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "XIQB891116QE4", NombreACuentaTerceros: "BERENICE XIMO QUEZADA", RegimenFiscalACuentaTerceros: "600", DomicilioFiscalACuentaTerceros: "42501"}
		}, code: "CFDI40191", path: "Conceptos[0].ACuentaTerceros.RegimenFiscalACuentaTerceros"},
		{name: "foreign third party régimen", mutate: func(c *Comprobante) {
			c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "EXT990101NI1", NombreACuentaTerceros: "X", RegimenFiscalACuentaTerceros: "601", DomicilioFiscalACuentaTerceros: "42501"}
		}, code: "CFDI140223", path: "Conceptos[0].ACuentaTerceros.RegimenFiscalACuentaTerceros"},
		{name: "foreign third party name", mutate: func(c *Comprobante) {
			c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "EXT990101NI1", NombreACuentaTerceros: "X", RegimenFiscalACuentaTerceros: "616", DomicilioFiscalACuentaTerceros: "42501"}
		}, code: "CFDI40189", path: "Conceptos[0].ACuentaTerceros.NombreACuentaTerceros"},
		{name: "foreign third party postal code", mutate: func(c *Comprobante) {
			c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "EXT990101NI1", NombreACuentaTerceros: valNombreTercerosExt, RegimenFiscalACuentaTerceros: "616", DomicilioFiscalACuentaTerceros: "52000"}
		}, code: "CFDI40193", path: "Conceptos[0].ACuentaTerceros.DomicilioFiscalACuentaTerceros"},
		{name: "Parte ClaveProdServ", mutate: func(c *Comprobante) {
			c.Conceptos[1].Partes = []Parte{{ClaveProdServ: "12", Cantidad: "1", Descripcion: "Parte", ValorUnitario: "1.00", Importe: "1.00"}}
		}, code: "CFDI40196", path: "Conceptos[1].Partes[0].ClaveProdServ"},
		{name: "Parte ValorUnitario", mutate: func(c *Comprobante) {
			c.Conceptos[1].Partes = []Parte{{ClaveProdServ: "43211507", Cantidad: "1", Descripcion: "Parte", ValorUnitario: "0", Importe: "0"}}
		}, code: "CFDI40197", path: "Conceptos[1].Partes[0].ValorUnitario"},
		{name: "Parte Importe", mutate: func(c *Comprobante) {
			c.Conceptos[1].Partes = []Parte{{ClaveProdServ: "43211507", Cantidad: "2.00", Descripcion: "Parte", ValorUnitario: "1.50", Importe: "3.10"}}
		}, code: "CFDI40198", path: "Conceptos[1].Partes[0].Importe"},
	})
}

func TestValidateForeignThirdParty(t *testing.T) {
	t.Parallel()
	c := valCompute(t, valInvoiceDraft())
	c.Conceptos[0].ACuentaTerceros = &ACuentaTerceros{RfcACuentaTerceros: "EXT990101NI1", NombreACuentaTerceros: valNombreTercerosExt,
		RegimenFiscalACuentaTerceros: "616", DomicilioFiscalACuentaTerceros: c.LugarExpedicion}
	if ps := Validate(c, ValidateOptions{}); ps != nil {
		t.Errorf("Validate(EXT990101NI1 third party) = %v, want no problems", ps)
	}
}

func TestValidateConceptTaxRules(t *testing.T) {
	t.Parallel()
	tr := func(c *Comprobante) *Traslado { return &c.Conceptos[0].Traslados[0] }
	ret := func(c *Comprobante, i int) *Retencion { return &c.Conceptos[0].Retenciones[i] }
	const tp, rp = "Conceptos[0].Traslados[0]", "Conceptos[0].Retenciones[0]"
	runValCases(t, []valCase{
		{name: "transfer base zero", mutate: func(c *Comprobante) { tr(c).Base = "0.00" }, code: "CFDI40174", path: tp + ".Base"},
		{name: "transfer Impuesto", mutate: func(c *Comprobante) { tr(c).Impuesto = "004" }, code: "CFDI40175", path: tp + ".Impuesto"},
		{name: "transfer TipoFactor", mutate: func(c *Comprobante) { tr(c).TipoFactor = "Tasas" }, code: "CFDI40176", path: tp + ".TipoFactor"},
		{name: "Exento with a rate", mutate: func(c *Comprobante) { c.Conceptos[1].Traslados[0].TasaOCuota = "0.000000" }, code: "CFDI40177", path: "Conceptos[1].Traslados[0].TipoFactor"},
		{name: "Tasa without Importe", mutate: func(c *Comprobante) { tr(c).Importe = "" }, code: "CFDI40178", path: tp + ".TipoFactor"},
		{name: "transfer rate", mutate: func(c *Comprobante) { tr(c).TasaOCuota = "0.170000" }, code: "CFDI40179", path: tp + ".TasaOCuota"},
		{name: "ISR transferred", mutate: func(c *Comprobante) { tr(c).Impuesto = "001" }, code: "CFDI40179", path: tp + ".TasaOCuota"},
		{name: "transfer Importe", mutate: func(c *Comprobante) { tr(c).Importe = "1.00" }, code: "CFDI40180", path: tp + ".Importe"},
		{name: "retention base zero", mutate: func(c *Comprobante) { ret(c, 0).Base = "0" }, code: "CFDI40181", path: rp + ".Base"},
		{name: "retention Impuesto", mutate: func(c *Comprobante) { ret(c, 0).Impuesto = "004" }, code: "CFDI40182", path: rp + ".Impuesto"},
		{name: "retention TipoFactor", mutate: func(c *Comprobante) { ret(c, 0).TipoFactor = "X" }, code: "CFDI40183", path: rp + ".TipoFactor"},
		{name: "Exento retention", mutate: func(c *Comprobante) { ret(c, 0).TipoFactor = "Exento" }, code: "CFDI40184", path: rp + ".TipoFactor"},
		{name: "ISR retention above 35%", mutate: func(c *Comprobante) { ret(c, 0).TasaOCuota = "0.400000" }, code: "CFDI40185", path: rp + ".TasaOCuota"},
		{name: "retention Importe", mutate: func(c *Comprobante) { ret(c, 1).Importe = "0.01" }, code: "CFDI40186", path: "Conceptos[0].Retenciones[1].Importe"},
	})
}

func TestValidateSummaryRules(t *testing.T) {
	t.Parallel()
	imp := func(c *Comprobante) *Impuestos { return c.Impuestos }
	runValCases(t, []valCase{
		{name: "Impuestos on P", mutate: func(c *Comprobante) { c.TipoDeComprobante = "P" }, code: "CFDI40201", path: "Impuestos"},
		{name: "TotalImpuestosRetenidos decimals", mutate: func(c *Comprobante) { imp(c).TotalImpuestosRetenidos += "0" }, code: "CFDI40202", path: "Impuestos.TotalImpuestosRetenidos"},
		{name: "TotalImpuestosRetenidos sum", mutate: func(c *Comprobante) { imp(c).TotalImpuestosRetenidos = "1.00" }, code: "CFDI40203", path: "Impuestos.TotalImpuestosRetenidos"},
		{name: "TotalImpuestosTrasladados decimals", mutate: func(c *Comprobante) { imp(c).TotalImpuestosTrasladados += "0" }, code: "CFDI40204", path: "Impuestos.TotalImpuestosTrasladados"},
		{name: "TotalImpuestosTrasladados sum", mutate: func(c *Comprobante) { imp(c).TotalImpuestosTrasladados = "1.00" }, code: "CFDI40205", path: "Impuestos.TotalImpuestosTrasladados"},
		{name: "Retenciones without total", mutate: func(c *Comprobante) { imp(c).TotalImpuestosRetenidos = "" }, code: "CFDI40206", path: "Impuestos.TotalImpuestosRetenidos"},
		{name: "Retencion Impuesto", mutate: func(c *Comprobante) { imp(c).Retenciones[0].Impuesto = "004" }, code: "CFDI40207", path: "Impuestos.Retenciones[0].Impuesto"},
		{name: "Retencion repeated", mutate: func(c *Comprobante) { imp(c).Retenciones[1].Impuesto = "001" }, code: "CFDI40208", path: "Impuestos.Retenciones[1].Impuesto"},
		{name: "concept retentions without total", mutate: func(c *Comprobante) { imp(c).Retenciones, imp(c).TotalImpuestosRetenidos = nil, "" }, code: "CFDI40209", path: "Impuestos.TotalImpuestosRetenidos"},
		{name: "Retencion decimals", mutate: func(c *Comprobante) { imp(c).Retenciones[0].Importe += "0" }, code: "CFDI40210", path: "Impuestos.Retenciones[0].Importe"},
		{name: "Retencion sum", mutate: func(c *Comprobante) { imp(c).Retenciones[0].Importe = "1.00" }, code: "CFDI40211", path: "Impuestos.Retenciones[0].Importe"},
		{name: "Retencion group missing", mutate: func(c *Comprobante) { imp(c).Retenciones = imp(c).Retenciones[:1] }, code: "CFDI40211", path: "Impuestos.Retenciones"},
		{name: "TotalImpuestosTrasladados missing", mutate: func(c *Comprobante) { imp(c).TotalImpuestosTrasladados = "" }, code: "CFDI40212", path: "Impuestos.TotalImpuestosTrasladados"},
		{name: "Exento group with Importe", mutate: func(c *Comprobante) { imp(c).Traslados[1].Importe = "0.00" }, code: "CFDI40213", path: "Impuestos.Traslados[1]"},
		{name: "Traslado Base decimals", mutate: func(c *Comprobante) { imp(c).Traslados[0].Base += "0" }, code: "CFDI40214", path: "Impuestos.Traslados[0].Base"},
		{name: "Traslado Base sum", mutate: func(c *Comprobante) { imp(c).Traslados[0].Base = "1.00" }, code: "CFDI40215", path: "Impuestos.Traslados[0].Base"},
		{name: "Traslado group missing", mutate: func(c *Comprobante) { imp(c).Traslados = imp(c).Traslados[1:] }, code: "CFDI40215", path: "Impuestos.Traslados"},
		{name: "Exento Base sum", mutate: func(c *Comprobante) { imp(c).Traslados[1].Base = "1.00" }, code: "CFDI40216", path: "Impuestos.Traslados[1].Base"},
		{name: "Traslado Impuesto", mutate: func(c *Comprobante) { imp(c).Traslados[0].Impuesto = "004" }, code: "CFDI40217", path: "Impuestos.Traslados[0].Impuesto"},
		{name: "Traslado repeated", mutate: func(c *Comprobante) { imp(c).Traslados = append(imp(c).Traslados, imp(c).Traslados[0]) }, code: "CFDI40218", path: "Impuestos.Traslados[2].Impuesto"},
		{name: "Traslado rate", mutate: func(c *Comprobante) { imp(c).Traslados[0].TasaOCuota = "0.170000" }, code: "CFDI40219", path: "Impuestos.Traslados[0].TasaOCuota"},
		{name: "Traslado Importe decimals", mutate: func(c *Comprobante) { imp(c).Traslados[0].Importe += "0" }, code: "CFDI40220", path: "Impuestos.Traslados[0].Importe"},
		{name: "Traslado Importe sum", mutate: func(c *Comprobante) { imp(c).Traslados[0].Importe = "1.00" }, code: "CFDI40221", path: "Impuestos.Traslados[0].Importe"},
	})
}
