package cfdi

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// valInvoiceDraft is a valid Ingreso: a discounted line with IVA and both
// retentions, an Exento line and a line not subject to tax.
func valInvoiceDraft() *Draft {
	return &Draft{
		Serie: "A", Folio: "100", Fecha: "2026-07-02T10:30:00", FormaPago: "03", Moneda: "MXN",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor:   Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"},
		Lines: []Line{
			{ClaveProdServ: "81111500", ClaveUnidad: "E48", Descripcion: "Consultoría", Cantidad: calcDec("3"), ValorUnitario: calcDec("1234.56"),
				Descuento: calcDec("100"), Taxes: []LineTax{calcIVA16, calcRetISR, calcRetIVA}},
			{ClaveProdServ: "43211507", ClaveUnidad: "H87", Descripcion: "Libro", Cantidad: calcDec("2"), ValorUnitario: calcDec("99.99"), Taxes: []LineTax{calcExento}},
			{ClaveProdServ: "84111506", ClaveUnidad: "ACT", Descripcion: "Cuota", Cantidad: calcDec("1"), ValorUnitario: calcDec("50.00")},
		},
	}
}

// valGlobalDraft is a valid global invoice.
func valGlobalDraft() *Draft {
	d := valInvoiceDraft()
	d.FormaPago = "01"
	d.InformacionGlobal = &InformacionGlobal{Periodicidad: "04", Meses: "06", Año: "2026"}
	d.Receptor = Receptor{Rfc: "XAXX010101000", Nombre: "PUBLICO EN GENERAL", DomicilioFiscalReceptor: "42501", RegimenFiscalReceptor: "616", UsoCFDI: "S01"}
	d.Lines = []Line{
		{ClaveProdServ: "01010101", NoIdentificacion: "T-1", ClaveUnidad: "ACT", Descripcion: "Venta", Cantidad: calcDec("1"), ValorUnitario: calcDec("130.00"), Taxes: []LineTax{calcIVA16}},
		{ClaveProdServ: "01010101", NoIdentificacion: "T-2", ClaveUnidad: "ACT", Descripcion: "Venta", Cantidad: calcDec("1"), ValorUnitario: calcDec("100.00"), Taxes: []LineTax{calcExento}},
	}
	return d
}

func valCompute(t *testing.T, d *Draft) *Comprobante {
	t.Helper()
	c, err := Compute(d)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return c
}

func TestValidateComputedDocuments(t *testing.T) {
	t.Parallel()
	for name, d := range map[string]*Draft{"invoice": valInvoiceDraft(), "global": valGlobalDraft()} {
		if ps := Validate(valCompute(t, d), ValidateOptions{}); ps != nil {
			t.Errorf("Validate(%s) = %v, want no problems", name, ps)
		}
	}
}

// valCase is one failing document: a mutation of a valid one and the
// problem it must produce.
type valCase struct {
	name   string
	global bool // start from the global invoice instead of the invoice
	opts   ValidateOptions
	mutate func(c *Comprobante)
	code   string
	path   string
}

// runValCases checks, for each case, that the valid starting document has no
// problems and the mutated one has the wanted code at the wanted path.
func runValCases(t *testing.T, cases []valCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.code+" "+tt.name, func(t *testing.T) {
			t.Parallel()
			d := valInvoiceDraft()
			if tt.global {
				d = valGlobalDraft()
			}
			c := valCompute(t, d)
			if ps := Validate(c, ValidateOptions{}); ps != nil {
				t.Fatalf("valid document: Validate = %v", ps)
			}
			tt.mutate(c)
			ps := Validate(c, tt.opts)
			if !slices.ContainsFunc(ps, func(p Problem) bool { return p.Code == tt.code && p.Path == tt.path }) {
				t.Errorf("Validate(%s) = %v, want %s at %s", tt.name, ps, tt.code, tt.path)
			}
		})
	}
}

