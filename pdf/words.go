package pdf

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// maxWords is the first amount AmountInWords refuses: one trillion
// (un billón), beyond any CFDI Total Sello issues.
var maxWords = decimal.New(1, 12)

// AmountInWords writes an amount as Mexican invoices print it: the integer
// part in Spanish words, upper case, the currency's name, the cents over 100
// and the currency's suffix ("MIL CIENTO SESENTA PESOS 00/100 M.N.",
// "UN DÓLAR 50/100 USD"). The amount is a decimal string, read exactly and
// rounded half away from zero to the currency's decimals (c_Moneda); it
// must be written with digits and at most one point, as CFDI amounts are
// (no sign, no exponent), and be below 1,000,000,000,000. The currency must
// be in c_Moneda; one without a Spanish name here prints its code only
// ("CIEN 00/100 CHF").
func AmountInWords(amount string, currency string) (string, error) {
	amount = strings.TrimSpace(amount)
	if !plainDecimal(amount) {
		return "", fmt.Errorf("amount in words: %q is not a decimal amount", amount)
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return "", fmt.Errorf("amount in words: %q is not a decimal amount", amount)
	}
	if _, ok := sat.LookupMoneda(currency); !ok {
		return "", fmt.Errorf("amount in words: currency %q is not in c_Moneda", currency)
	}
	places := sat.CurrencyDecimals(currency)
	d = d.Round(int32(places))
	if d.Sign() < 0 || d.GreaterThanOrEqual(maxWords) {
		return "", fmt.Errorf("amount in words: %s is outside 0 to 999,999,999,999.99", amount)
	}
	whole := d.Truncate(0)
	n := uint64(whole.IntPart())
	name := currencyNameOf(currency)
	var b strings.Builder
	b.WriteString(numberWords(n, name.many != ""))
	if name.many != "" {
		b.WriteByte(' ')
		if n >= million && n%million == 0 {
			b.WriteString("DE ") // UN MILLÓN DE PESOS
		}
		if n == 1 {
			b.WriteString(name.one)
		} else {
			b.WriteString(name.many)
		}
	}
	if places > 0 {
		frac := d.Sub(whole).Shift(int32(places)).IntPart()
		fmt.Fprintf(&b, " %0*d/1%s", places, frac, strings.Repeat("0", places))
	}
	b.WriteByte(' ')
	b.WriteString(name.suffix)
	return b.String(), nil
}

// currencyName is how a currency is named after an amount in words.
type currencyName struct {
	one, many string // singular and plural noun; "" when not named
	suffix    string // written last: "M.N." for pesos, else the code
}

// currencyNameOf names the usual currencies of Mexican invoices; the nouns
// are all masculine, which the apocope of "UN" and "VEINTIÚN" relies on.
func currencyNameOf(code string) currencyName {
	switch code {
	case "MXN":
		return currencyName{"PESO", "PESOS", "M.N."}
	case "USD":
		return currencyName{"DÓLAR", "DÓLARES", "USD"}
	case "CAD":
		return currencyName{"DÓLAR CANADIENSE", "DÓLARES CANADIENSES", "CAD"}
	case "EUR":
		return currencyName{"EURO", "EUROS", "EUR"}
	case "JPY":
		return currencyName{"YEN", "YENES", "JPY"}
	}
	return currencyName{suffix: code}
}

// plainDecimal reports whether s is digits with at most one decimal point
// and at least one digit: the shape of an xs:decimal amount in a CFDI,
// without sign. Exponents are refused before decimal sees them, since
// "1e999999999" would take it minutes to scale.
func plainDecimal(s string) bool {
	digits, points := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}
