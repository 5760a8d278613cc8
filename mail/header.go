package mail

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// maxLine is where headers are folded (RFC 5322 §2.1.1 recommends 78).
const maxLine = 76

// header appends one header field, folded at spaces outside quoted strings
// so that lines stay within maxLine unless one word is longer (RFC 2047
// words are at most 75). Unfolding (removing each CRLF) gives back
// "name: value".
func header(b *strings.Builder, name, value string) {
	line := len(name) + 1
	b.WriteString(name)
	b.WriteString(":")
	for _, word := range words(value) {
		if word != "" && line+1+len(word) > maxLine {
			b.WriteString("\r\n")
			line = 0
		}
		b.WriteString(" ")
		b.WriteString(word)
		line += 1 + len(word)
	}
	b.WriteString("\r\n")
}

// words splits s at the spaces that are not inside a quoted string, where
// a fold could change the value.
func words(s string) []string {
	var out []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case c == '\\' && quoted:
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ' ' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// encodeText returns s, with line breaks turned into spaces so that a
// header can never end early, as RFC 2047 encoded words when it is not
// plain printable ASCII; the first word fits in first characters.
func encodeText(s string, first int) string {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	if !needsEncoding(s) {
		return s
	}
	return qWords(s, first)
}

// needsEncoding reports whether s has a byte that a header cannot carry
// as is, or "=?", which a reader would take for an encoded word.
func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c >= 0x7f {
			return true
		}
	}
	return strings.Contains(s, "=?")
}

// qWords encodes s as "Q" encoded words of UTF-8 (RFC 2047 §4.2, §5(3)),
// none longer than 75 characters, the first no longer than first, and
// none splitting a character.
func qWords(s string, first int) string {
	const pre, post = "=?utf-8?q?", "?="
	var words []string
	var w strings.Builder
	limit := min(first, 75)
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		enc := qChar(s[i : i+n])
		i += n
		if w.Len() > 0 && len(pre)+w.Len()+len(enc)+len(post) > limit {
			words = append(words, pre+w.String()+post)
			w.Reset()
			limit = 75
		}
		w.WriteString(enc)
	}
	return strings.Join(append(words, pre+w.String()+post), " ")
}

// qChar is the Q encoding of one character's bytes: letters, digits and
// "!*+-/" as themselves, space as "_", anything else as =XX.
func qChar(c string) string {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		switch x := c[i]; {
		case x == ' ':
			b.WriteByte('_')
		case x < 0x80 && (x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z' || x >= '0' && x <= '9' || strings.IndexByte("!*+-/", x) >= 0):
			b.WriteByte(x)
		default:
			fmt.Fprintf(&b, "=%02X", x)
		}
	}
	return b.String()
}

// addressList renders addresses for a header whose name takes taken
// characters of the first line; display names that are not ASCII become
// encoded words.
func addressList(list []*mail.Address, taken int) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = nameAddr(a, maxLine-taken-1)
		taken = 0
	}
	return strings.Join(s, ", ")
}

// nameAddr renders "name <addr>", the name's first word fitting in first.
func nameAddr(a *mail.Address, first int) string {
	if !needsEncoding(a.Name) {
		return a.String()
	}
	return qWords(a.Name, first) + " " + (&mail.Address{Address: a.Address}).String()
}

// domainOf returns the domain of an address, for Message-ID.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i+1 < len(addr) {
		return addr[i+1:]
	}
	return "sello.invalid"
}

// token keeps only the letters and digits of s, so that an injected id is
// safe inside a Message-ID and a MIME boundary.
func token(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}
