package sat

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRegimenAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		regimen string
		fisica  bool
		want    bool
	}{
		{"601", false, true},
		{"601", true, false},
		{"603", false, true},
		{"605", true, true},
		{"605", false, false},
		{"612", true, true},
		{"616", true, true},
		{"616", false, false},
		{"626", true, true}, // RESICO: both
		{"626", false, true},
		{"610", true, true},
		{"610", false, true},
		{"600", true, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := RegimenAllowed(tt.regimen, tt.fisica); got != tt.want {
			t.Errorf("RegimenAllowed(%q, fisica %t) = %t, want %t", tt.regimen, tt.fisica, got, tt.want)
		}
	}
}

func TestUsoAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		uso, regimen string
		fisica       bool
		want         bool
	}{
		{"G03", "601", false, true},
		{"G03", "626", false, true},
		{"G03", "612", true, true},
		{"G03", "616", true, false}, // sin obligaciones fiscales: only S01, CP01, G02
		{"G03", "605", true, false},
		{"G01", "626", true, true}, // "625,626" without a space in the CSV
		{"G02", "616", true, true},
		{"S01", "616", true, true},
		{"S01", "601", false, true},
		{"S01", "605", true, true},
		{"CP01", "601", false, true},
		{"CP01", "616", true, true},
		{"CP01", "626", true, true},
		{"D01", "612", true, true},
		{"D01", "605", true, true},
		{"D01", "601", false, false}, // deducciones personales: física only
		{"D01", "612", false, false},
		{"D10", "626", true, false},
		{"CN01", "605", true, true},
		{"CN01", "612", true, false},
		{"I04", "601", false, true},
		{"P01", "601", false, false}, // CFDI 3.3 only
		{"", "601", false, false},
		{"G03", "", false, false},
	}
	for _, tt := range tests {
		if got := UsoAllowed(tt.uso, tt.regimen, tt.fisica); got != tt.want {
			t.Errorf("UsoAllowed(%q, %q, fisica %t) = %t, want %t", tt.uso, tt.regimen, tt.fisica, got, tt.want)
		}
	}
}

func TestLookupUso(t *testing.T) {
	t.Parallel()
	got, ok := LookupUso("G01")
	want := Uso{
		Entry:     Entry{Code: "G01", Description: "Adquisición de mercancías.", From: "2022-01-01"},
		Fisica:    true,
		Moral:     true,
		Regimenes: []string{"601", "603", "606", "612", "620", "621", "622", "623", "624", "625", "626"},
	}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("LookupUso(G01) = %t, mismatch (-want +got):\n%s", ok, diff)
	}
	if _, ok := LookupUso("g01"); ok {
		t.Error("LookupUso(g01) found a lower-case code")
	}
}

func TestLookupRegimen(t *testing.T) {
	t.Parallel()
	got, ok := LookupRegimen("626")
	want := Regimen{Entry: Entry{Code: "626", Description: "Régimen Simplificado de Confianza", From: "2022-01-01"}, Fisica: true, Moral: true}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("LookupRegimen(626) = %t, mismatch (-want +got):\n%s", ok, diff)
	}
}
