package cfdi_test

import (
	"fmt"

	"github.com/sello-mx/sello/cfdi"
)

// docCase is one document Sello builds itself, sealed with the test CSD in
// sat/csd/<csd> and held up to the SAT oracles.
type docCase struct {
	name  string
	csd   string
	build func() (*cfdi.Comprobante, error)
}

// documentCases lists the documents of TestDocuments.
func documentCases() []docCase {
	return []docCase{
		{"ingreso-pue", docCSDEKU, compute(income("1001", "2026-11-02T09:15:00",
			line("81111500", "E48", "Desarrollo de software", "10", "850.00", iva16),
			line("43211507", "H87", "Monitor 27 pulgadas", "2", "4599.90", iva16)))},
		{"ingreso-ppd", docCSDEKU, compute(ppdInvoice())},
		{"ingreso-ppd-mixto", docCSDEKU, compute(mixedInvoice())},
		{"egreso-nota-credito", docCSDEKU, compute(creditNote())},
		{"pago-una-factura", docCSDEKU, payment("3001", "2026-11-20T12:05:00",
			transfer("2026-11-19T12:00:00", "18559.99", paid(ppdInvoice(), uuidPPD, 1, "18559.99", "18559.99")))},
		{"pago-parcialidad-1", docCSDEKU, payment("3002", "2026-11-10T12:05:00",
			transfer("2026-11-10T12:00:00", "10000.00", paid(ppdInvoice(), uuidPPD, 1, "18559.99", "10000.00")))},
		{"pago-parcialidad-2", docCSDEKU, payment("3003", "2026-11-24T12:05:00",
			transfer("2026-11-24T12:00:00", "8559.99", paid(ppdInvoice(), uuidPPD, 2, "8559.99", "8559.99")))},
		{"pago-varias-facturas", docCSDEKU, severalPayments},
		{"pago-usd-factura-mxn", docCSDEKU, paymentInUSD},
		{"pago-mxn-factura-usd", docCSDEKU, paymentOfUSD},
		{"ingreso-usd-ppd", docCSDEKU, compute(usdInvoice())},
		{"pago-honorarios-retenciones", "FUNK671228PH6_2019", feesPayment},
		{"honorarios-persona-fisica", "FUNK671228PH6_2019", compute(feesInvoice("PUE"))},
		{"resico-retencion-isr", "XIQB891116QE4_2019", compute(resico())},
		{"global-diaria", docCSDEKU, global(&cfdi.GlobalDraft{Serie: "G", Folio: "1101", Fecha: "2026-11-21T08:00:00",
			LugarExpedicion: "42501", Emisor: docEKU, Periodicidad: "01", Meses: "11", Año: "2026", Tickets: dayTickets()})},
		{"global-mensual", docCSDEKU, global(&cfdi.GlobalDraft{Serie: "G", Folio: "1102", Fecha: "2026-11-01T08:00:00",
			LugarExpedicion: "42501", Emisor: docEKU, Periodicidad: "04", Meses: "10", Año: "2026", Tickets: monthTickets()})},
		{"global-bimestral-621", "CACX7605101P8_2019", global(&cfdi.GlobalDraft{Serie: "G", Folio: "7", Fecha: "2022-07-05T10:00:00",
			LugarExpedicion: "06300", Emisor: docCACX, Periodicidad: "05", Meses: "15", Año: "2022", Tickets: tickets(4)})},
		{"ingreso-usd-tipo-cambio", docCSDEKU, compute(usdIncome())},
		{"pago-sustitucion", docCSDEKU, substitutePayment},
		{"ieps-tasa", docCSDEKU, compute(income("1004", "2026-11-05T18:00:00",
			line("50202201", "H87", "Cerveza clara 355 ml", "24", "18.50", ieps265, iva16),
			line("50202301", "H87", "Agua natural 1 L", "12", "9.90", iepsExento, iva0)))},
		{"ieps-cuota", docCSDEKU, compute(income("1005", "2026-11-05T19:00:00",
			line("15101514", "LTR", "Gasolina menor a 91 octanos", "40", "19.80", iepsCuota, iva16)))},
		{"iva-exento", docCSDEKU, compute(income("1006", "2026-11-06T10:00:00",
			line("86121700", "E48", "Colegiatura universitaria", "1", "8500.00", exento)))},
		{"iva-tasa-cero", docCSDEKU, compute(income("1007", "2026-11-06T11:00:00",
			line("50221200", "KGM", "Maíz blanco", "125.5", "7.35", iva0),
			line("51101500", "H87", "Medicamento de patente", "3", "249.00", iva0)))},
		{"iva-8-frontera", docCSDEKU, compute(border())},
		{"descuentos", docCSDEKU, compute(discounts())},
		{"a-cuenta-terceros", docCSDEKU, compute(thirdParty())},
		{"lineas-60", docCSDEKU, compute(manyLines(60))},
		{"yenes-jpy", docCSDEKU, compute(yen())},
		{"texto-especial", docCSDEKU, compute(income("1010", "2026-11-07T13:00:00",
			line("90101500", "E48", `Cena "Año Nuevo" para 2 & más <ñandú>   café   con  piñón`, "1", "1234.56", iva16),
			line("90111800", "DAY", "Hospedaje — habitación doble (incluye desayuno) ’24", "3", "1999.00", iva16)))},
		{"emisor-h-e", "H_E951128469_2019", compute(heIncome())},
		{"objeto-impuesto-01-03", docCSDEKU, compute(objetoImp())},
		{"aduana-predial", docCSDEKU, compute(customs())},
		// Issue 13 §8: prices with IVA inside total what was paid (3 × 99.99
		// is 299.97; the line at six decimals), one that divides exactly
		// keeps its cents.
		{"iva-incluido-precio-bruto", docCSDEKU, compute(income("1011", "2026-11-08T12:00:00",
			line("53101600", "H87", "Playera", "3", "99.99", ivaIncluded),
			line("53101600", "H87", "Gorra", "1", "116.00", ivaIncluded)))},
		// Issue 13 §2: an egress for returned goods relates the income (03).
		{"egreso-devolucion-03", docCSDEKU, compute(goodsReturn())},
	}
}

