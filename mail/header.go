package mail

import (
	"mime"
	"net/mail"
	"strings"
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

// encodeText returns s as RFC 2047 encoded words when it is not plain
// printable ASCII, after turning line breaks into spaces: a header value
// can never end the header early.
func encodeText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	return mime.QEncoding.Encode("utf-8", s)
}

// addressList renders addresses for a header, names RFC 2047-encoded.
func addressList(list []*mail.Address) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
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
