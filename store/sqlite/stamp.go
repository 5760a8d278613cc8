package sqlite

import (
	"database/sql"
	"time"
)

// stamp is the stored form of a time in this engine: unix nanoseconds.
// Files shared in shape with the PostgreSQL engine use it so their SQL and
// Go read the same.
type stamp = int64

func toStamp(t time.Time) stamp { return nanos(t) }

func fromStamp(s stamp) time.Time { return fromNanos(s) }

func (db *DB) writer() *sql.DB { return db.write }

func (db *DB) reader() *sql.DB { return db.read }

// metadataWhere adds the condition that the top-level metadata value key,
// as a string, equals value.
func metadataWhere(l *list, key, value string) {
	l.where(`CAST(json_extract(doc, ?) AS TEXT) = ?`, `$.metadata."`+key+`"`, value)
}

// likeArg escapes s for LIKE … ESCAPE '\' as a substring pattern.
func likeArg(s string) string { return "%" + likeEscape(s) + "%" }
