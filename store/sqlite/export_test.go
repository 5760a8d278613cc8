package sqlite

// SetTrigramCap sets how many matches of q a search reads by id.
func (db *DB) SetTrigramCap(n int) { db.trigramCap = n }
