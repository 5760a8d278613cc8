package cfdi

import "strings"

// The tables below transcribe the SAT stylesheets that define the cadena
// original, template by template and in the same order (Anexo 20, rubro
// III.A; files under sat/xsd-xslt/www.sat.gob.mx/sitio_internet/cfd/):
//
//	req("X")      <xsl:call-template name="Requerido"> with @X
//	opt("X")      <xsl:call-template name="Opcional"> with @X
//	apply("a/b")  <xsl:apply-templates select="./a/b"/> (also for-each + apply ".")
//	each("a/b", …) <xsl:for-each select="./a/b"> with inline calls
//	apply(".//a") descendants, as in select=".//cfdi:Parte"
//
// Path steps are in the namespace of the template; "*" is any element.

// opKind is the kind of one instruction of a cadena template.
type opKind uint8

const (
	opReq opKind = iota
	opOpt
	opApply
	opEach
)

// qname is a namespace URI and a local name.
type qname struct{ space, local string }

// op is one instruction of a cadena template.
type op struct {
	kind opKind
	name string  // attribute name for opReq and opOpt
	path []qname // selected element steps for opApply and opEach
	desc bool    // path is a single descendant step (".//x")
	body []op    // inline instructions of opEach
}

// stylesheet maps an element name to its template.
type stylesheet map[qname][]op

func req(name string) op { return op{kind: opReq, name: name} }
func opt(name string) op { return op{kind: opOpt, name: name} }

// apply and each keep the path as written; templates resolves it.
func apply(path string) op            { return op{kind: opApply, name: path} }
func each(path string, body ...op) op { return op{kind: opEach, name: path, body: body} }

// templates resolves the paths of defs in namespace ns and adds them to s.
func (s stylesheet) add(ns string, defs map[string][]op) stylesheet {
	for local, ops := range defs {
		s[qname{ns, local}] = resolve(ns, ops)
	}
	return s
}

func resolve(ns string, ops []op) []op {
	out := make([]op, len(ops))
	for i, o := range ops {
		if o.kind == opApply || o.kind == opEach {
			p := o.name
			o.name = ""
			if rest, ok := strings.CutPrefix(p, ".//"); ok {
				o.desc = true
				p = rest
			}
			for _, step := range strings.Split(p, "/") {
				if step == "*" {
					o.path = append(o.path, qname{local: "*"})
				} else {
					o.path = append(o.path, qname{ns, step})
				}
			}
			o.body = resolve(ns, o.body)
		}
		out[i] = o
	}
	return out
}

// cfdi40Sheet is cadenaoriginal_4_0.xslt with the complements Sello supports
// (Pagos 2.0, Nómina 1.2). The TimbreFiscalDigital has no template there: the
// XSLT built-in rules apply to it, as to any element without a template.
var cfdi40Sheet = stylesheet{}.add(NS, cfdi40Templates).add(NSPagos, pagos20Templates).add(NSNomina, nomina12Templates)

// cfdi33Sheet is cadenaoriginal_3_3.xslt with Nómina 1.2.
var cfdi33Sheet = stylesheet{}.add(NS33, cfdi33Templates).add(NSNomina, nomina12Templates)

// supported40 and supported33 are the complement namespaces for which the
// sheets reproduce the SAT cadena. Any other complement makes the cadena an
// error instead of a wrong answer (CFDI.md §5.5).
var (
	supported40 = []string{NSPagos, NSNomina, NSTFD}
	supported33 = []string{NSNomina, NSTFD}
)