func TestValidateHeaderRules(t *testing.T) {
	t.Parallel()
	runValCases(t, []valCase{
		{name: "space instead of T", mutate: func(c *Comprobante) { c.Fecha = "2026-07-02 10:30:00" }, code: "CFDI40101", path: "Fecha"},
		{name: "zone suffix", mutate: func(c *Comprobante) { c.Fecha = "2026-07-02T10:30:00Z" }, code: "CFDI40101", path: "Fecha"},
		{name: "no such day", mutate: func(c *Comprobante) { c.Fecha = "2026-02-30T10:30:00" }, code: "CFDI40101", path: "Fecha"},
		{name: "year 2009", mutate: func(c *Comprobante) { c.Fecha = "2009-07-02T10:30:00" }, code: "CFDI40101", path: "Fecha"},
		{name: "Fecha in the future", opts: ValidateOptions{Now: time.Date(2026, 7, 2, 16, 29, 0, 0, time.UTC)}, // 10:29 in Mexico City
			mutate: func(c *Comprobante) {}, code: "PAC401", path: "Fecha"},
		{name: "Fecha older than 72 hours", opts: ValidateOptions{Now: time.Date(2026, 7, 5, 16, 31, 0, 0, time.UTC)},
			mutate: func(c *Comprobante) {}, code: "PAC401", path: "Fecha"},
		{name: "Fecha in another zone", opts: ValidateOptions{Now: time.Date(2026, 7, 2, 17, 29, 0, 0, time.UTC), Location: time.FixedZone("MST", -7*3600)},
			mutate: func(c *Comprobante) {}, code: "PAC401", path: "Fecha"},
		{name: "FormaPago on T", mutate: func(c *Comprobante) { c.TipoDeComprobante = "T" }, code: "CFDI40103", path: "FormaPago"},
		{name: "FormaPago not in catalog", mutate: func(c *Comprobante) { c.FormaPago = "55" }, code: "CFDI40104", path: "FormaPago"},
		{name: "PPD without 99", mutate: func(c *Comprobante) { c.MetodoPago = "PPD" }, code: "CFDI40105", path: "FormaPago"},
		{name: "FormaPago missing", mutate: func(c *Comprobante) { c.FormaPago = "" }, code: "CFDI40104", path: "FormaPago"},
		{name: "FormaPago missing with PPD", mutate: func(c *Comprobante) { c.FormaPago, c.MetodoPago = "", "PPD" }, code: "CFDI40105", path: "FormaPago"},
		{name: "ObjetoImp 06 before 2024-12-13", mutate: func(c *Comprobante) {
			c.Fecha, c.Conceptos[2].ObjetoImp = "2024-06-01T10:00:00", "06"
		}, code: "CFDI40170", path: "Conceptos[2].ObjetoImp"},
		{name: "MetodoPago not in catalog", mutate: func(c *Comprobante) { c.MetodoPago = "PIP" }, code: "CFDI40124", path: "MetodoPago"},
		{name: "MetodoPago on P", mutate: func(c *Comprobante) { c.TipoDeComprobante = "P" }, code: "CFDI40125", path: "MetodoPago"},
		{name: "TipoDeComprobante", mutate: func(c *Comprobante) { c.TipoDeComprobante = "X" }, code: "CFDI40121", path: "TipoDeComprobante"},
		{name: "Exportacion catalog", mutate: func(c *Comprobante) { c.Exportacion = "09" }, code: "CFDI40123", path: "Exportacion"},
		{name: "postal code shape", mutate: func(c *Comprobante) { c.LugarExpedicion = "4250" }, code: "CFDI40126", path: "LugarExpedicion"},
		{name: "postal code not imported", opts: ValidateOptions{CodigoPostal: sat.NewCodeSet("01000")}, mutate: func(c *Comprobante) {}, code: "CFDI40126", path: "LugarExpedicion"},
		{name: "Moneda", mutate: func(c *Comprobante) { c.Moneda = "MXP" }, code: "CFDI40113", path: "Moneda"},
		{name: "MXN rate not 1", mutate: func(c *Comprobante) { c.TipoCambio = "1.5" }, code: "CFDI40114", path: "TipoCambio"},
		{name: "USD without rate", mutate: func(c *Comprobante) { c.Moneda = "USD" }, code: "CFDI40115", path: "TipoCambio"},
		{name: "XXX with rate", mutate: func(c *Comprobante) { c.Moneda, c.TipoCambio = "XXX", "1" }, code: "CFDI40116", path: "TipoCambio"},
		{name: "rate pattern", mutate: func(c *Comprobante) { c.Moneda, c.TipoCambio = "USD", "18.1234567" }, code: "CFDI40117", path: "TipoCambio"},
		{name: "rate out of range", opts: ValidateOptions{ReferenceRates: map[string]decimal.Decimal{"USD": calcDec("18.00")}},
			mutate: func(c *Comprobante) { c.Moneda, c.TipoCambio = "USD", "25.5" }, code: "CFDI40118", path: "TipoCambio"},
		{name: "T above valor_maximo", mutate: func(c *Comprobante) { c.TipoDeComprobante = "T" }, code: "CFDI40120", path: "Total"},
		{name: "Confirmacion in range", mutate: func(c *Comprobante) { c.Confirmacion = "ABC12" }, code: "CFDI40127", path: "Confirmacion"},
		{name: "export without Comercio Exterior", mutate: func(c *Comprobante) { c.Exportacion = "02" }, code: "CFDI40122", path: "Exportacion"},
		{name: "Comercio Exterior with 01", mutate: func(c *Comprobante) {
			c.Complemento.Unknown = []string{"http://www.sat.gob.mx/ComercioExterior20"}
		}, code: "CFDI40222", path: "Exportacion"},
		{name: "TipoRelacion", mutate: func(c *Comprobante) {
			c.CfdiRelacionados = []CfdiRelacionados{{TipoRelacion: "99", UUIDs: []string{"5FB2822E-396D-4725-8521-CDC4BDD20CCF"}}}
		}, code: "CFDI40137", path: "CfdiRelacionados[0].TipoRelacion"},
	})
}

