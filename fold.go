package sello

import "strings"

// Fold returns s the way searches compare text: lower case, without the
// accents of Spanish ("Peña Núñez" → "pena nunez"), with single spaces. Both
// engines store a folded copy of the searchable fields and match a folded
// query against it with LIKE, so search is accent- and case-insensitive the
// same way on SQLite and PostgreSQL.
//
// The unit separator (\x1f), which joins the parts of a search text, is a
// space: a query never holds it, so it never spans two parts.
func Fold(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "\x1f", " ")), " "))
	return strings.Map(func(r rune) rune {
		switch r {
		case 'á', 'à', 'ä', 'â', 'ã':
			return 'a'
		case 'é', 'è', 'ë', 'ê':
			return 'e'
		case 'í', 'ì', 'ï', 'î':
			return 'i'
		case 'ó', 'ò', 'ö', 'ô', 'õ':
			return 'o'
		case 'ú', 'ù', 'ü', 'û':
			return 'u'
		case 'ñ':
			return 'n'
		case 'ç':
			return 'c'
		}
		return r
	}, s)
}

// foldJoin folds each part and joins them with a separator no query holds.
func foldJoin(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			out = append(out, Fold(p))
		}
	}
	return strings.Join(out, "\x1f")
}
