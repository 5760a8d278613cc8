package pdf

import "strings"

const (
	thousand = 1_000
	million  = 1_000_000
)

// numberWords writes n (below 10^12) in Spanish words, upper case. With
// apocope, as before a masculine noun, a final one is "UN" (VEINTIÚN,
// TREINTA Y UN); otherwise it is "UNO". Before MIL and MILLONES it is
// always apocopated.
func numberWords(n uint64, apocope bool) string {
	if n == 0 {
		return "CERO"
	}
	var parts []string
	if m := n / million; m == 1 {
		parts = append(parts, "UN MILLÓN")
	} else if m > 1 {
		parts = append(parts, belowMillion(m, true)+" MILLONES")
	}
	if r := n % million; r > 0 {
		parts = append(parts, belowMillion(r, apocope))
	}
	return strings.Join(parts, " ")
}

// belowMillion writes 1 ≤ n < 10^6: MIL alone for one thousand.
func belowMillion(n uint64, apocope bool) string {
	var parts []string
	if th := n / thousand; th == 1 {
		parts = append(parts, "MIL")
	} else if th > 1 {
		parts = append(parts, belowThousand(th, true)+" MIL")
	}
	if u := n % thousand; u > 0 {
		parts = append(parts, belowThousand(u, apocope))
	}
	return strings.Join(parts, " ")
}

var hundreds = [...]string{"", "CIENTO", "DOSCIENTOS", "TRESCIENTOS", "CUATROCIENTOS",
	"QUINIENTOS", "SEISCIENTOS", "SETECIENTOS", "OCHOCIENTOS", "NOVECIENTOS"}

// belowThousand writes 1 ≤ n < 1000: CIEN for exactly one hundred, CIENTO
// before more.
func belowThousand(n uint64, apocope bool) string {
	if n == 100 {
		return "CIEN"
	}
	h, rest := n/100, n%100
	switch {
	case h == 0:
		return belowHundred(rest, apocope)
	case rest == 0:
		return hundreds[h]
	}
	return hundreds[h] + " " + belowHundred(rest, apocope)
}

var small = [...]string{"", "UNO", "DOS", "TRES", "CUATRO", "CINCO", "SEIS", "SIETE",
	"OCHO", "NUEVE", "DIEZ", "ONCE", "DOCE", "TRECE", "CATORCE", "QUINCE", "DIECISÉIS",
	"DIECISIETE", "DIECIOCHO", "DIECINUEVE", "VEINTE", "VEINTIUNO", "VEINTIDÓS",
	"VEINTITRÉS", "VEINTICUATRO", "VEINTICINCO", "VEINTISÉIS", "VEINTISIETE",
	"VEINTIOCHO", "VEINTINUEVE"}

var tens = [...]string{"", "", "", "TREINTA", "CUARENTA", "CINCUENTA", "SESENTA",
	"SETENTA", "OCHENTA", "NOVENTA"}

// belowHundred writes 1 ≤ n < 100: one word up to 29, then "TREINTA Y
// UNO" and so on.
func belowHundred(n uint64, apocope bool) string {
	if n < 30 {
		switch {
		case apocope && n == 1:
			return "UN"
		case apocope && n == 21:
			return "VEINTIÚN"
		}
		return small[n]
	}
	t, u := n/10, n%10
	if u == 0 {
		return tens[t]
	}
	return tens[t] + " Y " + belowHundred(u, apocope)
}