var cfdi40Templates = map[string][]op{
	"Comprobante": {
		req("Version"), opt("Serie"), opt("Folio"), req("Fecha"), opt("FormaPago"),
		req("NoCertificado"), opt("CondicionesDePago"), req("SubTotal"), opt("Descuento"),
		req("Moneda"), opt("TipoCambio"), req("Total"), req("TipoDeComprobante"),
		req("Exportacion"), opt("MetodoPago"), req("LugarExpedicion"), opt("Confirmacion"),
		apply("InformacionGlobal"), apply("CfdiRelacionados"), apply("Emisor"),
		apply("Receptor"), apply("Conceptos"), apply("Impuestos"), apply("Complemento"),
	},
	"InformacionGlobal": {req("Periodicidad"), req("Meses"), req("Año")},
	"CfdiRelacionados":  {req("TipoRelacion"), each("CfdiRelacionado", req("UUID"))},
	"Emisor":            {req("Rfc"), req("Nombre"), req("RegimenFiscal"), opt("FacAtrAdquirente")},
	"Receptor": {
		req("Rfc"), req("Nombre"), req("DomicilioFiscalReceptor"), opt("ResidenciaFiscal"),
		opt("NumRegIdTrib"), req("RegimenFiscalReceptor"), req("UsoCFDI"),
	},
	"Conceptos": {apply("Concepto")},
	"Concepto": {
		req("ClaveProdServ"), opt("NoIdentificacion"), req("Cantidad"), req("ClaveUnidad"),
		opt("Unidad"), req("Descripcion"), req("ValorUnitario"), req("Importe"),
		opt("Descuento"), req("ObjetoImp"),
		each("Impuestos/Traslados/Traslado", req("Base"), req("Impuesto"), req("TipoFactor"), opt("TasaOCuota"), opt("Importe")),
		each("Impuestos/Retenciones/Retencion", req("Base"), req("Impuesto"), req("TipoFactor"), req("TasaOCuota"), req("Importe")),
		apply("ACuentaTerceros"), apply("InformacionAduanera"), apply("CuentaPredial"),
		apply("ComplementoConcepto"), apply(".//Parte"),
	},
	"ACuentaTerceros": {
		req("RfcACuentaTerceros"), req("NombreACuentaTerceros"),
		req("RegimenFiscalACuentaTerceros"), req("DomicilioFiscalACuentaTerceros"),
	},
	"InformacionAduanera": {req("NumeroPedimento")},
	"CuentaPredial":       {req("Numero")},
	"ComplementoConcepto": {apply("*")},
	"Parte": {
		req("ClaveProdServ"), opt("NoIdentificacion"), req("Cantidad"), opt("Unidad"),
		req("Descripcion"), opt("ValorUnitario"), opt("Importe"), apply(".//InformacionAduanera"),
	},
	"Complemento": {apply("*")},
	"Impuestos": {
		each("Retenciones/Retencion", req("Impuesto"), req("Importe")),
		opt("TotalImpuestosRetenidos"),
		each("Traslados/Traslado", req("Base"), req("Impuesto"), req("TipoFactor"), opt("TasaOCuota"), opt("Importe")),
		opt("TotalImpuestosTrasladados"),
	},
}

