package cfdi_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
)

// The parties of the documents: the SAT's public test taxpayers, each with
// its test CSD under sat/csd (EKU's 2023 CSD is valid to 2027-05-18, the
// 2019 ones expired in 2023, so documents sealed with them are dated 2022).
var (
	docEKU  = cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"}
	docHE   = cfdi.Emisor{Rfc: "H&E951128469", Nombre: "HERRERIA & ELECTRICOS", RegimenFiscal: "601"}
	docFUNK = cfdi.Emisor{Rfc: "FUNK671228PH6", Nombre: "KARLA FUENTE NOLASCO", RegimenFiscal: "612"}
	docXIQB = cfdi.Emisor{Rfc: "XIQB891116QE4", Nombre: "BERENICE XIMO QUEZADA", RegimenFiscal: "626"}
	docCACX = cfdi.Emisor{Rfc: "CACX7605101P8", Nombre: "XOCHILT CASAS CHAVEZ", RegimenFiscal: "621"}

	docCOSC   = cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"}
	docEKUR   = cfdi.Receptor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", DomicilioFiscalReceptor: "42501", RegimenFiscalReceptor: "601", UsoCFDI: "G03"}
	docIIA    = cfdi.Receptor{Rfc: "IIA040805DZ4", Nombre: "INDISTRIA ILUMINADORA DE ALMACENES", DomicilioFiscalReceptor: "62661", RegimenFiscalReceptor: "601", UsoCFDI: "G01"}
	docKIJ    = cfdi.Receptor{Rfc: "KIJ0906199R1", Nombre: "KIJ", DomicilioFiscalReceptor: "59820", RegimenFiscalReceptor: "601", UsoCFDI: "G03"}
	docXIA    = cfdi.Receptor{Rfc: "XIA190128J61", Nombre: "XENON INDUSTRIAL ARTICLES", DomicilioFiscalReceptor: "76343", RegimenFiscalReceptor: "601", UsoCFDI: "G03"}
	docCSDEKU = "EKU9003173C9_2023"
)

// Taxes used by the documents, besides iva16, iva0 and exento.
var (
	iva8       = cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: dec("0.08")}
	retISR10   = cfdi.LineTax{Impuesto: "001", TipoFactor: "Tasa", TasaOCuota: dec("0.10"), Withholding: true}
	retIVA     = cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: dec("0.106667"), Withholding: true}
	retISR125  = cfdi.LineTax{Impuesto: "001", TipoFactor: "Tasa", TasaOCuota: dec("0.0125"), Withholding: true}
	ieps8      = cfdi.LineTax{Impuesto: "003", TipoFactor: "Tasa", TasaOCuota: dec("0.08")}
	ieps265    = cfdi.LineTax{Impuesto: "003", TipoFactor: "Tasa", TasaOCuota: dec("0.265")}
	iepsCuota  = cfdi.LineTax{Impuesto: "003", TipoFactor: "Cuota", TasaOCuota: dec("6.4555")}
	iepsExento = cfdi.LineTax{Impuesto: "003", TipoFactor: "Exento"}
)

// Fixed UUIDs of the invoices the credit note and the payments refer to.
const (
	uuidPPD     = "6F3E2B1A-0C9D-4E8F-A7B6-5D4C3B2A1F00"
	uuidMixed   = "0B1C2D3E-4F50-4617-8293-A4B5C6D7E8F9"
	uuidUSD     = "A1B2C3D4-E5F6-4789-8ABC-DEF012345678"
	uuidFees    = "11111111-2222-4333-8444-555555555555"
	uuidSupport = "22222222-3333-4444-8555-666666666666"
	uuidOldNC   = "99999999-8888-4777-8666-555555555555"
)

// line is a concept with a quantity and unit price given as text.
func line(clave, unidad, desc, cantidad, precio string, taxes ...cfdi.LineTax) cfdi.Line {
	return cfdi.Line{ClaveProdServ: clave, ClaveUnidad: unidad, Descripcion: desc,
		Cantidad: dec(cantidad), ValorUnitario: dec(precio), Taxes: taxes}
}

// income is an EKU income invoice paid at once (PUE, transfer).
func income(folio, fecha string, lines ...cfdi.Line) *cfdi.Draft {
	return &cfdi.Draft{Serie: "F", Folio: folio, Fecha: fecha, FormaPago: "03", Moneda: "MXN",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor: docEKU, Receptor: docCOSC, Lines: lines}
}

