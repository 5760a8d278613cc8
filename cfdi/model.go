// Package cfdi implements the CFDI 4.0 standard of the SAT (Anexo 20): the
// Comprobante with its SAT names, XML writing and reading, the cadena original,
// the seal, the TimbreFiscalDigital 1.1, the Pagos 2.0 complement, the global
// invoice, the validation rules with their CFDI40xxx codes and the QR
// expression. It knows nothing of Sello's own types.
//
// Every attribute is held as the exact text that goes into the XML and the
// cadena original: amounts are decimal strings with their scale ("130.00"),
// never floats. An empty string means the attribute is absent; optional
// attributes are never written empty.
package cfdi

// Namespaces and schema locations of the documents Sello writes and reads.
const (
	NS       = "http://www.sat.gob.mx/cfd/4"
	NS33     = "http://www.sat.gob.mx/cfd/3"
	NSPagos  = "http://www.sat.gob.mx/Pagos20"
	NSTFD    = "http://www.sat.gob.mx/TimbreFiscalDigital"
	NSNomina = "http://www.sat.gob.mx/nomina12"
	NSXSI    = "http://www.w3.org/2001/XMLSchema-instance"

	SchemaLocation      = "http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd"
	SchemaLocationPagos = "http://www.sat.gob.mx/sitio_internet/cfd/Pagos/Pagos20.xsd"
	SchemaLocationTFD   = "http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd"
)

// Comprobante is a CFDI 4.0 document.
type Comprobante struct {
	Version           string // "4.0"
	Serie             string
	Folio             string
	Fecha             string // YYYY-MM-DDThh:mm:ss, local time at LugarExpedicion
	Sello             string
	FormaPago         string
	NoCertificado     string
	Certificado       string
	CondicionesDePago string
	SubTotal          string
	Descuento         string
	Moneda            string
	TipoCambio        string
	Total             string
	TipoDeComprobante string // I, E, T, N, P
	Exportacion       string
	MetodoPago        string
	LugarExpedicion   string
	Confirmacion      string

	InformacionGlobal *InformacionGlobal
	CfdiRelacionados  []CfdiRelacionados
	Emisor            Emisor
	Receptor          Receptor
	Conceptos         []Concepto
	Impuestos         *Impuestos
	Complemento       Complemento
	// Addenda is kept as-is (raw inner XML) when reading; it is not sealed.
	Addenda []byte
}

// InformacionGlobal identifies the period of a global invoice (público en general).
type InformacionGlobal struct {
	Periodicidad string
	Meses        string
	Año          string
}

// CfdiRelacionados relates the document to others with one TipoRelacion.
type CfdiRelacionados struct {
	TipoRelacion string
	UUIDs        []string
}

// Emisor is the issuer.
type Emisor struct {
	Rfc              string
	Nombre           string
	RegimenFiscal    string
	FacAtrAdquirente string
}

// Receptor is the recipient.
type Receptor struct {
	Rfc                     string
	Nombre                  string
	DomicilioFiscalReceptor string
	ResidenciaFiscal        string
	NumRegIdTrib            string
	RegimenFiscalReceptor   string
	UsoCFDI                 string
}

// Concepto is one line of the document.
type Concepto struct {
	ClaveProdServ    string
	NoIdentificacion string
	Cantidad         string
	ClaveUnidad      string
	Unidad           string
	Descripcion      string
	ValorUnitario    string
	Importe          string
	Descuento        string
	ObjetoImp        string

	Traslados           []Traslado  // concept-level transfers (written before Retenciones)
	Retenciones         []Retencion // concept-level withholdings
	ACuentaTerceros     *ACuentaTerceros
	InformacionAduanera []string // NumeroPedimento values
	CuentaPredial       []string // Numero values
	Partes              []Parte
}

// Traslado is a transferred tax, at concept level (Base required) or in the
// summary (Base required in 4.0 too).
type Traslado struct {
	Base       string
	Impuesto   string // 002 IVA, 003 IEPS
	TipoFactor string // Tasa, Cuota, Exento
	TasaOCuota string // six decimals; absent for Exento
	Importe    string // absent for Exento
}

