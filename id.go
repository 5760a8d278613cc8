package sello

import (
	"crypto/rand"
	"io"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// IDGenerator makes identifiers: a prefix plus 24 random base62 characters
// (about 142 bits). Tests give it a deterministic reader.
type IDGenerator struct {
	Rand io.Reader // nil means crypto/rand
}

// New returns prefix followed by 24 random base62 characters.
func (g IDGenerator) New(prefix string) string {
	r := g.Rand
	if r == nil {
		r = rand.Reader
	}
	const n = 24
	out := make([]byte, 0, len(prefix)+n)
	out = append(out, prefix...)
	var buf [1]byte
	for len(out) < len(prefix)+n {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			panic("sello: id source failed: " + err.Error())
		}
		if buf[0] >= 248 { // reject to keep the distribution uniform (248 = 4*62)
			continue
		}
		out = append(out, base62[buf[0]%62])
	}
	return string(out)
}

// reader is the randomness behind the generator (crypto/rand when unset).
func (g IDGenerator) reader() io.Reader {
	if g.Rand == nil {
		return rand.Reader
	}
	return g.Rand
}

// TeamID identifies a team: "team_" plus random base62 characters.
type TeamID string

// UserID identifies a user: "user_" plus random base62 characters.
type UserID string