func TestValidateTotalRules(t *testing.T) {
	t.Parallel()
	runValCases(t, []valCase{
		{name: "SubTotal decimals", mutate: func(c *Comprobante) { c.SubTotal += "0" }, code: "CFDI40107", path: "SubTotal"},
		{name: "SubTotal sum", mutate: func(c *Comprobante) { c.SubTotal = "1.00" }, code: "CFDI40108", path: "SubTotal"},
		{name: "SubTotal of T", mutate: func(c *Comprobante) { c.TipoDeComprobante = "T" }, code: "CFDI40109", path: "SubTotal"},
		{name: "Descuento above SubTotal", mutate: func(c *Comprobante) { c.Descuento = "999999.00" }, code: "CFDI40110", path: "Descuento"},
		{name: "Descuento missing", mutate: func(c *Comprobante) { c.Descuento = "" }, code: "CFDI40111", path: "Descuento"},
		{name: "Descuento sum", mutate: func(c *Comprobante) { c.Descuento = "1.00" }, code: "CFDI40111", path: "Descuento"},
		{name: "Descuento without concept discounts", mutate: func(c *Comprobante) { c.Conceptos[0].Descuento = "" }, code: "CFDI40111", path: "Descuento"},
		{name: "Descuento on P", mutate: func(c *Comprobante) { c.TipoDeComprobante = "P" }, code: "CFDI40111", path: "Descuento"},
		{name: "Descuento decimals", mutate: func(c *Comprobante) { c.Descuento += "0" }, code: "CFDI40112", path: "Descuento"},
		{name: "Total", mutate: func(c *Comprobante) { c.Total = "1.00" }, code: "CFDI40119", path: "Total"},
	})
}

func TestValidateGlobalRules(t *testing.T) {
	t.Parallel()
	runValCases(t, []valCase{
		{name: "missing", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal = nil }, code: "CFDI40130", path: "InformacionGlobal"},
		{name: "Periodicidad", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Periodicidad = "06" }, code: "CFDI40131", path: "InformacionGlobal.Periodicidad"},
		{name: "bimestral needs 621", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Periodicidad, c.InformacionGlobal.Meses = "05", "13" }, code: "CFDI40132", path: "InformacionGlobal.Periodicidad"},
		{name: "Meses catalog", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Meses = "19" }, code: "CFDI40133", path: "InformacionGlobal.Meses"},
		{name: "two-month period with monthly", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Meses = "13" }, code: "CFDI40134", path: "InformacionGlobal.Meses"},
		{name: "month with bimestral", global: true, mutate: func(c *Comprobante) {
			c.InformacionGlobal.Periodicidad, c.Emisor.RegimenFiscal = "05", "621"
		}, code: "CFDI40135", path: "InformacionGlobal.Meses"},
		{name: "Año two years back", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Año = "2024" }, code: "CFDI40136", path: "InformacionGlobal.Año"},
		{name: "Año next year", global: true, mutate: func(c *Comprobante) { c.InformacionGlobal.Año = "2027" }, code: "CFDI40136", path: "InformacionGlobal.Año"},
	})
}