// ivaIncluded is IVA 16 % already in the unit price.
var ivaIncluded = cfdi.LineTax{Impuesto: cfdi.ImpuestoIVA, TipoFactor: cfdi.FactorTasa, TasaOCuota: dec("0.16"), Inclusive: true}

// goodsReturn is an egress for goods returned of the PPD invoice.
func goodsReturn() *cfdi.Draft {
	d := income("4002", "2026-11-21T10:00:00",
		line("43211507", "H87", "Devolución: computadora portátil", "1", "12999.99", iva16))
	d.Serie, d.TipoDeComprobante = "NC", "E"
	d.Receptor.UsoCFDI = "G02"
	d.CfdiRelacionados = []cfdi.CfdiRelacionados{{TipoRelacion: "03", UUIDs: []string{uuidPPD}}}
	return d
}

func creditNote() *cfdi.Draft {
	d := income("4001", "2026-11-20T16:45:10",
		line("84111506", "ACT", "Bonificación por pronto pago", "1", "1000.00", iva16))
	d.Serie, d.TipoDeComprobante = "NC", "E"
	d.Receptor.UsoCFDI = "G02"
	d.CfdiRelacionados = []cfdi.CfdiRelacionados{{TipoRelacion: "01", UUIDs: []string{uuidPPD, uuidOldNC}}}
	return d
}

// severalPayments pays three invoices with two payments: a transfer for two
// of them and a check for the rest of the third.
func severalPayments() (*cfdi.Comprobante, error) {
	check := cfdi.PaymentReceived{FechaPago: "2026-11-18T17:30:00", FormaDePagoP: "02", MonedaP: "MXN", Monto: dec("2000.00"),
		Documents: []cfdi.PaidDocument{paid(ppdInvoice(), uuidPPD, 1, "18559.99", "2000.00")}}
	return payment("3004", "2026-11-20T12:10:00",
		transfer("2026-11-17T12:00:00", "6791.24",
			paid(mixedInvoice(), uuidMixed, 1, "", "5631.24"),
			paid(supportInvoice(), uuidSupport, 1, "", "1160.00")),
		check)()
}

