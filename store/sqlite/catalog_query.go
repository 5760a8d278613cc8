package sqlite

// catalogQuery adds the q condition: a substring of the folded search text,
// which starts with the code, so a code prefix matches too. Patterns of
// three characters or more go through the FTS5 trigram index.
func catalogQuery(q *list, folded string) {
	q.where(`e.rowid IN (SELECT rowid FROM catalog_search WHERE search LIKE ? ESCAPE '\')`, likeArg(folded))
}
