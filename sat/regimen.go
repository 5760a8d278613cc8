package sat

import "slices"

// Regimen is a row of c_RegimenFiscal: a tax regime and the person types
// (física, moral) that may be registered under it.
type Regimen struct {
	Entry
	Fisica bool
	Moral  bool
}

// Uso is a row of c_UsoCFDI: what the receptor will use the CFDI for, the
// person types it applies to, and the receptor regimes (c_RegimenFiscal codes,
// sorted) it is allowed with.
type Uso struct {
	Entry
	Fisica    bool
	Moral     bool
	Regimenes []string
}

// LookupRegimen finds a c_RegimenFiscal code.
func LookupRegimen(code string) (Regimen, bool) {
	return find(regimenes[:], code, func(r *Regimen) string { return r.Code })
}

// LookupUso finds a c_UsoCFDI code. The returned Regimenes slice is shared:
// do not modify it.
func LookupUso(code string) (Uso, bool) {
	return find(usos[:], code, func(u *Uso) string { return u.Code })
}

// RegimenAllowed reports whether regimen is a c_RegimenFiscal code that
// applies to the person type (física when fisica, else moral).
// CFDI40140/40141 for the emisor, CFDI40157/40158 for the receptor.
func RegimenAllowed(regimen string, fisica bool) bool {
	r, ok := LookupRegimen(regimen)
	return ok && applies(r.Fisica, r.Moral, fisica)
}

// UsoAllowed reports whether uso is a c_UsoCFDI code that applies to the
// receptor's person type and lists the receptor's regimen among its
// regimenes_fiscales_receptores (CFDI40160/40161). It does not check that the
// regimen itself fits the person type: that is RegimenAllowed.
func UsoAllowed(uso, regimen string, fisica bool) bool {
	u, ok := LookupUso(uso)
	if !ok || !applies(u.Fisica, u.Moral, fisica) {
		return false
	}
	_, found := slices.BinarySearch(u.Regimenes, regimen)
	return found
}

func applies(forFisica, forMoral, fisica bool) bool {
	if fisica {
		return forFisica
	}
	return forMoral
}
