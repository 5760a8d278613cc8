package cfdi

import (
	"unicode/utf8"

	"github.com/sello-mx/sello/sat"
)

// valRFC checks an RFC's structure, date and check digit (code "RFC").
// Generic RFCs are accepted only where generic is true.
func (v *valCtx) rfc(path, rfc string, generic bool) {
	if rfc == "" {
		return // reported as missing
	}
	r, err := sat.ParseRFC(rfc)
	switch {
	case err != nil:
		v.add("RFC", path, "%q is not a valid RFC: %v", rfc, err)
	case r.Generic() && !generic:
		v.add("RFC", path, "the generic RFC %s cannot be used here", rfc)
	}
}

// valFisica reports whether an RFC is a persona física's: 13 characters.
func valFisica(rfc string) bool {
	return utf8.RuneCountInString(rfc) == 13
}

// valRegimen is the catalog rule (CFDI40140 / 40157) and the person-type rule
// (CFDI40141 / 40158) of a régimen fiscal.
func (v *valCtx) regimen(catCode, typeCode, path, regimen, rfc string) {
	if regimen == "" {
		return
	}
	if !v.inCatalog(sat.RegimenFiscal, regimen) {
		v.add(catCode, path, "%q is not in c_RegimenFiscal", regimen)
		return
	}
	if rfc != "" && !sat.RegimenAllowed(regimen, valFisica(rfc)) {
		kind := "moral"
		if valFisica(rfc) {
			kind = "física"
		}
		v.add(typeCode, path, "régimen %s does not apply to a persona %s (%s)", regimen, kind, rfc)
	}
}

// valEmisor is the RFC check, CFDI40140 and CFDI40141.
func valEmisor(v *valCtx) {
	e := v.c.Emisor
	v.rfc("Emisor.Rfc", e.Rfc, false)
	v.regimen("CFDI40140", "CFDI40141", "Emisor.RegimenFiscal", e.RegimenFiscal, e.Rfc)
}

// valReceptor is the RFC check and the receptor rules that need no registry:
// CFDI40146, 40149–40154 (generic and foreign receptors), 40157–40159
// (régimen) and 40160–40161 (UsoCFDI).
func valReceptor(v *valCtx) {
	c := v.c
	r := c.Receptor
	generic := r.Rfc == sat.PublicoEnGeneral || r.Rfc == sat.Extranjero
	foreign := r.Rfc == sat.Extranjero
	v.rfc("Receptor.Rfc", r.Rfc, true)
	if r.Nombre == valNombrePublico && r.Rfc != sat.PublicoEnGeneral {
		v.add("CFDI40146", "Receptor.Rfc", "must be XAXX010101000 when Nombre is PUBLICO EN GENERAL")
	}
	if generic && r.DomicilioFiscalReceptor != "" && r.DomicilioFiscalReceptor != c.LugarExpedicion {
		v.add("CFDI40149", "Receptor.DomicilioFiscalReceptor", "must equal LugarExpedicion %q for the generic RFC %s", c.LugarExpedicion, r.Rfc)
	}
	valResidencia(v, foreign)
	v.regimen("CFDI40157", "CFDI40158", "Receptor.RegimenFiscalReceptor", r.RegimenFiscalReceptor, r.Rfc)
	if generic && r.RegimenFiscalReceptor != "" && r.RegimenFiscalReceptor != "616" {
		v.add("CFDI40159", "Receptor.RegimenFiscalReceptor", "must be 616 for the generic RFC %s", r.Rfc)
	}
	if r.UsoCFDI == "" {
		return
	}
	if !v.inCatalog(sat.UsoCFDI, r.UsoCFDI) {
		v.add("CFDI40160", "Receptor.UsoCFDI", "%q is not in c_UsoCFDI", r.UsoCFDI)
		return
	}
	if r.Rfc != "" && r.RegimenFiscalReceptor != "" && !sat.UsoAllowed(r.UsoCFDI, r.RegimenFiscalReceptor, valFisica(r.Rfc)) {
		v.add("CFDI40161", "Receptor.UsoCFDI", "%s does not apply to this person type with régimen %s", r.UsoCFDI, r.RegimenFiscalReceptor)
	}
}

// valResidencia is CFDI40150–40154: ResidenciaFiscal and NumRegIdTrib only
// for foreign receptors (XEXX010101000).
func valResidencia(v *valCtx, foreign bool) {
	r := v.c.Receptor
	if r.ResidenciaFiscal != "" {
		v.catalog("CFDI40150", "Receptor.ResidenciaFiscal", r.ResidenciaFiscal, sat.Pais)
		if !foreign {
			v.add("CFDI40151", "Receptor.ResidenciaFiscal", "must be absent for a registered or generic national RFC")
		}
		if r.ResidenciaFiscal == "MEX" {
			v.add("CFDI40152", "Receptor.ResidenciaFiscal", "cannot be MEX")
		}
	}
	if r.NumRegIdTrib != "" {
		if !foreign {
			v.add("CFDI40154", "Receptor.NumRegIdTrib", "must be absent for a registered or generic national RFC")
		} else if r.ResidenciaFiscal == "" {
			v.add("CFDI40153", "Receptor.ResidenciaFiscal", "is required when NumRegIdTrib is given")
		}
	}
}
