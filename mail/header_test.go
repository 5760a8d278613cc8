package mail

import (
	"mime"
	"strings"
	"testing"
)

func TestEncodeText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"Factura A-17", "Factura A-17"},
		{"Señor", "=?utf-8?q?Se=C3=B1or?="},
		{"a=?b?=", "=?utf-8?q?a=3D=3Fb=3F=3D?="},
		{"tab\tok", "tab\tok"},
		{"bell\a", "=?utf-8?q?bell=07?="},
		{"two\r\nlines\n", "two lines "},
		{"x\xff", "=?utf-8?q?x=FF?="},
	}
	for _, tt := range tests {
		if got := encodeText(tt.in, 67); got != tt.want {
			t.Errorf("encodeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQWords(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"ñ", strings.Repeat("ñandú ", 40), strings.Repeat("€", 100), "a" + strings.Repeat("😀", 30)} {
		for _, first := range []int{10, 40, 67, 100} {
			got := qWords(s, first)
			for i, w := range strings.Split(got, " ") {
				limit := 75
				if i == 0 {
					limit = min(first, 75)
				}
				if len(w) > limit && len(w) > len("=?utf-8?q?=F0=9F=98=80?=") {
					t.Errorf("qWords(%q, %d) word %d has %d characters", s, first, i, len(w))
				}
			}
			dec, err := new(mime.WordDecoder).DecodeHeader(got)
			if err != nil || dec != s {
				t.Errorf("qWords(%q, %d) decodes to %q, %v", s, first, dec, err)
			}
		}
	}
}