// supportInvoice is a small EKU PPD invoice.
func supportInvoice() *cfdi.Draft {
	d := income("2004", "2026-11-05T10:00:00", line("81111500", "E48", "Soporte técnico", "1", "1000.00", iva16))
	d.FormaPago, d.MetodoPago = "99", "PPD"
	return d
}

// paymentInUSD pays the MXN invoice with dollars: EquivalenciaDR is the
// exchange rate, the Totales are in pesos.
func paymentInUSD() (*cfdi.Comprobante, error) {
	pd := paid(ppdInvoice(), uuidPPD, 1, "18559.99", "18559.99")
	pd.EquivalenciaDR = dec("18.2530")
	return payment("3005", "2026-11-21T12:00:00", cfdi.PaymentReceived{
		FechaPago: "2026-11-21T10:00:00", FormaDePagoP: "03", MonedaP: "USD", TipoCambioP: dec("18.2530"),
		Monto: dec("1016.82"), Documents: []cfdi.PaidDocument{pd}})()
}

// paymentOfUSD pays the USD invoice with pesos: EquivalenciaDR is dollars
// per peso, rounded to 10 decimals.
func paymentOfUSD() (*cfdi.Comprobante, error) {
	pd := paid(usdInvoice(), uuidUSD, 1, "1160.00", "1160.00")
	pd.EquivalenciaDR = dec("1").DivRound(dec("18.1000"), 12)
	p := payment("3006", "2026-11-22T12:00:00", transfer("2026-11-22T09:00:00", "20996.00", pd))
	return p()
}

// feesPayment is the payment of a persona física's fees: RetencionesDR.
func feesPayment() (*cfdi.Comprobante, error) {
	pd := paid(feesInvoice("PPD"), uuidFees, 1, "", "6000.00")
	return cfdi.BuildPayment(&cfdi.PaymentDraft{Serie: "PH", Folio: "9", Fecha: "2022-06-30T12:00:00", LugarExpedicion: "88965",
		Emisor: docFUNK, Receptor: docEKUR, Payments: []cfdi.PaymentReceived{transfer("2022-06-29T12:00:00", "6000.00", pd)}})
}

func resico() *cfdi.Draft {
	d := feesInvoice("PUE")
	d.Folio, d.Emisor, d.LugarExpedicion = "56", docXIQB, "56820"
	d.Lines = []cfdi.Line{line("80111600", "E48", "Servicio de diseño gráfico", "1", "8000.00", iva16, retISR125, retIVA)}
	return d
}

// dayTickets are a day's sales, one of them of high-calorie food with IEPS
// 8 % (broken down per ticket, like IVA).
func dayTickets() []cfdi.Ticket {
	t := tickets(7)
	t[1].Taxes = []cfdi.LineTax{ieps8, iva16}
	return t
}

// substitutePayment replaces an earlier receipt (TipoRelacion 04).
func substitutePayment() (*cfdi.Comprobante, error) {
	return cfdi.BuildPayment(&cfdi.PaymentDraft{Serie: "P", Folio: "3007", Fecha: "2026-11-23T09:00:00", LugarExpedicion: "42501",
		CfdiRelacionados: []cfdi.CfdiRelacionados{{TipoRelacion: "04", UUIDs: []string{"5C4B3A29-1807-4F6E-9D8C-7B6A59483726"}}},
		Emisor:           docEKU, Receptor: docCOSC,
		Payments: []cfdi.PaymentReceived{transfer("2026-11-10T12:00:00", "10000.00", paid(ppdInvoice(), uuidPPD, 1, "", "10000.00"))}})
}

func monthTickets() []cfdi.Ticket {
	t := tickets(12)
	t[2].Taxes = []cfdi.LineTax{exento}
	t[5].Descuento = dec("10.00")
	return t
}

