package sello

import (
	"slices"
	"unicode/utf8"
)

// ShortQuery reports whether a folded query is too short for a trigram
// index: one or two characters. The stores answer the total of such a
// catalog query from ShortSubstringCounts, counted at import.
func ShortQuery(folded string) bool { return utf8.RuneCountInString(folded) <= 2 }

// ShortSubstringCounts counts, for every string of one or two characters,
// how many of texts contain it. A trigram index (FTS5's trigram tokenizer,
// pg_trgm) cannot find a query that short, and one that short usually
// matches most of a catalog, so the stores count them here once, at import,
// instead of reading the whole catalog on every search.
func ShortSubstringCounts(texts []string) map[string]int {
	counts := make(map[uint64]int)
	var grams []uint64
	for _, t := range texts {
		grams = grams[:0]
		prev := rune(-1)
		for _, r := range t {
			grams = append(grams, uint64(uint32(r))<<32|0xFFFFFFFF)
			if prev >= 0 {
				grams = append(grams, uint64(uint32(prev))<<32|uint64(uint32(r)))
			}
			prev = r
		}
		slices.Sort(grams)
		for _, g := range slices.Compact(grams) {
			counts[g]++
		}
	}
	out := make(map[string]int, len(counts))
	for g, n := range counts {
		s := string(rune(g >> 32))
		if low := uint32(g); low != 0xFFFFFFFF {
			s += string(rune(low))
		}
		out[s] = n
	}
	return out
}
