package sat

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCurrencyDecimals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want int
	}{
		{"MXN", 2},
		{"USD", 2},
		{"EUR", 2},
		{"JPY", 0},
		{"CLF", 4},
		{"XXX", 0},
		{"BHD", 3},
		{"ZZZ", 2}, // unknown
		{"", 2},
	}
	for _, tt := range tests {
		if got := CurrencyDecimals(tt.code); got != tt.want {
			t.Errorf("CurrencyDecimals(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestLookupMoneda(t *testing.T) {
	t.Parallel()
	got, ok := LookupMoneda("USD")
	want := Moneda{Entry: Entry{Code: "USD", Description: "Dólar americano", From: "2022-01-01"}, Decimals: 2, Variation: "5"}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("LookupMoneda(USD) = %t, mismatch (-want +got):\n%s", ok, diff)
	}
}

func TestLookupFormaPago(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code        string
		bancarizado bool
		patronOrd   string
	}{
		{"01", false, ""},
		{"03", true, "[0-9]{10}|[0-9]{16}|[0-9]{18}"},
		{"04", true, "[0-9]{16}"},
		{"28", true, "[0-9]{16}"},
		{"99", false, `\V*`},
	}
	for _, tt := range tests {
		got, ok := LookupFormaPago(tt.code)
		if !ok || got.IsBancarizado() != tt.bancarizado || got.PatronCtaOrdenante != tt.patronOrd {
			t.Errorf("LookupFormaPago(%q) = %+v, %t; want bancarizado %t, pattern %q", tt.code, got, ok, tt.bancarizado, tt.patronOrd)
		}
	}
	if _, ok := LookupFormaPago("07"); ok {
		t.Error("LookupFormaPago(07) found a code that is not in c_FormaPago")
	}
	spei, _ := LookupFormaPago("03")
	if spei.TipoCadenaPago != "1" || spei.Bancarizado != "1" {
		t.Errorf("LookupFormaPago(03) = %+v, want TipoCadenaPago and Bancarizado \"1\"", spei)
	}
}

func TestLookupTipoDeComprobante(t *testing.T) {
	t.Parallel()
	tests := []struct{ code, max string }{
		{"I", "999999999999999999.999999"},
		{"E", "999999999999999999.999999"},
		{"T", "0"},
		{"N", "999999999999999999.999999"},
		{"P", "999999999999999999.999999"},
	}
	for _, tt := range tests {
		got, ok := LookupTipoDeComprobante(tt.code)
		if !ok || got.MaxValue != tt.max {
			t.Errorf("LookupTipoDeComprobante(%q) = %+v, %t; want MaxValue %s", tt.code, got, ok, tt.max)
		}
	}
	if _, ok := LookupTipoDeComprobante("X"); ok {
		t.Error("LookupTipoDeComprobante(X) found")
	}
}

func TestLookupMotivo(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"01": true, "02": false, "03": false, "04": false} {
		got, ok := LookupMotivo(code)
		if !ok || got.FolioSustitucion != want {
			t.Errorf("LookupMotivo(%q) = %+v, %t; want FolioSustitucion %t", code, got, ok, want)
		}
	}
	if _, ok := LookupMotivo("05"); ok {
		t.Error("LookupMotivo(05) found")
	}
}