func usdIncome() *cfdi.Draft {
	d := income("1003", "2026-11-04T15:00:00",
		line("43211503", "H87", "Notebook computer", "3", "899.99", iva16),
		line("81112200", "E48", "Software maintenance (annual)", "1", "1250.00", iva16))
	d.Moneda, d.TipoCambio, d.Receptor = "USD", "18.2530", docIIA
	return d
}

func border() *cfdi.Draft {
	d := income("1008", "2026-11-06T12:00:00",
		line("25172504", "H87", "Llanta 205/55 R16", "4", "1850.00", iva8),
		line("78181500", "E48", "Alineación y balanceo", "1", "650.00", iva8))
	d.LugarExpedicion = "22000"
	return d
}

func discounts() *cfdi.Draft {
	d := income("1009", "2026-11-06T13:00:00",
		line("52161557", "H87", "Control de videojuego", "4", "500.00", iva16),
		line("43211914", "H87", `Pantalla LED 32"`, "1", "3999.00", iva16),
		line("78121603", "E48", "Envío", "1", "150.00", iva16))
	d.Lines[0].Descuento = dec("250.00")
	d.Lines[1].Descuento = dec("399.90")
	return d
}

func thirdParty() *cfdi.Draft {
	d := income("1011", "2026-11-08T10:00:00",
		line("78111800", "E48", "Boleto de autobús por cuenta de tercero", "2", "650.00", iva16),
		line("80141600", "E48", "Comisión por venta", "1", "52.00", iva16))
	d.Lines[0].ACuentaTerceros = &cfdi.ACuentaTerceros{RfcACuentaTerceros: "XIA190128J61", NombreACuentaTerceros: "XENON INDUSTRIAL ARTICLES",
		RegimenFiscalACuentaTerceros: "601", DomicilioFiscalACuentaTerceros: "76343"}
	return d
}

func manyLines(n int) *cfdi.Draft {
	d := income("1012", "2026-11-09T10:00:00")
	for i := range n {
		l := line("31161500", "H87", fmt.Sprintf("Tornillo hexagonal %d mm", 3+i), fmt.Sprint(1+i%7), fmt.Sprintf("%d.%02d", 1+i/3, (i*37)%100), iva16)
		if i%10 == 9 {
			l.Taxes = []cfdi.LineTax{iva0}
		}
		l.NoIdentificacion = fmt.Sprintf("TH-%03d", i+1)
		d.Lines = append(d.Lines, l)
	}
	d.Receptor = docXIA
	return d
}

func yen() *cfdi.Draft {
	d := income("1013", "2026-11-09T11:00:00",
		line("60141000", "H87", "Figura coleccionable", "3", "4580", iva16),
		line("55101500", "H87", "Manga edición especial", "2", "1299", iva16))
	d.Moneda, d.TipoCambio, d.Receptor = "JPY", "0.1187", docIIA
	return d
}

func heIncome() *cfdi.Draft {
	d := income("1014", "2022-06-15T10:00:00",
		line("72151500", "E48", "Instalación eléctrica & herrería", "1", "15390.30", iva16))
	d.Emisor, d.Receptor, d.LugarExpedicion = docHE, docKIJ, "56820"
	return d
}

func objetoImp() *cfdi.Draft {
	d := income("1015", "2026-11-10T10:00:00",
		line("81111500", "E48", "Servicio gravado", "1", "1000.00", iva16),
		line("84111506", "ACT", "Cuota de recuperación (no objeto)", "1", "200.00"),
		line("80161500", "E48", "Servicio objeto, no obligado", "1", "300.00"))
	d.Lines[2].ObjetoImp = "03"
	return d
}

func customs() *cfdi.Draft {
	d := income("1016", "2026-11-10T11:00:00",
		line("23101500", "H87", "Torno importado", "1", "85000.00", iva16),
		line("80131500", "MON", "Arrendamiento de bodega", "1", "12000.00", iva16))
	d.Lines[0].InformacionAduanera = []string{"26  47  3807  6003832"}
	d.Lines[1].CuentaPredial = []string{"0123456789"}
	d.Receptor = docXIA
	return d
}
