package sqlite

import (
	"database/sql/driver"
	"strings"
	"unicode"

	"modernc.org/sqlite"
)

// Search (q) on clients and catalogs is word-prefix on folded text: every
// word of the query starts a word of the entry's search text. Words are runs
// of letters and digits, split where FTS5's unicode61 tokenizer splits, so
// "pena 42" finds "PEÑA NÚÑEZ 4242" and "diaz@" finds "bruno.diaz@x.mx",
// but "ena" does not find "peña". Both engines answer the same way (the
// PostgreSQL store keeps a tsvector of the same words).

// searchCountCap bounds the counting work of a search: total_results of a
// list with q counts at most this many matches. A search that matches more
// reports searchCountCap and still pages through all of them (has_more,
// next), so a search box pays for at most this many rows per request.
const searchCountCap = 1000

// searchWords splits folded text into its words.
func searchWords(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// ftsQuery turns a folded query into an FTS5 query: every word a quoted
// prefix term, so no character of the input has a meaning in FTS5 syntax.
// It is "" when the query has no word.
func ftsQuery(folded string) string {
	words := searchWords(folded)
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

// wordsMatch reports whether every word of query starts a word of text.
func wordsMatch(text string, query []string) bool {
	words := searchWords(text)
	for _, q := range query {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// The SQL function sello_words(text, query) is wordsMatch for the rows a
// search checks one by one (a common query walked in list order): query is
// the words of the folded query joined by spaces.
func init() {
	err := sqlite.RegisterDeterministicScalarFunction("sello_words", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		text, _ := args[0].(string)
		query, _ := args[1].(string)
		return wordsMatch(text, strings.Fields(query)), nil
	})
	if err != nil {
		panic("sqlite: cannot register sello_words: " + err.Error())
	}
}
