package httpapi

import "github.com/sello-mx/sello"

// validPath reports whether a request path can name a route: UTF-8 without
// control characters (sello.BadRune). ServeHTTP answers any other path 404
// before routing, so that no path parameter holding NUL or bytes that are
// not UTF-8 reaches a store (PostgreSQL refuses both in text) or a log line.
func validPath(p string) bool {
	_, bad := sello.BadRune(p, false)
	return !bad
}
