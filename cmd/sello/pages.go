package main

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/portal"
)

// pagePrefixes are the paths the public pages serve (API.md §2.1).
var pagePrefixes = []string{"/onboarding/", "/autofactura", "/portal/", "/pay/"}

// withPages serves the public pages (portal) next to the API: requests under
// a page prefix go to the pages, every other request to api unchanged.
func withPages(api http.Handler, svc *sello.Service, logger *slog.Logger) http.Handler {
	pages := http.NewServeMux()
	portal.New(svc, logger).Register(pages)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range pagePrefixes {
			if strings.HasPrefix(r.URL.Path, p) {
				pages.ServeHTTP(w, r)
				return
			}
		}
		api.ServeHTTP(w, r)
	})
}
