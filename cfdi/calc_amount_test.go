package cfdi

import (
	"testing"

	"github.com/shopspring/decimal"
)

// checkCalcAmount fails when calcAmount and decimal.RequireFromString read
// an amount differently: value, exponent or coefficient.
func checkCalcAmount(t *testing.T, s string) {
	t.Helper()
	want, err := decimal.NewFromString(s)
	if err != nil {
		return
	}
	got := calcAmount(s)
	if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 || got.String() != want.String() {
		t.Fatalf("calcAmount(%q) = %s × 10^%d, RequireFromString = %s × 10^%d", s, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
	}
}

func TestCalcAmount(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "1", "1.50", "0.160000", "000123.450000", "999999999999999999", "999999999999999999.999999",
		"123456789012.345678", "1234567890123.456789", "-1", "1e3", ".5", "5."} {
		checkCalcAmount(t, s)
	}
}

func FuzzCalcAmount(f *testing.F) {
	f.Add("1.50")
	f.Add("999999999999999999.999999")
	f.Fuzz(checkCalcAmount)
}

// checkValCanonical fails when valCanonical and decimal.Decimal.String
// write an amount differently.
func checkValCanonical(t *testing.T, s string) {
	t.Helper()
	if !calcAmountShape(s) {
		return
	}
	if got, want := valCanonical(s), decimal.RequireFromString(s).String(); got != want {
		t.Fatalf("valCanonical(%q) = %q, decimal writes %q", s, got, want)
	}
}

func TestValCanonical(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "00", "000.000", "0.160000", "007.0", "7", "10", "100.000100", "0.5", "00.50", "1.000000", "999999999999999999.999999"} {
		checkValCanonical(t, s)
	}
}

func FuzzValCanonical(f *testing.F) {
	f.Add("0.160000")
	f.Add("007.0")
	f.Fuzz(checkValCanonical)
}

// checkCalcFixed fails when calcFixed and StringFixed write differently.
func checkCalcFixed(t *testing.T, coef int64, exp int8, places int8) {
	t.Helper()
	d := decimal.New(coef, int32(exp))
	if got, want := calcFixed(d, int32(places)), d.StringFixed(int32(places)); got != want {
		t.Fatalf("calcFixed(%s × 10^%d, %d) = %q, StringFixed %q", d.Coefficient(), d.Exponent(), places, got, want)
	}
}

func TestCalcFixed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		coef      int64
		exp, plac int8
	}{{0, 0, 2}, {5, -2, 2}, {5, 0, 2}, {12, -2, 2}, {123, -2, 2}, {16, -2, 6}, {1000, 0, 0}, {1000, -3, 0}, {-5, -2, 2},
		{999999999999999, -2, 6}, {1, 17, 0}, {123456, -6, 2}, {1, 0, 18}, {7, 3, 1}} {
		checkCalcFixed(t, tc.coef, tc.exp, tc.plac)
	}
	for _, s := range []string{"0.160000", "1234567890123.45", "999999999999999999.999999"} {
		d := decimal.RequireFromString(s)
		for places := int32(0); places <= 6; places++ {
			if got, want := calcFixed(d, places), d.StringFixed(places); got != want {
				t.Errorf("calcFixed(%s, %d) = %q, want %q", s, places, got, want)
			}
		}
	}
}

func FuzzCalcFixed(f *testing.F) {
	f.Add(int64(12345), int8(-2), int8(2))
	f.Add(int64(16), int8(-2), int8(6))
	f.Fuzz(checkCalcFixed)
}

// checkValExact fails when valExact and decimal disagree on whether
// product is a × b rounded at places.
func checkValExact(t *testing.T, ca, cb int64, ea, eb int8, places uint8, delta int8) {
	t.Helper()
	a, b := decimal.New(ca, int32(ea%12)), decimal.New(cb, int32(eb%12))
	p := int32(places % 8)
	product := a.Mul(b).Round(p).Add(decimal.New(int64(delta%3), -p))
	written := product.StringFixed(p)
	want := a.Mul(b).Round(p).Equal(product)
	if got := valExact(a, b, product, written); got != want {
		t.Fatalf("valExact(%s, %s, %s, %q) = %v, decimal says %v", a, b, product, written, got, want)
	}
	if exact, ok := valExactInt(a, b, product, p); ok && exact != want {
		t.Fatalf("valExactInt(%s, %s, %s, %d) = %v, decimal says %v", a, b, product, p, exact, want)
	}
}

func TestValExact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ca, cb int64
		ea, eb int8
		places uint8
		delta  int8
	}{{15, 10033, -1, -2, 2, 0}, {15, 10033, -1, -2, 2, 1}, {5, 5, -1, -1, 1, 0}, {25, 1, -2, 0, 1, 0}, {35, 1, -2, 0, 1, -1},
		{123456789, 16, -2, -2, 2, 0}, {1, 1, 5, 5, 0, 0}, {999999999, 999999999, 0, 0, 0, 0}, {-5, 3, 0, 0, 0, 0}} {
		checkValExact(t, tc.ca, tc.cb, tc.ea, tc.eb, tc.places, tc.delta)
	}
}

func FuzzValExact(f *testing.F) {
	f.Add(int64(15), int64(10033), int8(-1), int8(-2), uint8(2), int8(0))
	f.Add(int64(160000), int64(123456), int8(-6), int8(-2), uint8(2), int8(1))
	f.Fuzz(checkValExact)
}

// checkCalcMulRound fails when calcMulRound and decimal's Mul and Round
// give a different coefficient or exponent.
func checkCalcMulRound(t *testing.T, ca, cb int64, ea, eb int8, places int8) {
	t.Helper()
	a, b := decimal.New(ca, int32(ea%20)), decimal.New(cb, int32(eb%20))
	p := int32(places % 20)
	got, want := calcMulRound(a, b, p), a.Mul(b).Round(p)
	if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
		t.Fatalf("calcMulRound(%s, %s, %d) = %s × 10^%d, decimal %s × 10^%d", a, b, p, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
	}
}

func TestCalcMulRound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ca, cb int64
		ea, eb int8
		places int8
	}{{15, 10033, -1, -2, 2}, {5, 5, -1, -1, 1}, {25, 1, -2, 0, 1}, {1, 1, 3, 0, 2}, {16, 45, -2, -1, 2}, {-5, 3, -1, 0, 0},
		{999999999999, 999999, -2, -6, 2}, {1, 1, -19, 0, 0}, {123, 456, 0, 0, 6}} {
		checkCalcMulRound(t, tc.ca, tc.cb, tc.ea, tc.eb, tc.places)
	}
}

func FuzzCalcMulRound(f *testing.F) {
	f.Add(int64(15), int64(10033), int8(-1), int8(-2), int8(2))
	f.Add(int64(160000), int64(1234567), int8(-6), int8(-2), int8(2))
	f.Fuzz(checkCalcMulRound)
}
