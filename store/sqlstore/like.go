package sqlstore

import "strings"

// LikeEscape escapes the LIKE wildcards of s with a backslash.
func LikeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// LikeArg escapes s for LIKE … ESCAPE '\' as a substring pattern.
func LikeArg(s string) string { return "%" + LikeEscape(s) + "%" }

// searchWhere adds the q condition: folded is a substring of the folded
// search text.
func (db *DB) searchWhere(l *list, folded string) {
	l.where(db.d.Contains("search", folded))
}

// metadataWhere adds the condition that the top-level metadata value key,
// as text, equals value.
func (db *DB) metadataWhere(l *list, key, value string) {
	cond, path := db.d.Metadata(key)
	l.where(cond, path, value)
}
