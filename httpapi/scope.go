package httpapi

import "strings"

// outOfScopePrefixes are the routes API.md §16 leaves out; they answer 404
// "Route not found" even where a parameter route would otherwise match.
var outOfScopePrefixes = []string{
	"/v1/", "/v2/invoices/sat", "/v2/invoices/download", "/v2/invoices/batch",
	"/v2/invoices/import", "/v2/invoices/transfer", "/v2/invoices/eom",
	"/v2/invoices/errors", "/v2/retentions", "/v2/journeys", "/v2/journey-groups",
	"/v2/sheets", "/v2/documents", "/v2/support-documents", "/v2/users/me",
	"/v2/auth", "/v2/api-keys", "/v2/invitations", "/v2/mcp",
	"/v2/receipts/search", "/v2/clients/csf", "/v2/users/reset-password",
	"/v2/users/login-link", "/v2/webhooks/configuration-operations",
}

// outOfScopeTeamSuffixes follow /v2/teams/{id}/.
var outOfScopeTeamSuffixes = []string{"billing", "members", "fiscal-status", "fiscal-upload", "invitations", "integration-settings", "manifest"}

// outOfScope reports whether path is one of the routes of API.md §16.
func outOfScope(path string) bool {
	if !strings.HasPrefix(path, "/v") {
		return false
	}
	for _, p := range outOfScopePrefixes {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(path, "/v2/teams/"); ok {
		if _, sub, ok := strings.Cut(rest, "/"); ok {
			first, _, _ := strings.Cut(sub, "/")
			for _, s := range outOfScopeTeamSuffixes {
				if first == s {
					return true
				}
			}
		}
	}
	if rest, ok := strings.CutPrefix(path, "/v2/receipts/"); ok && strings.HasSuffix(rest, "/reopen") {
		return true
	}
	return false
}
