package postgres

import (
	"database/sql"
	"time"
)

// stamp is the stored form of a time in this engine: timestamptz. Files
// shared in shape with the SQLite engine use it so their SQL and Go read the
// same.
type stamp = time.Time

func toStamp(t time.Time) stamp { return t.UTC() }

func fromStamp(s stamp) time.Time { return s.UTC() }

func (db *DB) writer() *sql.DB { return db.pool }

func (db *DB) reader() *sql.DB { return db.pool }

// metadataWhere adds the condition that the top-level metadata value key,
// as a string, equals value.
func metadataWhere(l *list, key, value string) {
	l.where(`(doc::jsonb -> 'metadata' ->> ?) = ?`, key, value)
}

// likeArg escapes s for LIKE … ESCAPE '\' as a substring pattern.
func likeArg(s string) string { return "%" + likeEscape(s) + "%" }
