package sat

import "slices"

// TasaOCuotaRule is a row of c_TasaOCuota: for a tax (c_Impuesto code) and a
// factor (Tasa or Cuota), either one fixed value or a range from Min to Value,
// and whether it applies to transfers (Traslado), retentions (Retencion) or
// both. Values are decimal text with 6 decimals.
type TasaOCuotaRule struct {
	Impuesto     string // c_Impuesto code: 001 ISR, 002 IVA, 003 IEPS
	ImpuestoText string // the catalog's own text, e.g. "IVA Crédito aplicado del 50%"
	Factor       string // Tasa or Cuota
	Range        bool   // Min ≤ value ≤ Value; otherwise value = Value
	Min          string
	Value        string
	Traslado     bool
	Retencion    bool
	From, To     string // validity, YYYY-MM-DD or ""
}

// TasaOCuotaRules returns a copy of the c_TasaOCuota rules.
func TasaOCuotaRules() []TasaOCuotaRule { return slices.Clone(tasaOCuotaRules[:]) }

// TasaOCuotaAllowed reports whether value (exactly 6 decimals, "0.160000")
// is a c_TasaOCuota value for the tax and factor, in a transfer (traslado)
// or a retention (CFDI40179, CFDI40185). impuesto is a c_Impuesto code (002)
// or its name (IVA). Exento has no TasaOCuota and is never allowed here.
// Validity dates are not checked: see TasaOCuotaAllowedAt.
func TasaOCuotaAllowed(impuesto, factor, value string, traslado bool) bool {
	return TasaOCuotaAllowedAt(impuesto, factor, value, traslado, "")
}

// TasaOCuotaAllowedAt is TasaOCuotaAllowed for a document dated date
// (YYYY-MM-DD…, "" to skip the date check).
func TasaOCuotaAllowedAt(impuesto, factor, value string, traslado bool, date string) bool {
	imp := impuestoCode(impuesto)
	v, ok := micros(value)
	if imp == "" || !ok {
		return false
	}
	for _, r := range tasaOCuotaRules {
		if r.Impuesto != imp || r.Factor != factor || (traslado && !r.Traslado) || (!traslado && !r.Retencion) {
			continue
		}
		if !(Entry{From: r.From, To: r.To}).ValidAt(date) {
			continue
		}
		hi, _ := micros(r.Value)
		if !r.Range {
			if v == hi {
				return true
			}
			continue
		}
		if lo, _ := micros(r.Min); lo <= v && v <= hi {
			return true
		}
	}
	return false
}

// impuestoCode accepts a c_Impuesto code or its name and returns the code.
func impuestoCode(s string) string {
	switch s {
	case "001", "ISR":
		return "001"
	case "002", "IVA":
		return "002"
	case "003", "IEPS":
		return "003"
	}
	return ""
}

// micros parses a non-negative decimal with exactly 6 decimals into
// millionths. It refuses anything else, including more than 12 integer digits.
func micros(s string) (int64, bool) {
	n := len(s)
	if n < 8 || n > 19 || s[n-7] != '.' {
		return 0, false
	}
	var v int64
	for i := 0; i < n; i++ {
		if i == n-7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}
