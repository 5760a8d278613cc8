package sat

import (
	"slices"
	"strings"
)

// Entry is one row of a SAT catalog: its code, its description and the dates
// (YYYY-MM-DD, inclusive) between which the code may be used. An empty From or
// To means the row is not bounded on that side.
type Entry struct {
	Code        string
	Description string
	From        string
	To          string
}

// ValidAt reports whether the entry may be used in a document dated date
// (YYYY-MM-DD, optionally followed by a time as in a CFDI Fecha). Catalog
// codes are checked against the document's Fecha, not against today. An empty
// date skips the check; a date too short to hold YYYY-MM-DD is not valid.
func (e Entry) ValidAt(date string) bool {
	if date == "" {
		return true
	}
	if len(date) < 10 {
		return false
	}
	d := date[:10]
	return (e.From == "" || e.From <= d) && (e.To == "" || d <= e.To)
}

// Catalog names a SAT catalog; its value is the SAT's name ("c_MetodoPago").
type Catalog string

// The catalogs built into the package. The catalogs with extra columns have
// their own types (Regimen, Uso, Moneda, FormaPago, TipoDeComprobante,
// Motivo); their constants carry a suffix where the plain name is the type's.
const (
	Aduana                   Catalog = "c_Aduana"
	ClaveUnidad              Catalog = "c_ClaveUnidad"
	Estado                   Catalog = "c_Estado"
	Exportacion              Catalog = "c_Exportacion"
	FormaPagoCatalog         Catalog = "c_FormaPago"
	Impuesto                 Catalog = "c_Impuesto"
	Meses                    Catalog = "c_Meses"
	MetodoPago               Catalog = "c_MetodoPago"
	MonedaCatalog            Catalog = "c_Moneda"
	MotivoCancelacion        Catalog = "c_MotivoCancelacion"
	ObjetoImp                Catalog = "c_ObjetoImp"
	Pais                     Catalog = "c_Pais"
	Periodicidad             Catalog = "c_Periodicidad"
	RegimenFiscal            Catalog = "c_RegimenFiscal"
	TipoCadenaPago           Catalog = "c_TipoCadenaPago"
	TipoDeComprobanteCatalog Catalog = "c_TipoDeComprobante"
	TipoFactor               Catalog = "c_TipoFactor"
	TipoRelacion             Catalog = "c_TipoRelacion"
	UsoCFDI                  Catalog = "c_UsoCFDI"
)

// Catalogs returns every built-in catalog, sorted by name. c_TasaOCuota is
// not among them because its rows are rules, not codes (see TasaOCuotaRules).
func Catalogs() []Catalog {
	return []Catalog{
		Aduana, ClaveUnidad, Estado, Exportacion, FormaPagoCatalog, Impuesto, Meses,
		MetodoPago, MonedaCatalog, MotivoCancelacion, ObjetoImp, Pais, Periodicidad,
		RegimenFiscal, TipoCadenaPago, TipoDeComprobanteCatalog, TipoFactor,
		TipoRelacion, UsoCFDI,
	}
}

// ParseCatalog returns the built-in catalog named name, with or without the
// "c_" prefix ("c_UsoCFDI" or "UsoCFDI"), as the catalogs API names them.
func ParseCatalog(name string) (Catalog, bool) {
	if !strings.HasPrefix(name, "c_") {
		name = "c_" + name
	}
	for _, c := range Catalogs() {
		if string(c) == name {
			return c, true
		}
	}
	return "", false
}

// Description returns the description of a code in a catalog, or "" when
// the code is not there; for printing a code next to its meaning.
func Description(c Catalog, code string) string {
	e, _ := Lookup(c, code)
	return e.Description
}

// Lookup finds a code in any built-in catalog. It does not check validity
// dates: use Entry.ValidAt with the document's Fecha.
func Lookup(c Catalog, code string) (Entry, bool) {
	switch c {
	case RegimenFiscal:
		r, ok := LookupRegimen(code)
		return r.Entry, ok
	case UsoCFDI:
		u, ok := LookupUso(code)
		return u.Entry, ok
	case MonedaCatalog:
		m, ok := LookupMoneda(code)
		return m.Entry, ok
	case FormaPagoCatalog:
		f, ok := LookupFormaPago(code)
		return f.Entry, ok
	case TipoDeComprobanteCatalog:
		t, ok := LookupTipoDeComprobante(code)
		return t.Entry, ok
	case MotivoCancelacion:
		m, ok := LookupMotivo(code)
		return m.Entry, ok
	}
	return find(plainEntries(c), code, func(e *Entry) string { return e.Code })
}

// Entries returns a copy of a catalog's rows sorted by code, or nil for an
// unknown catalog.
func Entries(c Catalog) []Entry {
	switch c {
	case RegimenFiscal:
		return entriesOf(regimenes[:], func(r *Regimen) Entry { return r.Entry })
	case UsoCFDI:
		return entriesOf(usos[:], func(u *Uso) Entry { return u.Entry })
	case MonedaCatalog:
		return entriesOf(monedas[:], func(m *Moneda) Entry { return m.Entry })
	case FormaPagoCatalog:
		return entriesOf(formasPago[:], func(f *FormaPago) Entry { return f.Entry })
	case TipoDeComprobanteCatalog:
		return entriesOf(tiposDeComprobante[:], func(t *TipoDeComprobante) Entry { return t.Entry })
	case MotivoCancelacion:
		return entriesOf(motivos[:], func(m *Motivo) Entry { return m.Entry })
	}
	return slices.Clone(plainEntries(c))
}

// find binary-searches rows sorted by code (the generator sorts them). It
// hands key a pointer into rows, so a lookup allocates nothing.
func find[T any](rows []T, code string, key func(*T) string) (T, bool) {
	lo, hi := 0, len(rows)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if key(&rows[m]) < code {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(rows) && key(&rows[lo]) == code {
		return rows[lo], true
	}
	var zero T
	return zero, false
}

func entriesOf[T any](rows []T, entry func(*T) Entry) []Entry {
	out := make([]Entry, len(rows))
	for i := range rows {
		out[i] = entry(&rows[i])
	}
	return out
}