// Retencion is a withheld tax. At summary level only Impuesto and Importe are used.
type Retencion struct {
	Base       string
	Impuesto   string // 001 ISR, 002 IVA, 003 IEPS
	TipoFactor string
	TasaOCuota string
	Importe    string
}

// ACuentaTerceros names the third party on whose behalf a concept is billed.
type ACuentaTerceros struct {
	RfcACuentaTerceros             string
	NombreACuentaTerceros          string
	RegimenFiscalACuentaTerceros   string
	DomicilioFiscalACuentaTerceros string
}

// Parte is a part of a concept.
type Parte struct {
	ClaveProdServ       string
	NoIdentificacion    string
	Cantidad            string
	Unidad              string
	Descripcion         string
	ValorUnitario       string
	Importe             string
	InformacionAduanera []string
}

// Impuestos is the summary of the document's taxes.
type Impuestos struct {
	TotalImpuestosRetenidos   string
	TotalImpuestosTrasladados string
	Retenciones               []Retencion // Impuesto and Importe only
	Traslados                 []Traslado
}

// Complemento holds the complements Sello understands. Others are refused
// when issuing; when reading they are reported by namespace in Unknown.
type Complemento struct {
	Pagos *Pagos
	TFD   *TimbreFiscalDigital
	// Unknown lists the namespaces of complements without a model here.
	Unknown []string
}

// TimbreFiscalDigital is the PAC's stamp (TFD 1.1).
type TimbreFiscalDigital struct {
	Version          string // "1.1"
	UUID             string
	FechaTimbrado    string
	RfcProvCertif    string
	Leyenda          string
	SelloCFD         string
	NoCertificadoSAT string
	SelloSAT         string
}

// Pagos is the Complemento para recepción de pagos 2.0.
type Pagos struct {
	Version string // "2.0"
	Totales PagosTotales
	Pago    []Pago
}

// PagosTotales are the MXN totals of the payments (always 2 decimals).
type PagosTotales struct {
	TotalRetencionesIVA         string
	TotalRetencionesISR         string
	TotalRetencionesIEPS        string
	TotalTrasladosBaseIVA16     string
	TotalTrasladosImpuestoIVA16 string
	TotalTrasladosBaseIVA8      string
	TotalTrasladosImpuestoIVA8  string
	TotalTrasladosBaseIVA0      string
	TotalTrasladosImpuestoIVA0  string
	TotalTrasladosBaseIVAExento string
	MontoTotalPagos             string
}

// Pago is one payment received.
type Pago struct {
	FechaPago        string
	FormaDePagoP     string
	MonedaP          string
	TipoCambioP      string
	Monto            string
	NumOperacion     string
	RfcEmisorCtaOrd  string
	NomBancoOrdExt   string
	CtaOrdenante     string
	RfcEmisorCtaBen  string
	CtaBeneficiario  string
	TipoCadPago      string
	CertPago         string
	CadPago          string
	SelloPago        string
	DoctoRelacionado []DoctoRelacionado
	ImpuestosP       *ImpuestosP
}

// DoctoRelacionado is an invoice paid (in part) by a Pago.
type DoctoRelacionado struct {
	IdDocumento      string
	Serie            string
	Folio            string
	MonedaDR         string
	EquivalenciaDR   string
	NumParcialidad   string
	ImpSaldoAnt      string
	ImpPagado        string
	ImpSaldoInsoluto string
	ObjetoImpDR      string
	RetencionesDR    []ImpuestoDR
	TrasladosDR      []ImpuestoDR
}

// ImpuestoDR is a tax of a related document, proportional to the amount paid.
type ImpuestoDR struct {
	BaseDR       string
	ImpuestoDR   string
	TipoFactorDR string
	TasaOCuotaDR string
	ImporteDR    string
}

// ImpuestosP are the taxes of a Pago, in MonedaP.
type ImpuestosP struct {
	RetencionesP []ImpuestoP // ImpuestoP and ImporteP only
	TrasladosP   []ImpuestoP
}

// ImpuestoP is a tax of a Pago.
type ImpuestoP struct {
	BaseP       string
	ImpuestoP   string
	TipoFactorP string
	TasaOCuotaP string
	ImporteP    string
}
