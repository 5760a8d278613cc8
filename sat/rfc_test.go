package sat

import (
	"errors"
	"testing"
)

func TestParseRFC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantErr error // nil: valid
		fisica  bool
	}{
		// The test CSDs and samples in ../shared/sat.
		{"EKU9003173C9", nil, false},
		{"H&E951128469", nil, false},
		{"COSC8001137NA", nil, true},
		{"XIQB891116QE4", nil, true},
		{"CACX7605101P8", nil, true},
		{"FUNK671228PH6", nil, true},
		{"XIA190128J61", nil, false},
		{"IIA040805DZ4", nil, false},
		{"ISD950921HE5", nil, false},
		{"TBN040609RKA", nil, false},
		{"SAT970701NN3", nil, false},
		// Generic RFCs; XAXX010101000 fails the check digit and is special-cased.
		{"XEXX010101000", nil, true},
		{"XAXX010101000", nil, true},
		// Ñ is two bytes: 13 bytes but 12 characters (moral), 14 bytes but 13 (física).
		// Check digits computed independently of CheckDigit.
		{"MUÑ0001015T0", nil, false},
		{"ÑAÑO800101AB3", nil, true},
		{"PEÑA000229XY0", nil, true}, // 2000-02-29
		// Wrong.
		{"", ErrRFCLength, false},
		{"EKU9003173C", ErrRFCLength, false},
		{"EKU9003173C9X9", ErrRFCLength, false},
		{"eku9003173C9", ErrRFCName, false},
		{"ekU9003173C9", ErrRFCName, false},
		{"E1U9003173C9", ErrRFCName, false},
		{"EK#9003173C9", ErrRFCName, false},
		{"EKU9013173C9", ErrRFCDate, false},  // month 13
		{"EKU9000173C9", ErrRFCDate, false},  // month 00
		{"EKU9002303C9", ErrRFCDate, false},  // 30 February
		{"EKU9102293C9", ErrRFCDate, false},  // 29 February 1991
		{"EKU9004313C9", ErrRFCDate, false},  // 31 April
		{"EKU9003003C9", ErrRFCDate, false},  // day 00
		{"EKU90O3173C9", ErrRFCDate, false},  // letter O for zero
		{"EKU900317ñ3C9", ErrRFCName, false}, // 13 characters, so física: the name part has a digit
		{"EKU900317-C9", ErrRFCHomoclave, false},
		{"EKU9003173c9", ErrRFCHomoclave, false},
		{"EKU9003173C8", ErrRFCCheckDigit, false},
		{"EKU9003173CB", ErrRFCCheckDigit, false},
		{"COSC8001137N1", ErrRFCCheckDigit, false},
		{"XAXX010101001", ErrRFCCheckDigit, false},
		{" EKU9003173C9", ErrRFCName, false},
		{"xaxx010101000", ErrRFCName, false},
	}
	for _, tt := range tests {
		got, err := ParseRFC(tt.in)
		if tt.wantErr == nil {
			if err != nil {
				t.Errorf("ParseRFC(%q) error: %v", tt.in, err)
				continue
			}
			if string(got) != tt.in || got.Fisica() != tt.fisica || got.Moral() == tt.fisica {
				t.Errorf("ParseRFC(%q) = %q, Fisica %t Moral %t; want Fisica %t", tt.in, got, got.Fisica(), got.Moral(), tt.fisica)
			}
			continue
		}
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("ParseRFC(%q) error = %v, want %v", tt.in, err, tt.wantErr)
		}
		if got != "" {
			t.Errorf("ParseRFC(%q) = %q with an error, want \"\"", tt.in, got)
		}
	}
}

// TestParseRFCDetail checks that errors say what is wrong, not only which part.
func TestParseRFCDetail(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"EKU9013173C9", `RFC "EKU9013173C9": the date part must be a real date YYMMDD: month 13`},
		{"EKU9002303C9", `RFC "EKU9002303C9": the date part must be a real date YYMMDD: day 30 of month 02`},
		{"EKU9003173C8", `RFC "EKU9003173C8": the check digit is wrong: it is '8', want '9'`},
		{"eku9003173C9", `RFC "eku9003173C9": the name part must be 3 (moral) or 4 (física) letters A-Z, Ñ or &: 'e' is not allowed (RFCs are upper case)`},
	}
	for _, tt := range tests {
		_, err := ParseRFC(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseRFC(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestRFCKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rfc                             RFC
		fisica, moral, generic, foreign bool
	}{
		{"EKU9003173C9", false, true, false, false},
		{"COSC8001137NA", true, false, false, false},
		{"MUÑ0001015T0", false, true, false, false},
		{PublicoEnGeneral, true, false, true, false},
		{Extranjero, true, false, true, true},
	}
	for _, tt := range tests {
		if tt.rfc.Fisica() != tt.fisica || tt.rfc.Moral() != tt.moral || tt.rfc.Generic() != tt.generic || tt.rfc.Foreign() != tt.foreign {
			t.Errorf("RFC %q: Fisica %t Moral %t Generic %t Foreign %t; want %t %t %t %t", tt.rfc,
				tt.rfc.Fisica(), tt.rfc.Moral(), tt.rfc.Generic(), tt.rfc.Foreign(), tt.fisica, tt.moral, tt.generic, tt.foreign)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want rune
		ok   bool
	}{
		{"EKU9003173C", '9', true},
		{"H&E95112846", '9', true},
		{"COSC8001137N", 'A', true},
		{"XEXX01010100", '0', true},
		{"XAXX01010100", '4', true}, // why PublicoEnGeneral is special-cased
		{"MUÑ0001015T", '0', true},
		{"ÑAÑO800101AB", '3', true},
		{"EKU9003173", 0, false},
		{"COSC8001137NAX", 0, false},
		{"eku9003173C", 0, false},
		{"EKU9003173é", 0, false},
	}
	for _, tt := range tests {
		got, ok := CheckDigit(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CheckDigit(%q) = %q, %t; want %q, %t", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeRFC(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{" eku9003173c9 ", "EKU9003173C9"},
		{"EKU-900317-3C9", "EKU9003173C9"},
		{"muñ0001015t0", "MUÑ0001015T0"},
		{"h&e951128469", "H&E951128469"},
	}
	for _, tt := range tests {
		got := NormalizeRFC(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeRFC(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if _, err := ParseRFC(got); err != nil {
			t.Errorf("ParseRFC(NormalizeRFC(%q)): %v", tt.in, err)
		}
	}
}

func FuzzParseRFC(f *testing.F) {
	for _, s := range []string{"EKU9003173C9", "COSC8001137NA", "MUÑ0001015T0", "XAXX010101000", "EKU9002303C9", "ñññ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRFC(s)
		if err != nil {
			return
		}
		if string(r) != s || !(r.Fisica() || r.Moral()) {
			t.Fatalf("ParseRFC(%q) = %q, Fisica %t Moral %t", s, r, r.Fisica(), r.Moral())
		}
		if r.Generic() {
			return
		}
		runes := []rune(s)
		d, ok := CheckDigit(string(runes[:len(runes)-1]))
		if !ok || d != runes[len(runes)-1] {
			t.Fatalf("ParseRFC(%q) accepted a check digit that CheckDigit gives as %q, %t", s, d, ok)
		}
	})
}

func BenchmarkParseRFC(b *testing.B) {
	for b.Loop() {
		if _, err := ParseRFC("COSC8001137NA"); err != nil {
			b.Fatal(err)
		}
	}
}