func TestValidatePartyRules(t *testing.T) {
	t.Parallel()
	runValCases(t, []valCase{
		{name: "Emisor check digit", mutate: func(c *Comprobante) { c.Emisor.Rfc = "EKU9003173C8" }, code: "RFC", path: "Emisor.Rfc"},
		{name: "generic Emisor", mutate: func(c *Comprobante) { c.Emisor.Rfc = "XAXX010101000" }, code: "RFC", path: "Emisor.Rfc"},
		{name: "Receptor date", mutate: func(c *Comprobante) { c.Receptor.Rfc = "COSC8013137NA" }, code: "RFC", path: "Receptor.Rfc"},
		{name: "Emisor régimen catalog", mutate: func(c *Comprobante) { c.Emisor.RegimenFiscal = "600" }, code: "CFDI40140", path: "Emisor.RegimenFiscal"},
		{name: "Emisor régimen person type", mutate: func(c *Comprobante) { c.Emisor.RegimenFiscal = "612" }, code: "CFDI40141", path: "Emisor.RegimenFiscal"},
		{name: "PUBLICO EN GENERAL with an RFC", mutate: func(c *Comprobante) { c.Receptor.Nombre = "PUBLICO EN GENERAL" }, code: "CFDI40146", path: "Receptor.Rfc"},
		{name: "generic receptor postal code", global: true, mutate: func(c *Comprobante) { c.Receptor.DomicilioFiscalReceptor = "52000" }, code: "CFDI40149", path: "Receptor.DomicilioFiscalReceptor"},
		{name: "ResidenciaFiscal catalog", mutate: func(c *Comprobante) {
			c.Receptor.Rfc, c.Receptor.ResidenciaFiscal, c.Receptor.DomicilioFiscalReceptor = "XEXX010101000", "QQQ", c.LugarExpedicion
		}, code: "CFDI40150", path: "Receptor.ResidenciaFiscal"},
		{name: "ResidenciaFiscal for a national RFC", mutate: func(c *Comprobante) { c.Receptor.ResidenciaFiscal = "USA" }, code: "CFDI40151", path: "Receptor.ResidenciaFiscal"},
		{name: "ResidenciaFiscal MEX", mutate: func(c *Comprobante) {
			c.Receptor.Rfc, c.Receptor.ResidenciaFiscal, c.Receptor.DomicilioFiscalReceptor = "XEXX010101000", "MEX", c.LugarExpedicion
		}, code: "CFDI40152", path: "Receptor.ResidenciaFiscal"},
		{name: "NumRegIdTrib without residence", mutate: func(c *Comprobante) {
			c.Receptor.Rfc, c.Receptor.NumRegIdTrib, c.Receptor.DomicilioFiscalReceptor = "XEXX010101000", "123456789", c.LugarExpedicion
		}, code: "CFDI40153", path: "Receptor.ResidenciaFiscal"},
		{name: "NumRegIdTrib for a national RFC", mutate: func(c *Comprobante) { c.Receptor.NumRegIdTrib = "123456789" }, code: "CFDI40154", path: "Receptor.NumRegIdTrib"},
		{name: "Receptor régimen catalog", mutate: func(c *Comprobante) { c.Receptor.RegimenFiscalReceptor = "600" }, code: "CFDI40157", path: "Receptor.RegimenFiscalReceptor"},
		{name: "Receptor régimen person type", mutate: func(c *Comprobante) { c.Receptor.RegimenFiscalReceptor = "601" }, code: "CFDI40158", path: "Receptor.RegimenFiscalReceptor"},
		{name: "generic receptor régimen", global: true, mutate: func(c *Comprobante) { c.Receptor.RegimenFiscalReceptor = "612" }, code: "CFDI40159", path: "Receptor.RegimenFiscalReceptor"},
		{name: "UsoCFDI catalog", mutate: func(c *Comprobante) { c.Receptor.UsoCFDI = "Z99" }, code: "CFDI40160", path: "Receptor.UsoCFDI"},
		{name: "UsoCFDI for the régimen", mutate: func(c *Comprobante) { c.Receptor.UsoCFDI = "CN01" }, code: "CFDI40161", path: "Receptor.UsoCFDI"},
	})
}

