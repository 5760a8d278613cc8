package sello

import (
	"strings"

	"github.com/sello-mx/sello/sat"
)

// TasaOCuota names the c_TasaOCuota catalog, built in as rules
// (sat.TasaOCuotaRules) rather than codes.
const TasaOCuota = "c_TasaOCuota"

// builtinEntries returns a built-in catalog as CatalogEntry values, with the
// extra columns under the SAT CSV header names, like an imported catalog.
// ok is false when the catalog is not built in.
func builtinEntries(name string) ([]CatalogEntry, bool) {
	if name == TasaOCuota {
		return tasaOCuotaEntries(), true
	}
	c, ok := sat.ParseCatalog(name)
	if !ok || string(c) != name {
		return nil, false
	}
	rows := sat.Entries(c)
	out := make([]CatalogEntry, len(rows))
	for i, e := range rows {
		out[i] = CatalogEntry{Code: e.Code, Description: e.Description, From: e.From, To: e.To, Extra: builtinExtra(c, e.Code)}
	}
	return out, true
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// builtinExtra returns the extra columns of a built-in row.
func builtinExtra(c sat.Catalog, code string) map[string]string {
	switch c {
	case sat.RegimenFiscal:
		r, _ := sat.LookupRegimen(code)
		return map[string]string{"aplica_fisica": flag(r.Fisica), "aplica_moral": flag(r.Moral)}
	case sat.UsoCFDI:
		u, _ := sat.LookupUso(code)
		return map[string]string{"aplica_fisica": flag(u.Fisica), "aplica_moral": flag(u.Moral),
			"regimenes_fiscales_receptores": strings.Join(u.Regimenes, ",")}
	case sat.MonedaCatalog:
		m, _ := sat.LookupMoneda(code)
		return map[string]string{"decimales": itoa(m.Decimals), "porcentaje_variacion": m.Variation}
	case sat.FormaPagoCatalog:
		f, _ := sat.LookupFormaPago(code)
		return map[string]string{"es_bancarizado": f.Bancarizado, "requiere_numero_operacion": f.NumOperacion,
			"patron_cuenta_ordenante": f.PatronCtaOrdenante, "patron_cuenta_beneficiario": f.PatronCtaBeneficiario}
	case sat.TipoDeComprobanteCatalog:
		t, _ := sat.LookupTipoDeComprobante(code)
		return map[string]string{"valor_maximo": t.MaxValue}
	case sat.MotivoCancelacion:
		m, _ := sat.LookupMotivo(code)
		return map[string]string{"requiere_folio_sustitucion": flag(m.FolioSustitucion)}
	}
	return map[string]string{}
}

var impuestoNames = map[string]string{"001": "ISR", "002": "IVA", "003": "IEPS"}

// tasaOCuotaEntries renders the c_TasaOCuota rules as entries whose code is
// "<tax>|<factor>|<Fijo or Rango>|<value>" (API.md §12).
func tasaOCuotaEntries() []CatalogEntry {
	var out []CatalogEntry
	for _, r := range sat.TasaOCuotaRules() {
		kind := "Fijo"
		if r.Range {
			kind = "Rango"
		}
		tax := impuestoNames[r.Impuesto]
		code := tax + "|" + r.Factor + "|" + kind + "|" + r.Value
		out = append(out, CatalogEntry{Code: code, Description: code, From: r.From, To: r.To, Extra: map[string]string{
			"tipo": kind, "minimo": r.Min, "valor": r.Value, "impuesto": tax, "factor": r.Factor,
			"traslado": flag(r.Traslado), "retencion": flag(r.Retencion)}})
	}
	sortEntries(out)
	return out
}