// ppdInvoice is the invoice paid in installments by the payment documents
// (the amounts of generated-g02-ingreso-ppd.xml).
func ppdInvoice() *cfdi.Draft {
	d := income("2001", "2026-11-02T10:30:00",
		line("81111500", "E48", "Desarrollo de software   (horas & soporte)", "2", "1500.00", iva16),
		line("43211507", "H87", "Computadora portátil", "1", "12999.99", iva16))
	d.Serie, d.FormaPago, d.MetodoPago, d.CondicionesDePago = "A", "99", "PPD", "Crédito 30 días"
	return d
}

// mixedInvoice is a PPD invoice with IVA 16 %, 0 % and exempt lines.
func mixedInvoice() *cfdi.Draft {
	d := income("2002", "2026-11-03T09:00:00",
		line("50131700", "H87", "Leche entera 1 L", "24", "23.50", iva0),
		line("86121500", "E48", "Colegiatura noviembre", "1", "4500.00", exento),
		line("44121600", "H87", "Cuadernos profesionales", "10", "48.90", iva16))
	d.Folio, d.FormaPago, d.MetodoPago = "2002", "99", "PPD"
	return d
}

// usdInvoice is a USD invoice paid later in pesos.
func usdInvoice() *cfdi.Draft {
	d := income("2003", "2026-11-04T12:00:00",
		line("43211503", "H87", "Laptop workstation", "2", "500.00", iva16))
	d.FormaPago, d.MetodoPago, d.Moneda, d.TipoCambio = "99", "PPD", "USD", "18.2530"
	d.Receptor = docIIA
	return d
}

// feesInvoice is a persona física's professional fees to a company: IVA 16 %
// transferred, ISR 10 % and two thirds of the IVA withheld.
func feesInvoice(metodo string) *cfdi.Draft {
	d := &cfdi.Draft{Serie: "H", Folio: "55", Fecha: "2022-06-15T11:00:00", FormaPago: "03", Moneda: "MXN",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: metodo, LugarExpedicion: "88965",
		Emisor: docFUNK, Receptor: docEKUR,
		Lines: []cfdi.Line{line("80101500", "E48", "Honorarios por consultoría fiscal", "1", "12345.67", iva16, retISR10, retIVA)}}
	if metodo == "PPD" {
		d.FormaPago = "99"
	}
	return d
}

func compute(d *cfdi.Draft) func() (*cfdi.Comprobante, error) {
	return func() (*cfdi.Comprobante, error) { return cfdi.Compute(d) }
}

// paid describes an invoice for a payment: installment, balance ("" for the
// invoice's Total) and amount paid.
func paid(d *cfdi.Draft, uuid string, n int, saldo, pagado string) cfdi.PaidDocument {
	c, err := cfdi.Compute(d)
	if err != nil {
		panic(fmt.Sprintf("the invoice of a payment does not compute: %v", err))
	}
	pd, err := cfdi.PaidDocumentOf(c, uuid)
	if err != nil {
		panic(err)
	}
	if saldo == "" {
		saldo = c.Total
	}
	pd.NumParcialidad, pd.ImpSaldoAnt, pd.ImpPagado = n, dec(saldo), dec(pagado)
	return pd
}

// payment is an EKU payment receipt of one or more payments.
func payment(folio, fecha string, pagos ...cfdi.PaymentReceived) func() (*cfdi.Comprobante, error) {
	return func() (*cfdi.Comprobante, error) {
		return cfdi.BuildPayment(&cfdi.PaymentDraft{Serie: "P", Folio: folio, Fecha: fecha, LugarExpedicion: "42501",
			Emisor: docEKU, Receptor: docCOSC, Payments: pagos})
	}
}

func transfer(fecha, monto string, docs ...cfdi.PaidDocument) cfdi.PaymentReceived {
	return cfdi.PaymentReceived{FechaPago: fecha, FormaDePagoP: "03", MonedaP: "MXN", Monto: dec(monto),
		NumOperacion: "SPEI-" + fecha[:10], Documents: docs}
}

// tickets returns n sales of the day with varied amounts and taxes.
func tickets(n int) []cfdi.Ticket {
	out := make([]cfdi.Ticket, n)
	for i := range out {
		amount := decimal.NewFromInt(int64(37 + 13*i)).Add(dec("0.99"))
		t := cfdi.Ticket{Number: fmt.Sprintf("T-%05d", 101+i), FormaPago: []string{"01", "04", "28"}[i%3],
			Subtotal: amount, Taxes: []cfdi.LineTax{iva16}}
		if i%4 == 3 {
			t.Taxes = []cfdi.LineTax{iva0}
		}
		out[i] = t
	}
	return out
}

func global(d *cfdi.GlobalDraft) func() (*cfdi.Comprobante, error) {
	return func() (*cfdi.Comprobante, error) { return cfdi.BuildGlobal(d) }
}
