package sat

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The generic RFCs of CFDI 4.0 (CFDI.md §3.3).
const (
	// PublicoEnGeneral is the receptor RFC of sales to the general public in
	// Mexico (global invoices). It does not satisfy the check digit.
	PublicoEnGeneral = "XAXX010101000"
	// Extranjero is the receptor RFC of foreign customers without a Mexican RFC.
	Extranjero = "XEXX010101000"
)

// The parts of an RFC that ParseRFC reports as wrong; test with errors.Is.
var (
	ErrRFCLength     = errors.New("an RFC has 12 characters (persona moral) or 13 (persona física)")
	ErrRFCName       = errors.New("the name part must be 3 (moral) or 4 (física) letters A-Z, Ñ or &")
	ErrRFCDate       = errors.New("the date part must be a real date YYMMDD")
	ErrRFCHomoclave  = errors.New("the homoclave must be 2 characters A-Z or 0-9")
	ErrRFCCheckDigit = errors.New("the check digit is wrong")
)

// RFC is a Registro Federal de Contribuyentes, the Mexican tax id, as
// checked by ParseRFC: upper case, 12 characters for a persona moral and 13
// for a persona física (characters, not bytes: Ñ takes two bytes).
type RFC string

// ParseRFC checks s against the SAT's t_RFC pattern
// ([A-Z&Ñ]{3,4} YYMMDD [A-Z0-9]{2} [0-9A]), checks that YYMMDD is a real
// date in 19YY or 20YY, and checks the final digit (CheckDigit).
// PublicoEnGeneral and Extranjero are accepted as they are.
//
// Lower case is rejected, not fixed: the XSD allows only upper case, and
// the RFC that is stored must be the one that goes into the XML. Callers
// handling user input call NormalizeRFC first.
func ParseRFC(s string) (RFC, error) {
	if s == PublicoEnGeneral || s == Extranjero {
		return RFC(s), nil
	}
	r := []rune(s)
	n := len(r)
	if n != 12 && n != 13 {
		return "", rfcErr(s, ErrRFCLength, fmt.Sprintf("it has %d", n))
	}
	name := n - 9
	for _, c := range r[:name] {
		if !rfcLetter(c) {
			return "", rfcErr(s, ErrRFCName, fmt.Sprintf("%q is not allowed%s", c, caseHint(c)))
		}
	}
	if err := rfcDate(r[name : name+6]); err != "" {
		return "", rfcErr(s, ErrRFCDate, err)
	}
	for _, c := range r[n-3 : n-1] {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", rfcErr(s, ErrRFCHomoclave, fmt.Sprintf("%q is not allowed%s", c, caseHint(c)))
		}
	}
	got, size := utf8.DecodeLastRuneInString(s)
	if want, _ := CheckDigit(s[:len(s)-size]); got != want {
		return "", rfcErr(s, ErrRFCCheckDigit, fmt.Sprintf("it is %q, want %q", got, want))
	}
	return RFC(s), nil
}

// NormalizeRFC prepares user input for ParseRFC: it removes spaces and
// hyphens ("EKU-900317-3C9") and upper-cases, so "ñ" becomes "Ñ".
func NormalizeRFC(s string) string {
	s = strings.Map(func(c rune) rune {
		if c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			return -1
		}
		return c
	}, s)
	return strings.ToUpper(s)
}

func rfcErr(s string, part error, detail string) error {
	return fmt.Errorf("RFC %q: %w: %s", s, part, detail)
}

func caseHint(c rune) string {
	if c >= 'a' && c <= 'z' || c == 'ñ' {
		return " (RFCs are upper case)"
	}
	return ""
}

func rfcLetter(c rune) bool { return c >= 'A' && c <= 'Z' || c == '&' || c == 'Ñ' }

// rfcDate checks YYMMDD and returns what is wrong with it, or "".
func rfcDate(d []rune) string {
	for _, c := range d {
		if c < '0' || c > '9' {
			return fmt.Sprintf("%q is not 6 digits", string(d))
		}
	}
	yy := int(d[0]-'0')*10 + int(d[1]-'0')
	mm := int(d[2]-'0')*10 + int(d[3]-'0')
	dd := int(d[4]-'0')*10 + int(d[5]-'0')
	if mm < 1 || mm > 12 {
		return fmt.Sprintf("month %02d", mm)
	}
	// A YY is read as 19YY or 20YY; the two differ in leap years only for 00
	// (1900 is not a leap year, 2000 is), so 000229 is accepted.
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mm-1]
	if mm == 2 && yy%4 == 0 {
		days = 29
	}
	if dd < 1 || dd > days {
		return fmt.Sprintf("day %02d of month %02d", dd, mm)
	}
	return ""
}

// Fisica reports whether the RFC is a persona física's: 13 characters. The
// generic RFCs have that shape too.
func (r RFC) Fisica() bool { return utf8.RuneCountInString(string(r)) == 13 }

// Moral reports whether the RFC is a persona moral's: 12 characters.
func (r RFC) Moral() bool { return utf8.RuneCountInString(string(r)) == 12 }

// Generic reports whether the RFC is PublicoEnGeneral or Extranjero.
func (r RFC) Generic() bool { return r == PublicoEnGeneral || r == Extranjero }

// Foreign reports whether the RFC is Extranjero.
func (r RFC) Foreign() bool { return r == Extranjero }

// String returns the RFC as text.
func (r RFC) String() string { return string(r) }

// CheckDigit computes the last character of an RFC from the ones before it
// (11 characters for a persona moral, 12 for a persona física), by the SAT's
// modulo-11 rule (CFDI.md §3.3). It reports false when the length is wrong or
// a character has no value in the rule. It checks nothing else.
func CheckDigit(rfcWithoutDigit string) (rune, bool) {
	var vals [12]int
	i := 0
	if utf8.RuneCountInString(rfcWithoutDigit) == 11 {
		vals[0] = 37 // a persona moral's RFC is padded with one space
		i = 1
	}
	for _, c := range rfcWithoutDigit {
		v, ok := checkValue(c)
		if !ok || i == len(vals) {
			return 0, false
		}
		vals[i] = v
		i++
	}
	if i != len(vals) {
		return 0, false
	}
	sum := 0
	for k, v := range vals {
		sum += v * (13 - k)
	}
	switch d := 11 - sum%11; d {
	case 11:
		return '0', true
	case 10:
		return 'A', true
	default:
		return rune('0' + d), true
	}
}

// checkValue is the value of a character in the check-digit rule.
func checkValue(c rune) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10, true
	case c == '&':
		return 24, true
	case c >= 'O' && c <= 'Z':
		return int(c-'O') + 25, true
	case c == ' ':
		return 37, true
	case c == 'Ñ':
		return 38, true
	}
	return 0, false
}
