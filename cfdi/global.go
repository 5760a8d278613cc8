package cfdi

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// The generic recipient of a global invoice (Guía de llenado del CFDI
// global, nodo Receptor).
const (
	globalRfc     = "XAXX010101000"
	globalNombre  = "PUBLICO EN GENERAL"
	globalRegimen = "616"
	globalUso     = "S01"
)

// GlobalDraft is a global invoice to build: the sales to the general public
// of one period that were not invoiced individually (CFDI.md §9), one
// concept per ticket.
type GlobalDraft struct {
	Serie, Folio, Fecha, LugarExpedicion string
	// FormaPago defaults to the form of the ticket with the largest total
	// (guía, campo FormaPago).
	FormaPago string
	// Moneda defaults to MXN; TipoCambio is required for other currencies.
	Moneda, TipoCambio string
	Emisor             Emisor

	// Periodicidad (c_Periodicidad 01–05; 05 bimestral only for régimen
	// 621), Meses (01–12, or 13–18 for 05) and Año (the year of Fecha or the
	// one before) identify the period (CFDI40131–CFDI40136).
	Periodicidad, Meses, Año string

	Tickets []Ticket
	// ConceptDecimals is passed to Compute (nil: the currency's decimals).
	ConceptDecimals *int32
}

// Ticket is one sale to the general public, written as one concept:
// 01010101 / ACT / "Venta" / Cantidad 1, with its number as NoIdentificacion
// and its own taxes.
type Ticket struct {
	Number    string          // the ticket or operation number (1–100 characters)
	FormaPago string          // how the ticket was paid (c_FormaPago)
	Subtotal  decimal.Decimal // the ticket's amount before taxes: ValorUnitario
	Descuento decimal.Decimal
	// ObjetoImp defaults to "02" when Taxes is not empty and "01" otherwise.
	ObjetoImp string
	Taxes     []LineTax
}

// BuildGlobal computes a global invoice (type I, PUE, receptor
// XAXX010101000 / PUBLICO EN GENERAL / 616 / S01 at LugarExpedicion) from the
// tickets of a period, through Compute. The result is not sealed. Errors are
// *ComputeError with the path of the field.
func BuildGlobal(d *GlobalDraft) (*Comprobante, error) {
	if err := globalPeriod(d); err != nil {
		return nil, err
	}
	if len(d.Tickets) == 0 {
		return nil, calcErrorf("Tickets", "a global invoice needs at least one ticket")
	}
	moneda := d.Moneda
	if moneda == "" {
		moneda = "MXN"
	}
	draft := &Draft{
		Serie: d.Serie, Folio: d.Folio, Fecha: d.Fecha, FormaPago: d.FormaPago,
		Moneda: moneda, TipoCambio: d.TipoCambio,
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: d.LugarExpedicion,
		InformacionGlobal: &InformacionGlobal{Periodicidad: d.Periodicidad, Meses: d.Meses, Año: d.Año},
		Emisor:            d.Emisor,
		Receptor: Receptor{Rfc: globalRfc, Nombre: globalNombre, DomicilioFiscalReceptor: d.LugarExpedicion,
			RegimenFiscalReceptor: globalRegimen, UsoCFDI: globalUso},
		Lines:           make([]Line, len(d.Tickets)),
		ConceptDecimals: d.ConceptDecimals,
	}
	for i, t := range d.Tickets {
		if t.Number == "" {
			return nil, calcErrorf(fmt.Sprintf("Tickets[%d].Number", i), "a ticket needs its number")
		}
		if !t.Subtotal.IsPositive() {
			return nil, calcErrorf(fmt.Sprintf("Tickets[%d].Subtotal", i), "must be greater than 0")
		}
		draft.Lines[i] = Line{
			ClaveProdServ: "01010101", NoIdentificacion: t.Number, ClaveUnidad: "ACT", Descripcion: "Venta",
			ObjetoImp: t.ObjetoImp, Cantidad: decimal.NewFromInt(1), ValorUnitario: t.Subtotal,
			Descuento: t.Descuento, Taxes: t.Taxes,
		}
	}
	c, err := Compute(draft)
	if err != nil {
		return nil, err
	}
	if c.FormaPago == "" {
		c.FormaPago = globalFormaPago(c, d.Tickets)
	}
	return c, nil
}

// globalPeriod checks InformacionGlobal against the guía.
func globalPeriod(d *GlobalDraft) error {
	per, _ := strconv.Atoi(d.Periodicidad)
	if len(d.Periodicidad) != 2 || per < 1 || per > 5 {
		return calcErrorf("Periodicidad", "CFDI40131: %q is not in c_Periodicidad (01–05)", d.Periodicidad)
	}
	if d.Periodicidad == "05" && d.Emisor.RegimenFiscal != "621" {
		return calcErrorf("Periodicidad", "CFDI40132: 05 (bimestral) is only for régimen 621, not %q", d.Emisor.RegimenFiscal)
	}
	lo, hi := 1, 12
	if d.Periodicidad == "05" {
		lo, hi = 13, 18
	}
	m, _ := strconv.Atoi(d.Meses)
	if len(d.Meses) != 2 || m < lo || m > hi {
		return calcErrorf("Meses", "CFDI40134/CFDI40135: %q must be between %02d and %02d with Periodicidad %s", d.Meses, lo, hi, d.Periodicidad)
	}
	year, _ := strconv.Atoi(d.Año)
	fy := 0
	if len(d.Fecha) >= 4 {
		fy, _ = strconv.Atoi(d.Fecha[:4])
	}
	if len(d.Año) != 4 || (year != fy && year != fy-1) {
		return calcErrorf("Año", "CFDI40136: %q must be the year of Fecha or the one before", d.Año)
	}
	return nil
}

// globalFormaPago is the form of payment of the ticket with the largest
// total (the first one on a tie), or "" when tickets carry none.
func globalFormaPago(c *Comprobante, tickets []Ticket) string {
	best, forma := decimal.Zero, ""
	for i := range c.Conceptos {
		total := conceptTotal(&c.Conceptos[i])
		if tickets[i].FormaPago != "" && (forma == "" || total.GreaterThan(best)) {
			best, forma = total, tickets[i].FormaPago
		}
	}
	return forma
}

// conceptTotal is Importe − Descuento + transfers − withholdings.
func conceptTotal(k *Concepto) decimal.Decimal {
	num := func(s string) decimal.Decimal {
		v, _ := decimal.NewFromString(s)
		return v
	}
	t := num(k.Importe).Sub(num(k.Descuento))
	for _, x := range k.Traslados {
		t = t.Add(num(x.Importe))
	}
	for _, x := range k.Retenciones {
		t = t.Sub(num(x.Importe))
	}
	return t
}
