package httpapi

import "math/rand/v2"

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newRequestID returns "req_" plus 22 base62 characters. Request ids need to
// be unique, not secret, so the fast runtime generator is enough.
func newRequestID() string {
	var b [4 + 22]byte
	copy(b[:], "req_")
	x, y := rand.Uint64(), rand.Uint64()
	for i := 4; i < len(b); i++ {
		if i == 15 {
			x = y
		}
		b[i] = base62[x%62]
		x /= 62
	}
	return string(b[:])
}

// validRequestID accepts an incoming X-Request-Id of 1–128 printable ASCII
// characters; anything else is replaced by a generated id.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7e {
			return false
		}
	}
	return true
}
