package sello

import (
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"
)

// BadRune returns the first rune of s that no text field of Sello holds: a
// character that XML 1.0 cannot carry and PostgreSQL refuses in text (the
// C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF), DEL
// or a C1 control (U+007F to U+009F), or, unless lines, a tab, a line feed
// or a carriage return. A byte that is not UTF-8 is reported as
// utf8.RuneError. The HTTP adapter applies it to every body, query and
// path; the checks of clients, services and teams apply it again, for the
// other ways in (the portal's forms).
func BadRune(s string, lines bool) (rune, bool) {
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !lines {
				return r, true
			}
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
			return r, true
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return r, true
			}
		}
	}
	return 0, false
}

// TextProblem says what is wrong with s as the value of a text field (one
// line unless lines), or "" when nothing is.
func TextProblem(s string, lines bool) string {
	r, bad := BadRune(s, lines)
	switch {
	case !bad:
		return ""
	case r == utf8.RuneError:
		return "must be UTF-8"
	case r == '\t' || r == '\n' || r == '\r':
		return "must be a single line (no tab, line feed or carriage return)"
	}
	return fmt.Sprintf("must not contain the character U+%04X", r)
}

// checkText adds a problem for each field whose text TextProblem refuses;
// fields maps a field path to its value, all of them one line.
func checkText(p *Problems, fields map[string]string) {
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		if msg := TextProblem(fields[f], false); msg != "" {
			p.Add(f, "%s", msg)
		}
	}
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
