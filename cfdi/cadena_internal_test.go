package cfdi

import "testing"

func TestNormalizeSpace(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"  a  ", "a"},
		{"a  b", "a b"},
		{"a \t\r\n b", "a b"},
		{"\t\n\r ", ""},
		{"17  24  3420  7010987", "17 24 3420 7010987"},
		{"a\u00a0\u00a0b", "a\u00a0\u00a0b"}, // no-break space is not XPath whitespace
		{"a\u3000b\u2003c\u0085d", "a\u3000b\u2003c\u0085d"},
		{"Ñ  ⏻ ", "Ñ ⏻"},
		{"a b", "a b"},
	}
	for _, tt := range tests {
		if got := normalizeSpace(tt.in); got != tt.want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
