package sello

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"0", "0", nil},
		{"100.00", "100.00", nil},
		{"-1.5", "-1.5", nil},
		{"+2", "2", nil},
		{".5", "0.5", nil},
		{"5.", "5", nil},
		{"1.5e2", "150", nil},
		{"150e-2", "1.50", nil},
		{"1E-6", "0.000001", nil},
		{"00012.3400", "12.3400", nil},
		{"1.0000000000", "1.000000", nil},
		{"999999999999999999.999999", "999999999999999999.999999", nil},
		{"0e100000000", "0", nil},
		{"0.000e-99999999999", "0", nil},
		{"1e17", "100000000000000000", nil},
		{"1e18", "", ErrIntegerDigits},
		{"1e100000000", "", ErrIntegerDigits},
		{"1e4000000", "", ErrIntegerDigits},
		{"1e999999999999999999999", "", ErrIntegerDigits},
		{"1e-7", "", ErrDecimalDigits},
		{"1e-100000000", "", ErrDecimalDigits},
		{"1.1234567", "", ErrDecimalDigits},
		{"0.30000000000000004", "", ErrDecimalDigits},
		{"1000000000000000000", "", ErrIntegerDigits},
		{"", "", ErrNotNumber},
		{"-", "", ErrNotNumber},
		{".", "", ErrNotNumber},
		{"e5", "", ErrNotNumber},
		{"1e", "", ErrNotNumber},
		{"1e+", "", ErrNotNumber},
		{" 1", "", ErrNotNumber},
		{"NaN", "", ErrNotNumber},
		{"Infinity", "", ErrNotNumber},
		{"0x10", "", ErrNotNumber},
		{"1_000", "", ErrNotNumber},
		{"1.2.3", "", ErrNotNumber},
	} {
		got, err := ParseDecimal(tc.in)
		if !errors.Is(err, tc.err) {
			t.Errorf("ParseDecimal(%q) error = %v, want %v", tc.in, err, tc.err)
			continue
		}
		if err == nil && got.StringFixed(-got.Exponent()) != tc.want && got.String() != tc.want {
			t.Errorf("ParseDecimal(%q) = %s (exp %d), want %s", tc.in, got.String(), got.Exponent(), tc.want)
		}
	}
}

// TestParseDecimalScale checks that the scale written is kept: the CFDI
// writes ValorUnitario with the caller's decimals.
func TestParseDecimalScale(t *testing.T) {
	for in, exp := range map[string]int32{"100.00": -2, "1.5e2": 0, "150e-2": -2, "7": 0, "1.0000000": -6} {
		d, err := ParseDecimal(in)
		if err != nil || d.Exponent() != exp {
			t.Errorf("ParseDecimal(%q) = %v exp %d, %v; want exp %d", in, d, d.Exponent(), err, exp)
		}
	}
}

func TestCheckDecimal(t *testing.T) {
	for _, tc := range []struct {
		d   decimal.Decimal
		err error
	}{
		{decimal.New(1, 100000000), ErrIntegerDigits},
		{decimal.New(1, -100000000), ErrDecimalDigits},
		{decimal.New(10000000, -7), nil},
		{decimal.New(-123, -2), nil},
		{decimal.New(1, 17), nil},
		{decimal.New(1, 18), ErrIntegerDigits},
		{decimal.Zero, nil},
		{decimal.New(0, 1000000000), nil},
	} {
		start := time.Now()
		if err := CheckDecimal(tc.d); !errors.Is(err, tc.err) {
			t.Errorf("CheckDecimal(%de%d) = %v, want %v", tc.d.Coefficient(), tc.d.Exponent(), err, tc.err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("CheckDecimal(%de%d) took %v", tc.d.Coefficient(), tc.d.Exponent(), d)
		}
	}
}

func TestNumberStorable(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-12.5": true, "1e308": true, "1.7976931348623157e308": true, "1e-307": true,
		"0e99999999999": true, "12345678901234567890": true,
		"1e309": false, "1e100000000": false, "1e-400": false, "NaN": false, "": false,
		strings.Repeat("9", 65): false, "1" + strings.Repeat("0", 200) + "e-200": true,
	} {
		if got := NumberStorable(s); got != want {
			t.Errorf("NumberStorable(%.40q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzParseDecimal checks the number guard against shopspring/decimal on
// every input whose exponent decimal can handle cheaply: the same value
// whenever the guard accepts, a refusal exactly when the value exceeds the
// SAT limits, and never more than a few milliseconds whatever the exponent.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "1.50", "-3e2", "1e100000000", "0.30000000000000004", "1e-7",
		"999999999999999999.999999", ".5", "5.", "1e18", "0e9999999999", "+7", "1.000000000", "NaN"} {
		f.Add(s)
	}
	limit := decimal.New(1, MaxIntegerDigits)
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		got, err := ParseDecimal(s)
		if d := time.Since(start); d > 100*time.Millisecond && len(s) < 1<<16 {
			t.Fatalf("ParseDecimal(%.60q) took %v", s, d)
		}
		if err == nil && CheckDecimal(got) != nil {
			t.Fatalf("ParseDecimal(%.60q) = %s, which CheckDecimal refuses", s, got)
		}
		n, serr := scanNumber(s)
		if serr != nil || n.exp > 1000 || n.exp < -1000 || len(s) > 200 {
			return // decimal would be slow (or disagree on syntax): the guard only
		}
		ref, rerr := decimal.NewFromString(s)
		if rerr != nil {
			if err == nil {
				t.Fatalf("ParseDecimal(%q) = %s, decimal refuses it: %v", s, got, rerr)
			}
			return
		}
		fits := ref.Abs().Cmp(limit) < 0 && ref.Equal(ref.Truncate(MaxDecimals))
		switch {
		case fits && err != nil:
			t.Fatalf("ParseDecimal(%q) = %v, want %s", s, err, ref)
		case !fits && err == nil:
			t.Fatalf("ParseDecimal(%q) = %s, want a refusal", s, got)
		case err == nil && !got.Equal(ref):
			t.Fatalf("ParseDecimal(%q) = %s, want %s", s, got, ref)
		}
	})
}
