package cfdi

import (
	"fmt"
	"strconv"
	"time"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// Problem is one failed rule: the SAT code, the field path and a message.
type Problem struct {
	// Code is the error-matrix code ("CFDI40108", "CFDI140226"), or for
	// checks outside the matrix: "XSD" (schema: required attribute, pattern,
	// length, pipe character), "RFC" (structure and check digit), "Pagos…"
	// for the payment complement (see validate_pagos.go).
	Code string
	// Path names the field: "Conceptos[0].Traslados[1].Importe".
	Path string
	// Message says what is wrong, in English.
	Message string
}

// String returns "code path: message".
func (p Problem) String() string {
	return p.Code + " " + p.Path + ": " + p.Message
}

// ValidateOptions holds the big catalogs, when they have been imported.
type ValidateOptions struct {
	// ClaveProdServ is the imported c_ClaveProdServ; nil checks the shape only
	// (8 digits) and leaves existence to the PAC (CFDI40162, CFDI40196).
	ClaveProdServ sat.Codes
	// CodigoPostal is the imported c_CodigoPostal; nil checks the shape only
	// (5 digits) (CFDI40126).
	CodigoPostal sat.Codes
	// ReferenceRates are the day's reference exchange rates (MXN per unit,
	// e.g. the Banco de México FIX) by currency. A TipoCambio further from
	// its reference than c_Moneda's porcentaje_variacion would need a
	// Confirmacion, which Sello refuses (CFDI40118). Nil skips the check.
	ReferenceRates map[string]decimal.Decimal
	// Now, when not zero, is the moment the document will be stamped: a
	// Fecha in the future or more than 72 hours before it is refused by
	// PACs (code "PAC401"). Fecha is read in Location.
	Now time.Time
	// Location is the time zone of LugarExpedicion; nil means
	// America/Mexico_City (UTC−6 when the zone database is unavailable).
	Location *time.Location
}

// Validate checks every rule that can be checked offline (the "checkable
// offline" codes of the SAT error matrix, the XSD shapes of attributes, the
// RFC check digits and the Pagos 2.0 amounts) and returns the problems, or
// nil when the document is valid. It does not check the seal (CFDI40102):
// Validate runs before sealing. Registry rules (the receptor's name, postal
// code and régimen, CFDI40143–40148) are left to the PAC.
func Validate(c *Comprobante, opts ValidateOptions) []Problem {
	if c == nil {
		return []Problem{{Code: "XSD", Path: "Comprobante", Message: "no document"}}
	}
	v := &valCtx{c: c, opts: opts, dec: int32(sat.CurrencyDecimals(c.Moneda))}
	for _, rule := range valRules {
		rule(v)
	}
	return v.problems
}

// valRules lists every rule in the order their problems are reported.
var valRules = []func(*valCtx){
	valRequired,
	valText,
	valFecha,
	valFechaWindow,
	valFormaPago,
	valMetodoPago,
	valCatalogsHeader,
	valLugarExpedicion,
	valMoneda,
	valTipoCambio,
	valConfirmacion,
	valExportacion,
	valRelacionados,
	valSubTotal,
	valDescuento,
	valTotal,
	valGlobal,
	valEmisor,
	valReceptor,
	valConceptos,
	valSummary,
	valPagos,
}

// valCtx carries the document and the problems found so far.
type valCtx struct {
	c        *Comprobante
	opts     ValidateOptions
	dec      int32 // decimals of the currency
	problems []Problem
	amounts  map[string]decimal.Decimal // parsed amounts, by their text
}

func (v *valCtx) add(code, path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Code: code, Path: path, Message: fmt.Sprintf(format, args...)})
}

// amount parses an amount; ok is false when it is absent or malformed
// (valRequired reports those, as XSD).
func (v *valCtx) amount(s string) (decimal.Decimal, bool) {
	if d, ok := v.amounts[s]; ok {
		return d, true
	}
	if s == "" || !calcAmountShape(s) {
		return decimal.Zero, false
	}
	d := calcAmount(s)
	if v.amounts == nil {
		v.amounts = make(map[string]decimal.Decimal, 64)
	}
	v.amounts[s] = d // decimals are immutable: sharing one is safe
	return d, true
}

// sumsApply reports whether the sums of SubTotal, Descuento and the summary
// apply: I, E and N documents.
func (v *valCtx) sumsApply() bool {
	t := v.c.TipoDeComprobante
	return t == "I" || t == "E" || t == "N"
}

// zeroTotals reports whether the document is a T or P, whose totals are 0.
func (v *valCtx) zeroTotals() bool {
	return v.c.TipoDeComprobante == "T" || v.c.TipoDeComprobante == "P"
}

// overDecimals reports whether a written amount has more decimals than
// the currency allows.
func (v *valCtx) overDecimals(s string) bool {
	return calcAmountShape(s) && calcDecimals(s) > v.dec
}

// valIdx returns name[i].
func valIdx(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}
