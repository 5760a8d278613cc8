package sello

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// Numbers reach Sello as text: JSON numbers, numeric strings, query
// parameters and CSV cells. They become decimals only through ParseDecimal,
// which checks their size on the text, before any arithmetic: a decimal
// holds 1e100000000 in a few bytes, but printing, comparing or storing it
// takes minutes and gigabytes.

// MaxIntegerDigits and MaxDecimals bound every amount, quantity, unit value,
// rate and exchange rate Sello accepts: the SAT's t_Importe has at most 18
// integer digits and 6 decimals, and Cantidad, ValorUnitario, TasaOCuota
// and TipoCambio at most 6 decimals.
const (
	MaxIntegerDigits = 18
	MaxDecimals      = 6
)

// The problems ParseDecimal reports, as sentences safe to show after a
// field name.
var (
	ErrNotNumber      = errors.New("must be a number")
	ErrIntegerDigits  = errors.New("must have at most 18 integer digits")
	ErrDecimalDigits  = errors.New("must have at most 6 decimals")
	errNumberExponent = errors.New("exponent too large")
)

// ParseDecimal reads a decimal number the SAT can write: an optional sign,
// digits with an optional point, an optional exponent, with at most
// MaxIntegerDigits integer digits and MaxDecimals decimals once the
// exponent is applied. Zeros beyond the sixth decimal are dropped; the
// scale written is kept otherwise ("100.00" stays 100.00). It costs time in
// proportion to len(s) whatever the exponent says.
func ParseDecimal(s string) (decimal.Decimal, error) {
	n, err := scanNumber(s)
	switch {
	case err == errNumberExponent && n.zero():
		return decimal.Zero, nil
	case err == errNumberExponent && n.exp > 0:
		return decimal.Decimal{}, ErrIntegerDigits
	case err == errNumberExponent:
		return decimal.Decimal{}, ErrDecimalDigits
	case err != nil:
		return decimal.Decimal{}, ErrNotNumber
	}
	plain, err := n.plain()
	if err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.NewFromString(plain)
}

// CheckDecimal applies the limits of ParseDecimal to a decimal already
// built (by a store, a computation or a caller in Go), without printing or
// rescaling it: 1e100000000 is refused as fast as 1.
func CheckDecimal(d decimal.Decimal) error {
	coef := d.Coefficient()
	coef.Abs(coef)
	digits := coef.String()
	_, err := number{digits: digits, point: int64(len(digits)) + int64(d.Exponent())}.plain()
	return err
}

// maxStoredDigits and maxStoredPower bound a number kept as given (in
// metadata, settings or complements): what a float64 can hold, which every
// JSON reader and both databases read back.
const (
	maxStoredDigits = 64
	maxStoredPower  = 308
)

// NumberStorable reports whether a JSON number kept as given (metadata,
// settings, complements) can be stored and read back by every engine: at
// most 64 significant digits and a magnitude between 1e-308 and 1e308 (or
// zero), the range of a float64.
func NumberStorable(s string) bool {
	n, err := scanNumber(s)
	if err == errNumberExponent {
		return n.zero()
	}
	if err != nil {
		return false
	}
	m, point := n.significant()
	if m == "" {
		return true
	}
	return len(m) <= maxStoredDigits && point <= maxStoredPower+1 && point > -maxStoredPower
}

// number is a scanned decimal: the digits of the mantissa without the point
// and the position of the point in them once the exponent is applied.
type number struct {
	neg    bool
	digits string // integer and fraction digits, as written
	point  int64  // digits[:point] is the integer part (point may be <0 or >len)
	exp    int64
}

// maxExponent bounds the exponent read: beyond it no digit string the body
// can hold (1 MiB) makes a number within any of the limits.
const maxExponent = 1 << 24

// scanNumber reads [+-]digits[.digits][(e|E)[+-]digits], with at least one
// mantissa digit. An exponent beyond maxExponent is errNumberExponent, with
// n filled but for point.
func scanNumber(s string) (number, error) {
	var n number
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		n.neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[start:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fs:i]
	}
	if intPart == "" && frac == "" {
		return n, ErrNotNumber
	}
	n.digits = intPart + frac
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			neg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			if n.exp <= maxExponent {
				n.exp = n.exp*10 + int64(s[i]-'0')
			}
			i++
		}
		if es == i {
			return n, ErrNotNumber
		}
		if neg {
			n.exp = -n.exp
		}
	}
	if i != len(s) {
		return n, ErrNotNumber
	}
	if n.exp > maxExponent || n.exp < -maxExponent {
		return n, errNumberExponent
	}
	n.point = int64(len(intPart)) + n.exp
	return n, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// zero reports whether every digit is 0.
func (n number) zero() bool { return strings.Trim(n.digits, "0") == "" }

// significant returns the digits without leading and trailing zeros and the
// position of the point in them ("" for zero).
func (n number) significant() (string, int64) {
	m := strings.TrimLeft(n.digits, "0")
	point := n.point - int64(len(n.digits)-len(m))
	return strings.TrimRight(m, "0"), point
}

// plain writes n without exponent, keeping the scale written up to
// MaxDecimals, or reports which limit it exceeds.
func (n number) plain() (string, error) {
	sig, point := n.significant()
	scale := int64(len(n.digits)) - n.point // decimals as written
	scale = max(min(scale, MaxDecimals), 0)
	if sig == "" {
		if scale == 0 {
			return "0", nil
		}
		return "0." + strings.Repeat("0", int(scale)), nil
	}
	if point > MaxIntegerDigits {
		return "", ErrIntegerDigits
	}
	if int64(len(sig))-point > MaxDecimals {
		return "", ErrDecimalDigits
	}
	// Here -MaxDecimals < point <= MaxIntegerDigits and len(sig) is at most
	// 24: the digits at positions [min(point,0), point+scale) say it all.
	var b strings.Builder
	if n.neg {
		b.WriteByte('-')
	}
	digit := func(k int64) byte {
		if k < 0 || k >= int64(len(sig)) {
			return '0'
		}
		return sig[k]
	}
	if point <= 0 {
		b.WriteByte('0')
	}
	for k := int64(0); k < point; k++ {
		b.WriteByte(digit(k))
	}
	if scale > 0 {
		b.WriteByte('.')
		for k := point; k < point+scale; k++ {
			b.WriteByte(digit(k))
		}
	}
	return b.String(), nil
}
