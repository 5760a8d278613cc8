package sat

import (
	"strings"
	"testing"
)

func TestValidCuenta(t *testing.T) {
	t.Parallel()
	tests := []struct {
		forma, cta         string
		ordenante, benefic bool
	}{
		{"03", "0123456789", true, true},         // 10 digits
		{"03", "012345678901234567", true, true}, // CLABE, 18 digits
		{"03", "0123456789012345", true, false},  // card, 16 digits: ordenante only
		{"03", "01234567890", false, false},      // 11 digits
		{"03", "01234567O9", false, false},       // letter O
		{"03", "", false, false},
		{"02", "01234567890", true, true},   // cheque: 11 digits
		{"02", "ABC_DEF_1234", false, true}, // [A-Z0-9_]{10,50} for the payee
		{"02", "abc_def_1234", false, false},
		{"02", strings.Repeat("A", 51), false, false},
		{"04", "4111111111111111", true, true},
		{"04", "411111111111111", false, true}, // 15 digits fit the payee's {15,16}
		{"29", "411111111111111", true, true},  // [0-9]{15,16}
		{"06", "0123456789", true, false},      // dinero electrónico: no payee account
		{"01", "0123456789", false, false},     // efectivo: no accounts
		{"99", "anything at all", true, true},  // \V*
	}
	for _, tt := range tests {
		f, ok := LookupFormaPago(tt.forma)
		if !ok {
			t.Fatalf("LookupFormaPago(%q) not found", tt.forma)
		}
		if got := f.ValidCtaOrdenante(tt.cta); got != tt.ordenante {
			t.Errorf("FormaPago %s ValidCtaOrdenante(%q) = %t, want %t", tt.forma, tt.cta, got, tt.ordenante)
		}
		if got := f.ValidCtaBeneficiario(tt.cta); got != tt.benefic {
			t.Errorf("FormaPago %s ValidCtaBeneficiario(%q) = %t, want %t", tt.forma, tt.cta, got, tt.benefic)
		}
	}
}

// TestAccountPatternsParse checks that every pattern in c_FormaPago is in
// the language matchAccount understands.
func TestAccountPatternsParse(t *testing.T) {
	t.Parallel()
	for _, f := range formasPago {
		for _, p := range []string{f.PatronCtaOrdenante, f.PatronCtaBeneficiario} {
			if p == "" || p == `\V*` {
				continue
			}
			for _, alt := range strings.Split(p, "|") {
				if _, _, _, ok := parseAlternative(alt); !ok {
					t.Errorf("FormaPago %s: pattern %q: alternative %q not understood", f.Code, p, alt)
				}
			}
		}
	}
}

func TestMatchAccountMalformed(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"[0-9]", "[0-9]{a}", "[0-9]{5,2}", "0-9{3}", "[0-9{3}", "[]{3}", "|"} {
		if matchAccount(p, "123") {
			t.Errorf("matchAccount(%q, 123) = true, want false", p)
		}
	}
}