var cfdi33Templates = map[string][]op{
	"Comprobante": {
		req("Version"), opt("Serie"), opt("Folio"), req("Fecha"), opt("FormaPago"),
		req("NoCertificado"), opt("CondicionesDePago"), req("SubTotal"), opt("Descuento"),
		req("Moneda"), opt("TipoCambio"), req("Total"), req("TipoDeComprobante"),
		opt("MetodoPago"), req("LugarExpedicion"), opt("Confirmacion"),
		apply("CfdiRelacionados"), apply("Emisor"), apply("Receptor"), apply("Conceptos"),
		apply("Impuestos"), apply("Complemento"),
	},
	"CfdiRelacionados": {req("TipoRelacion"), each("CfdiRelacionado", req("UUID"))},
	"Emisor":           {req("Rfc"), opt("Nombre"), req("RegimenFiscal")},
	"Receptor":         {req("Rfc"), opt("Nombre"), opt("ResidenciaFiscal"), opt("NumRegIdTrib"), req("UsoCFDI")},
	"Conceptos":        {apply("Concepto")},
	"Concepto": {
		req("ClaveProdServ"), opt("NoIdentificacion"), req("Cantidad"), req("ClaveUnidad"),
		opt("Unidad"), req("Descripcion"), req("ValorUnitario"), req("Importe"), opt("Descuento"),
		each("Impuestos/Traslados/Traslado", req("Base"), req("Impuesto"), req("TipoFactor"), opt("TasaOCuota"), opt("Importe")),
		each("Impuestos/Retenciones/Retencion", req("Base"), req("Impuesto"), req("TipoFactor"), req("TasaOCuota"), req("Importe")),
		apply("InformacionAduanera"), apply("CuentaPredial"), apply("ComplementoConcepto"),
		apply(".//Parte"),
	},
	"InformacionAduanera": {req("NumeroPedimento")},
	"CuentaPredial":       {req("Numero")},
	"ComplementoConcepto": {apply("*")},
	"Parte": {
		req("ClaveProdServ"), opt("NoIdentificacion"), req("Cantidad"), opt("Unidad"),
		req("Descripcion"), opt("ValorUnitario"), opt("Importe"), apply(".//InformacionAduanera"),
	},
	"Complemento": {apply("*")},
	"Impuestos": {
		each("Retenciones/Retencion", req("Impuesto"), req("Importe")),
		opt("TotalImpuestosRetenidos"),
		each("Traslados/Traslado", req("Impuesto"), req("TipoFactor"), req("TasaOCuota"), req("Importe")),
		opt("TotalImpuestosTrasladados"),
	},
}

// pagos20Templates transcribes Pagos/Pagos20.xslt. Note the order: Totales
// with MontoTotalPagos last; retentions before transfers (CFDI.md §8.3).
var pagos20Templates = map[string][]op{
	"Pagos": {req("Version"), apply("Totales"), apply("Pago")},
	"Totales": {
		opt("TotalRetencionesIVA"), opt("TotalRetencionesISR"), opt("TotalRetencionesIEPS"),
		opt("TotalTrasladosBaseIVA16"), opt("TotalTrasladosImpuestoIVA16"),
		opt("TotalTrasladosBaseIVA8"), opt("TotalTrasladosImpuestoIVA8"),
		opt("TotalTrasladosBaseIVA0"), opt("TotalTrasladosImpuestoIVA0"),
		opt("TotalTrasladosBaseIVAExento"), req("MontoTotalPagos"),
	},
	"Pago": {
		req("FechaPago"), req("FormaDePagoP"), req("MonedaP"), opt("TipoCambioP"), req("Monto"),
		opt("NumOperacion"), opt("RfcEmisorCtaOrd"), opt("NomBancoOrdExt"), opt("CtaOrdenante"),
		opt("RfcEmisorCtaBen"), opt("CtaBeneficiario"), opt("TipoCadPago"), opt("CertPago"),
		opt("CadPago"), opt("SelloPago"),
		apply("DoctoRelacionado"), apply("ImpuestosP"),
	},
	"DoctoRelacionado": {
		req("IdDocumento"), opt("Serie"), opt("Folio"), req("MonedaDR"), opt("EquivalenciaDR"),
		req("NumParcialidad"), req("ImpSaldoAnt"), req("ImpPagado"), req("ImpSaldoInsoluto"),
		req("ObjetoImpDR"),
		each("ImpuestosDR/RetencionesDR/RetencionDR", req("BaseDR"), req("ImpuestoDR"), req("TipoFactorDR"), req("TasaOCuotaDR"), req("ImporteDR")),
		each("ImpuestosDR/TrasladosDR/TrasladoDR", req("BaseDR"), req("ImpuestoDR"), req("TipoFactorDR"), opt("TasaOCuotaDR"), opt("ImporteDR")),
	},
	"ImpuestosP":   {apply("RetencionesP"), apply("TrasladosP")},
	"RetencionesP": {apply("RetencionP")},
	"TrasladosP":   {apply("TrasladoP")},
	"RetencionP":   {req("ImpuestoP"), req("ImporteP")},
	"TrasladoP":    {req("BaseP"), req("ImpuestoP"), req("TipoFactorP"), opt("TasaOCuotaP"), opt("ImporteP")},
}

