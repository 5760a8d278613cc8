package cfdi

import (
	"strconv"

	"github.com/sello-mx/sello/sat"
)

// Names and RFCs with rules of their own.
const (
	valNombrePublico = "PUBLICO EN GENERAL"
	// valRfcTercerosExt is the RfcACuentaTerceros of foreign third parties
	// (CFDI140223).
	valRfcTercerosExt = "EXT990101NI1"
)

// valGlobal is CFDI40130–40136, the global invoice's InformacionGlobal.
func valGlobal(v *valCtx) {
	c := v.c
	g := c.InformacionGlobal
	if g == nil {
		if c.TipoDeComprobante == "I" && c.Receptor.Rfc == sat.PublicoEnGeneral && c.Receptor.Nombre == valNombrePublico {
			v.add("CFDI40130", "InformacionGlobal", "is required for an Ingreso to XAXX010101000 PUBLICO EN GENERAL")
		}
		return
	}
	v.catalog("CFDI40131", "InformacionGlobal.Periodicidad", g.Periodicidad, sat.Periodicidad)
	if g.Periodicidad == "05" && c.Emisor.RegimenFiscal != "621" {
		v.add("CFDI40132", "InformacionGlobal.Periodicidad", "05 (bimestral) requires Emisor RegimenFiscal 621, got %q", c.Emisor.RegimenFiscal)
	}
	v.catalog("CFDI40133", "InformacionGlobal.Meses", g.Meses, sat.Meses)
	if m, err := strconv.Atoi(g.Meses); err == nil && len(g.Meses) == 2 {
		if g.Periodicidad == "05" && (m < 13 || m > 18) {
			v.add("CFDI40135", "InformacionGlobal.Meses", "must be 13–18 when Periodicidad is 05, got %q", g.Meses)
		}
		if g.Periodicidad != "05" && (m < 1 || m > 12) {
			v.add("CFDI40134", "InformacionGlobal.Meses", "must be 01–12 when Periodicidad is not 05, got %q", g.Meses)
		}
	}
	valAño(v, g.Año)
}

// valAño is CFDI40136, by the global-invoice guía: the year of Fecha or the
// year before (the matrix text allows up to five previous years).
func valAño(v *valCtx, año string) {
	if !valFechaOK(v.c.Fecha) || len(año) != 4 {
		return
	}
	y, err := strconv.Atoi(año)
	if err != nil {
		return
	}
	fy, _ := strconv.Atoi(v.c.Fecha[:4])
	if y != fy && y != fy-1 {
		v.add("CFDI40136", "InformacionGlobal.Año", "must be %d or %d (the year of Fecha or the one before), got %q", fy, fy-1, año)
	}
}
