package sqlstore

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
// by row.
func (db *DB) metadataPairs(q *list, table string, team sello.TeamID, livemode bool, pairs map[string]string) {
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
}

// pairFacet is the facet of list_counts under which the rows holding a
// metadata pair are counted (migration 00170 writes it in SQL: length is
// in characters).
func pairFacet(key, value string) string {
	return "m" + strconv.Itoa(utf8.RuneCountInString(key)) + ":" + key + "=" + value
}

// onePair returns the facet of the one metadata pair of a filter, or false
// when it has none or several.
func onePair(pairs map[string]string) (string, bool) {
	if len(pairs) != 1 {
		return "", false
	}
	for k, v := range pairs {
		return pairFacet(k, v), true
	}
	return "", false
}
