package postgres

import (
	"strings"
	"unicode"
)

// Search (q) on clients and catalogs is word-prefix on folded text, as on
// SQLite: every word of the query starts a word of the entry's search text.
// Words are runs of letters and digits. Each searchable row keeps those
// words as a tsvector (built with array_to_tsvector, no parser or
// dictionary), served by a GIN index; a query is a tsquery of prefix terms.

// searchCountCap bounds the counting work of a search: total_results of a
// list with q counts at most this many matches. A search that matches more
// reports searchCountCap and still pages through all of them.
const searchCountCap = 1000

// searchWords splits folded text into its words.
func searchWords(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// tsQuery turns a folded query into a tsquery of prefix terms, "" when the
// query has no word. Words hold no quote, so quoting them is enough.
func tsQuery(folded string) string {
	words := searchWords(folded)
	for i, w := range words {
		words[i] = "'" + w + "':*"
	}
	return strings.Join(words, " & ")
}