// nomina12Templates transcribes nomina/nomina12.xslt (received documents only).
var nomina12Templates = map[string][]op{
	"Nomina": {
		req("Version"), req("TipoNomina"), req("FechaPago"), req("FechaInicialPago"),
		req("FechaFinalPago"), req("NumDiasPagados"), opt("TotalPercepciones"),
		opt("TotalDeducciones"), opt("TotalOtrosPagos"),
		apply("Emisor"), apply("Receptor"), apply("Percepciones"), apply("Deducciones"),
		apply("OtrosPagos"), apply("Incapacidades"),
	},
	"Emisor":      {opt("Curp"), opt("RegistroPatronal"), opt("RfcPatronOrigen"), apply("EntidadSNCF")},
	"EntidadSNCF": {req("OrigenRecurso"), opt("MontoRecursoPropio")},
	"Receptor": {
		req("Curp"), opt("NumSeguridadSocial"), opt("FechaInicioRelLaboral"), opt("Antigüedad"),
		req("TipoContrato"), opt("Sindicalizado"), opt("TipoJornada"), req("TipoRegimen"),
		req("NumEmpleado"), opt("Departamento"), opt("Puesto"), opt("RiesgoPuesto"),
		req("PeriodicidadPago"), opt("Banco"), opt("CuentaBancaria"), opt("SalarioBaseCotApor"),
		opt("SalarioDiarioIntegrado"), req("ClaveEntFed"), apply("SubContratacion"),
	},
	"SubContratacion": {req("RfcLabora"), req("PorcentajeTiempo")},
	"Percepciones": {
		opt("TotalSueldos"), opt("TotalSeparacionIndemnizacion"), opt("TotalJubilacionPensionRetiro"),
		req("TotalGravado"), req("TotalExento"),
		apply("Percepcion"), apply("JubilacionPensionRetiro"), apply("SeparacionIndemnizacion"),
	},
	"Percepcion": {
		req("TipoPercepcion"), req("Clave"), req("Concepto"), req("ImporteGravado"),
		req("ImporteExento"), apply("AccionesOTitulos"), apply("HorasExtra"),
	},
	"AccionesOTitulos": {req("ValorMercado"), req("PrecioAlOtorgarse")},
	"HorasExtra":       {req("Dias"), req("TipoHoras"), req("HorasExtra"), req("ImportePagado")},
	"JubilacionPensionRetiro": {
		opt("TotalUnaExhibicion"), opt("TotalParcialidad"), opt("MontoDiario"),
		req("IngresoAcumulable"), req("IngresoNoAcumulable"),
	},
	"SeparacionIndemnizacion": {
		req("TotalPagado"), req("NumAñosServicio"), req("UltimoSueldoMensOrd"),
		req("IngresoAcumulable"), req("IngresoNoAcumulable"),
	},
	"Deducciones":              {opt("TotalOtrasDeducciones"), opt("TotalImpuestosRetenidos"), apply("Deduccion")},
	"Deduccion":                {req("TipoDeduccion"), req("Clave"), req("Concepto"), req("Importe")},
	"OtrosPagos":               {apply("OtroPago")},
	"OtroPago":                 {req("TipoOtroPago"), req("Clave"), req("Concepto"), req("Importe"), apply("SubsidioAlEmpleo"), apply("CompensacionSaldosAFavor")},
	"SubsidioAlEmpleo":         {req("SubsidioCausado")},
	"CompensacionSaldosAFavor": {req("SaldoAFavor"), req("Año"), req("RemanenteSalFav")},
	"Incapacidades":            {apply("Incapacidad")},
	"Incapacidad":              {req("DiasIncapacidad"), req("TipoIncapacidad"), opt("ImporteMonetario")},
}