func TestValidateXSDRules(t *testing.T) {
	t.Parallel()
	ñ100 := strings.Repeat("Ñ", 100)
	runValCases(t, []valCase{
		{name: "Version", mutate: func(c *Comprobante) { c.Version = "3.3" }, code: "XSD", path: "Version"},
		{name: "missing Emisor Nombre", mutate: func(c *Comprobante) { c.Emisor.Nombre = "" }, code: "XSD", path: "Emisor.Nombre"},
		{name: "no concepts", mutate: func(c *Comprobante) { c.Conceptos = nil }, code: "XSD", path: "Conceptos"},
		{name: "pipe", mutate: func(c *Comprobante) { c.Conceptos[1].Descripcion = "Libro | tapa dura" }, code: "XSD", path: "Conceptos[1].Descripcion"},
		{name: "Serie too long", mutate: func(c *Comprobante) { c.Serie = strings.Repeat("Ñ", 26) }, code: "XSD", path: "Serie"},
		{name: "101 characters", mutate: func(c *Comprobante) { c.Conceptos[0].NoIdentificacion = ñ100 + "A" }, code: "XSD", path: "Conceptos[0].NoIdentificacion"},
		{name: "amount with a comma", mutate: func(c *Comprobante) { c.Conceptos[2].ValorUnitario = "1,000.00" }, code: "XSD", path: "Conceptos[2].ValorUnitario"},
		{name: "negative amount", mutate: func(c *Comprobante) { c.Total = "-1.00" }, code: "XSD", path: "Total"},
		{name: "postal code", mutate: func(c *Comprobante) { c.Receptor.DomicilioFiscalReceptor = "5200" }, code: "XSD", path: "Receptor.DomicilioFiscalReceptor"},
		{name: "UUID", mutate: func(c *Comprobante) {
			c.CfdiRelacionados = []CfdiRelacionados{{TipoRelacion: "04", UUIDs: []string{"not-a-uuid"}}}
		}, code: "XSD", path: "CfdiRelacionados[0].UUIDs[0]"},
		{name: "pedimento with single spaces", mutate: func(c *Comprobante) { c.Conceptos[1].InformacionAduanera = []string{"17 24 3420 7010987"} }, code: "XSD", path: "Conceptos[1].InformacionAduanera[0]"},
		{name: "zero quantity", mutate: func(c *Comprobante) { c.Conceptos[2].Cantidad = "0" }, code: "XSD", path: "Conceptos[2].Cantidad"},
	})
	// Within the window: 10:30 in Mexico City is 16:30 UTC.
	for _, now := range []time.Time{time.Date(2026, 7, 2, 16, 30, 0, 0, time.UTC), time.Date(2026, 7, 5, 16, 30, 0, 0, time.UTC)} {
		if ps := Validate(valCompute(t, valInvoiceDraft()), ValidateOptions{Now: now}); ps != nil {
			t.Errorf("Validate(Now %v) = %v, want no problems", now, ps)
		}
	}
	if ps := Validate(nil, ValidateOptions{}); len(ps) != 1 {
		t.Errorf("Validate(nil) = %v, want one problem", ps)
	}
	// 100 characters of two bytes each are within NoIdentificacion's 100.
	c := valCompute(t, valInvoiceDraft())
	c.Conceptos[0].NoIdentificacion = ñ100
	c.Conceptos[1].InformacionAduanera = []string{"17  24  3420  7010987"}
	if ps := Validate(c, ValidateOptions{}); ps != nil {
		t.Errorf("Validate(100 × Ñ, valid pedimento) = %v, want no problems", ps)
	}
}

// TestValLimits checks the SAT limits of products (Anexo 20, FAQ §41).
func TestValLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		places int32
		tax    bool
		lo, hi string
	}{
		{"1.000000", "924.224956", 2, false, "924.22", "924.23"},
		{"4", "500", 0, false, "1748", "2253"},
		{"1", "0", 0, false, "-1", "1"},
		{"8.620690", "0.160000", 6, true, "1.37931", "1.379311"},
		{"100.03", "0.160000", 2, true, "16", "16.01"},
		{"15390.30", "0.106667", 2, true, "1641.63", "1641.64"},
	}
	for _, tt := range tests {
		f := valLimits
		if tt.tax {
			f = valTaxLimits
		}
		lo, hi := f(tt.a, tt.b, tt.places)
		if lo.String() != tt.lo || hi.String() != tt.hi {
			t.Errorf("limits(%s, %s, %d) = %s, %s; want %s, %s", tt.a, tt.b, tt.places, lo, hi, tt.lo, tt.hi)
		}
	}
}
