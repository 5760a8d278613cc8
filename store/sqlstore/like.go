package sqlstore

import (
	"maps"
	"slices"
	"strings"

	"github.com/sello-mx/sello"
)

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

// metadataPairs adds a list's metadata filters (API.md §6) on the pairs of
// migration 00170, which hold the top-level scalar metadata values of the
// rows of table: the list walks the first pair's entries in creation order
// unless a hook already chose how it reads; each other pair is looked up
// by row. onePair is the list_counts facet of the filter's pair when it
// has exactly one.
func (db *DB) metadataPairs(q *list, table string, team sello.TeamID, livemode bool, pairs map[string]string) (onePair string, ok bool) {
	pairs = db.indexedPairs(pairs)
	lead := q.from == table
	for i, k := range slices.Sorted(maps.Keys(pairs)) {
		if i == 0 && lead {
			q.from, q.created, q.id = db.d.Lead(`metadata_pairs`, table), `m_created`, `m_id`
			q.where(`m_list = ? AND m_team = ? AND m_mode = ? AND m_key = ? AND m_value = ? AND `+table+`.id = m_id`,
				table, team, livemode, k, pairs[k])
			continue
		}
		q.where(`EXISTS (SELECT 1 FROM metadata_pairs p WHERE p.m_list = ? AND p.m_id = `+table+`.id
			AND p.m_key = ? AND p.m_value = ?)`, table, k, pairs[k])
	}
	if len(pairs) != 1 {
		return "", false
	}
	for k, v := range pairs {
		onePair = metadataFacet(k, v)
	}
	return onePair, true
}

// indexedPairs returns a list's metadata filters as metadata pairs are
// indexed (Dialect.PairText).
func (db *DB) indexedPairs(pairs map[string]string) map[string]string {
	if len(pairs) == 0 {
		return pairs
	}
	out := make(map[string]string, len(pairs))
	for k, v := range pairs {
		out[db.d.PairText(k)] = db.d.PairText(v)
	}
	return out
}
