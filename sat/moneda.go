package sat

// Moneda is a row of c_Moneda: a currency, the number of decimals its
// amounts carry, and the allowed variation of TipoCambio in percent, as the
// catalog's text ("5"), used for the CFDI40118 limit.
type Moneda struct {
	Entry
	Decimals  int
	Variation string
}

// LookupMoneda finds a c_Moneda code.
func LookupMoneda(code string) (Moneda, bool) {
	return find(monedas[:], code, func(m *Moneda) string { return m.Code })
}

// CurrencyDecimals returns the decimals of a currency's amounts (MXN 2,
// JPY 0, CLF 4, XXX 0); 2 when the code is not in c_Moneda, so that callers
// can format before the code itself is reported as invalid (CFDI40113).
func CurrencyDecimals(code string) int {
	if m, ok := LookupMoneda(code); ok {
		return m.Decimals
	}
	return 2
}

// TipoDeComprobante is a row of c_TipoDeComprobante with its valor_maximo:
// the largest Total allowed without a Confirmacion (CFDI40120), as decimal text.
type TipoDeComprobante struct {
	Entry
	MaxValue string
}

// LookupTipoDeComprobante finds a c_TipoDeComprobante code (I, E, T, N, P).
func LookupTipoDeComprobante(code string) (TipoDeComprobante, bool) {
	return find(tiposDeComprobante[:], code, func(t *TipoDeComprobante) string { return t.Code })
}

// Motivo is a row of c_MotivoCancelacion: a cancellation reason and whether
// it needs a FolioSustitucion (only 01, "emitido con errores con relación").
type Motivo struct {
	Entry
	FolioSustitucion bool
}

// LookupMotivo finds a c_MotivoCancelacion code.
func LookupMotivo(code string) (Motivo, bool) {
	return find(motivos[:], code, func(m *Motivo) string { return m.Code })
}
