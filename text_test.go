package sello

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		s     string
		lines bool
		want  string
	}{
		{"Consultoría ñ € 😀 \ufffd", false, ""},
		{"a\tb\nc\r", true, ""},
		{"a\tb", false, "must be a single line (no tab, line feed or carriage return)"},
		{"a\nb", false, "must be a single line (no tab, line feed or carriage return)"},
		{"a\x00b", true, "must not contain the character U+0000"},
		{"a\x01b", true, "must not contain the character U+0001"},
		{"a\vb", true, "must not contain the character U+000B"},
		{"a\x7f", true, "must not contain the character U+007F"},
		{"a\u0085", true, "must not contain the character U+0085"},
		{"a\ufffe", true, "must not contain the character U+FFFE"},
		{"a\uffff", true, "must not contain the character U+FFFF"},
		{"a\xffb", true, "must be UTF-8"},
		{"\xed\xa0\x80", true, "must be UTF-8"}, // a surrogate
	} {
		if got := TextProblem(tc.s, tc.lines); got != tc.want {
			t.Errorf("TextProblem(%q, %v) = %q, want %q", tc.s, tc.lines, got, tc.want)
		}
	}
}

// TestChecksRefuseControlCharacters: the checks of clients, services and
// teams refuse what the HTTP boundary refuses, for the other ways in.
func TestChecksRefuseControlCharacters(t *testing.T) {
	c := &Client{Name: "a\x00", Use: "G03", Address: Address{Street: "b\nc"}}
	err := checkClient(c, nil)
	if e, ok := err.(*Error); !ok || len(e.Fields) != 2 || e.Fields[0].Field != "address.street" || e.Fields[1].Field != "name" {
		t.Errorf("checkClient = %v, want address.street and name", err)
	}
	p := &Product{Description: "línea 1\nlínea 2", SKU: "s\x01", ProductKey: "01010101", UnitKey: "E48", Currency: "MXN", Taxability: "01"}
	p.Quantity = decimal.NewFromInt(1)
	err = checkProduct(p, nil, nil)
	if e, ok := err.(*Error); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "sku" {
		t.Errorf("checkProduct = %v, want sku only", err)
	}
	tm := &Team{LegalName: "X\uffff"}
	if pr := CheckTeamProfile(tm); len(pr) != 1 || pr[0].Field != "legal_name" {
		t.Errorf("CheckTeamProfile = %v, want legal_name", pr)
	}
}
