package httpapi

import "net/http"

// surface is the API surface a route belongs to (API.md §2.2); it fixes the
// response casing and whether a body may name the Connect team.
type surface string

const (
	surfaceS      surface = "S"      // seed surface, camelCase
	surfaceC      surface = "C"      // current surface, snake_case
	surfaceShared surface = "shared" // both, dual casing
	surfaceOps    surface = "ops"    // health, metrics, the OpenAPI document
)

// route is one line of the route table.
type route struct {
	Method  string
	Pattern string // Go 1.22 ServeMux path pattern
	Handler handler
	Auth    bool
	Surface surface
	Summary string
	// Request and Response are zero values of the body and data types, for
	// the OpenAPI document (nil: no body / no envelope data).
	Request  any
	Response any
	// List marks a list route: the §6 parameters and the list envelope.
	List bool
	// Status is the success status (200 when zero).
	Status int
	// AnyJSON lets the body be any JSON value instead of an object.
	AnyJSON bool
	// BodyIdempotency honours the body field idempotency_key (API.md §7).
	BodyIdempotency bool
	// Aliases are the route's own input spellings (API.md §3.4).
	Aliases aliasTable
	// Query documents the route's filter parameters.
	Query []string
	// Raw marks a route whose answer is not the JSON envelope.
	Raw string

	name         string
	aliases      aliasTable
	queryAliases aliasTable
}

// routeTable lists every route Sello serves.
func (s *Server) routeTable() []*route {
	rts := []*route{
		{Method: "GET", Pattern: "/healthz", Handler: s.health, Surface: surfaceOps, Summary: "Liveness", Response: healthData{}},
		{Method: "GET", Pattern: "/health", Handler: s.health, Surface: surfaceOps, Summary: "Liveness (alias of /healthz)", Response: healthData{}},
		{Method: "GET", Pattern: "/readyz", Handler: s.ready, Surface: surfaceOps, Summary: "Readiness: 503 when the database is unreachable", Response: healthData{}},
		{Method: "GET", Pattern: "/metrics", Handler: s.metricsText, Surface: surfaceOps, Summary: "Prometheus metrics", Raw: "text/plain"},
		{Method: "GET", Pattern: "/v2/openapi.json", Handler: s.openAPI, Surface: surfaceOps, Summary: "This OpenAPI 3.1 document", Raw: "application/json"},

		{Method: "GET", Pattern: "/v2/ping", Handler: s.ping, Auth: true, Surface: surfaceS, Summary: "Check connectivity and the API key", Response: pingData{}},
		{Method: "POST", Pattern: "/v2/ping", Handler: s.ping, Auth: true, Surface: surfaceS, AnyJSON: true, Summary: "Echo a POST", Request: anyJSON{}, Response: pingData{}},
		{Method: "PUT", Pattern: "/v2/ping", Handler: s.ping, Auth: true, Surface: surfaceS, AnyJSON: true, Summary: "Echo a PUT", Request: anyJSON{}, Response: pingData{}},
		{Method: "DELETE", Pattern: "/v2/ping", Handler: s.ping, Auth: true, Surface: surfaceS, AnyJSON: true, Summary: "Echo a DELETE", Request: anyJSON{}, Response: pingData{}},

		{Method: "GET", Pattern: "/v2/teams", Handler: s.listTeams, Auth: true, Surface: surfaceC, List: true, Summary: "List the target team, then its children", Response: teamView{}},
		{Method: "GET", Pattern: "/v2/teams/{id}", Handler: s.getTeam, Auth: true, Surface: surfaceC, Summary: "Get a team (own or child)", Response: teamView{}},

		{Method: "POST", Pattern: "/v2/clients", Handler: s.createClient, Auth: true, Surface: surfaceShared, Status: 201, Summary: "Create a client, or find it with search (200)", Request: clientRequest{}, Response: clientView{}},
		{Method: "GET", Pattern: "/v2/clients", Handler: s.listClients, Auth: true, Surface: surfaceShared, List: true, Query: []string{"email", "tax_id", "name"}, Summary: "List clients", Response: clientView{}},
		{Method: "GET", Pattern: "/v2/clients/search", Handler: s.searchClients, Auth: true, Surface: surfaceShared, List: true, Query: []string{"q", "page"}, Summary: "Search clients (accent- and case-insensitive)", Response: clientView{}},
		{Method: "POST", Pattern: "/v2/clients/validate/{id}", Handler: s.validateClient, Auth: true, Surface: surfaceShared, Summary: "Validate a client's fiscal data offline", Response: clientValidationView{}},
		{Method: "POST", Pattern: "/v2/clients/customerportal", Handler: s.portalLink, Auth: true, Surface: surfaceShared, Summary: "Signed, expiring link to the client's portal", Request: portalRequest{}, Response: portalLinkView{}},
		{Method: "GET", Pattern: "/v2/clients/{id}", Handler: s.getClient, Auth: true, Surface: surfaceShared, Summary: "Get a client", Response: clientView{}},
		{Method: "PUT", Pattern: "/v2/clients/{id}", Handler: s.updateClient, Auth: true, Surface: surfaceShared, Summary: "Update a client (partial)", Request: clientRequest{}, Response: clientView{}},
		{Method: "DELETE", Pattern: "/v2/clients/{id}", Handler: s.deleteClient, Auth: true, Surface: surfaceShared, Summary: "Delete a client", Response: deletedView{}},
		{Method: "POST", Pattern: "/v2/services", Handler: s.createService, Auth: true, Surface: surfaceShared, Status: 201, Aliases: serviceAliases, Summary: "Create a service", Request: serviceRequest{}, Response: serviceView{}},
		{Method: "GET", Pattern: "/v2/services", Handler: s.listServices, Auth: true, Surface: surfaceShared, List: true, Aliases: serviceAliases, Query: []string{"name", "category", "active", "min_price", "max_price", "sku", "product_key"}, Summary: "List services", Response: serviceView{}},
		{Method: "GET", Pattern: "/v2/services/{id}", Handler: s.getService, Auth: true, Surface: surfaceShared, Summary: "Get a service", Response: serviceView{}},
		{Method: "PUT", Pattern: "/v2/services/{id}", Handler: s.updateService, Auth: true, Surface: surfaceShared, Aliases: serviceAliases, Summary: "Update a service (partial)", Request: serviceRequest{}, Response: serviceView{}},
		{Method: "DELETE", Pattern: "/v2/services/{id}", Handler: s.deleteService, Auth: true, Surface: surfaceShared, Summary: "Delete a service", Response: deletedView{}},
		{Method: "GET", Pattern: "/v2/catalogs", Handler: s.listCatalogs, Auth: true, Surface: surfaceS, List: true, Summary: "List the SAT catalogs", Response: catalogView{}},
		{Method: "GET", Pattern: "/v2/catalogs/{id}", Handler: s.getCatalog, Auth: true, Surface: surfaceS, List: true, Query: []string{"q", "active"}, Summary: "Entries of a SAT catalog, by code", Response: map[string]any{}},
	}
	return rts
}

// prepareRoutes fills the derived fields of every route.
func prepareRoutes(rts []*route) {
	for _, rt := range rts {
		rt.name = rt.Method + " " + rt.Pattern
		rt.aliases = rt.Aliases
		rt.queryAliases = mergeAliases(queryAliases, rt.Aliases)
		if rt.Status == 0 {
			rt.Status = http.StatusOK
		}
	}
}
