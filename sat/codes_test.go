package sat

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code             string
		prodServ, postal bool
	}{
		{"01010101", true, false},
		{"43232408", true, false},
		{"4323240", false, false},
		{"432324081", false, false},
		{"4323240A", false, false},
		{"06600", false, true},
		{"52000", false, true},
		{"5200", false, false},
		{"520001", false, false},
		{"5200O", false, false},
		{"", false, false},
		{"٠١٢٣٤", false, false}, // Arabic-Indic digits are not digits here
	}
	for _, tt := range tests {
		if got := ValidClaveProdServShape(tt.code); got != tt.prodServ {
			t.Errorf("ValidClaveProdServShape(%q) = %t, want %t", tt.code, got, tt.prodServ)
		}
		if got := ValidCodigoPostalShape(tt.code); got != tt.postal {
			t.Errorf("ValidCodigoPostalShape(%q) = %t, want %t", tt.code, got, tt.postal)
		}
	}
}

func TestCheckCode(t *testing.T) {
	t.Parallel()
	imported := NewCodeSet("52000", "06600")
	tests := []struct {
		set  Codes
		code string
		want bool
	}{
		{nil, "52000", true}, // not imported: shape only
		{nil, "99999", true},
		{nil, "9999", false},
		{imported, "52000", true},
		{imported, "99999", false},
		{imported, "9999", false},
	}
	for _, tt := range tests {
		if got := CheckCode(tt.set, tt.code, ValidCodigoPostalShape); got != tt.want {
			t.Errorf("CheckCode(%v, %q) = %t, want %t", tt.set, tt.code, got, tt.want)
		}
	}
}

func TestReadCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
		wantErr  bool
	}{
		{"id column", "texto,id\nUno, 01010101 \nDos,43232408\n", []string{"01010101", "43232408"}, false},
		{"first column", "codigo,estado\n52000,MEX\n06600,CMX\n,\n", []string{"06600", "52000"}, false},
		{"header only", "id,texto\n", nil, false},
		{"short row", "texto,id\nUno\n", nil, true},
		{"empty", "", nil, true},
		{"bad quote", "id\n\"52000\n", nil, true},
	}
	for _, tt := range tests {
		got, err := ReadCodes(strings.NewReader(tt.in))
		if (err != nil) != tt.wantErr {
			t.Errorf("ReadCodes(%s) error = %v, want error %t", tt.name, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		var codes []string
		for c := range got {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		if diff := cmp.Diff(tt.want, codes); diff != "" {
			t.Errorf("ReadCodes(%s) codes (-want +got):\n%s", tt.name, diff)
		}
	}
}
