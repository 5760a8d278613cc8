package pdf

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// coded prints a catalog code with its description ("601 - General de Ley
// Personas Morales"), the code alone when the catalog does not know it, and
// "" for an absent code.
func coded(c sat.Catalog, code string) string {
	if code == "" {
		return ""
	}
	d := strings.TrimSuffix(sat.Description(c, code), ".")
	if d == "" {
		return code
	}
	return code + " - " + d
}

// taxName is ISR, IVA or IEPS for the c_Impuesto codes, else the code.
func taxName(code string) string {
	if d := sat.Description(sat.Impuesto, code); d != "" {
		return d
	}
	return code
}

// taxRate describes a tax by name, factor and rate: "IVA 16%", "ISR
// 10.6667%", "IEPS cuota 6.455500", "IVA exento". The rate is shown as
// given when it is not a decimal.
func taxRate(impuesto, factor, tasa string) string {
	name := taxName(impuesto)
	switch factor {
	case "Exento":
		return name + " exento"
	case "Cuota":
		return name + " cuota " + tasa
	case "":
		return name
	}
	d, err := decimal.NewFromString(tasa)
	if err != nil || !plainDecimal(tasa) {
		return name + " " + tasa
	}
	return name + " " + d.Shift(2).String() + "%"
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
