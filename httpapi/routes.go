package httpapi

import (
	"net/http"

	"github.com/sello-mx/sello"
)

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
	Surface surface
	// Public marks a route that takes no API key: health, metrics, the
	// OpenAPI document, Stripe's webhook. Every other route requires one.
	Public  bool
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
	// Resumable says the ids the route creates derive from its idempotency
	// key (sello.WithIdempotency), so that the request may run again when
	// the process that ran it died: recovery frees such keys at once
	// (docs/RELIABILITY.md). Other routes' keys stay in progress.
	Resumable bool
	// Aliases are the route's own input spellings (API.md §3.4).
	Aliases aliasTable
	// Query documents the route's filter parameters.
	Query []string
	// Raw marks a route whose answer is not the JSON envelope.
	Raw string
	// Multipart marks a route whose body is multipart/form-data, read by the
	// handler from call.raw.
	Multipart bool

	name         string
	aliases      aliasTable
	queryAliases aliasTable
}

// routeTable lists every route Sello serves.
func (s *Server) routeTable() []*route {
	rts := []*route{
		// Operations: health, metrics, this document
		{Method: "GET", Pattern: "/healthz", Handler: s.health, Surface: surfaceOps, Public: true,
			Summary:  "Liveness",
			Response: healthData{}},
		{Method: "GET", Pattern: "/health", Handler: s.health, Surface: surfaceOps, Public: true,
			Summary:  "Liveness (alias of /healthz)",
			Response: healthData{}},
		{Method: "GET", Pattern: "/readyz", Handler: s.ready, Surface: surfaceOps, Public: true,
			Summary:  "Readiness: 503 when the database is unreachable",
			Response: healthData{}},
		{Method: "GET", Pattern: "/metrics", Handler: s.metricsText, Surface: surfaceOps, Public: true,
			Raw:     "text/plain",
			Summary: "Prometheus metrics"},
		{Method: "GET", Pattern: "/v2/openapi.json", Handler: s.openAPI, Surface: surfaceOps, Public: true,
			Raw:     "application/json",
			Summary: "This OpenAPI 3.1 document"},

		// Connectivity
		{Method: "GET", Pattern: "/v2/ping", Handler: s.ping, Surface: surfaceS,
			Summary:  "Check connectivity and the API key",
			Response: pingData{}},
		{Method: "POST", Pattern: "/v2/ping", Handler: s.ping, Surface: surfaceS,
			AnyJSON: true,
			Summary: "Echo a POST",
			Request: anyJSON{}, Response: pingData{}},
		{Method: "PUT", Pattern: "/v2/ping", Handler: s.ping, Surface: surfaceS,
			AnyJSON: true,
			Summary: "Echo a PUT",
			Request: anyJSON{}, Response: pingData{}},
		{Method: "DELETE", Pattern: "/v2/ping", Handler: s.ping, Surface: surfaceS,
			AnyJSON: true,
			Summary: "Echo a DELETE",
			Request: anyJSON{}, Response: pingData{}},

		// Teams of both surfaces: the key's team and its Connect children, members, series, settings, the SAT and Stripe
		{Method: "GET", Pattern: "/v2/teams", Handler: s.listTeams, Surface: surfaceC,
			List:     true,
			Summary:  "List the target team, then its children",
			Response: teamView{}},
		{Method: "GET", Pattern: "/v2/teams/{id}", Handler: s.getTeam, Surface: surfaceC,
			Summary:  "Get a team (own or child)",
			Response: teamView{}},
		{Method: "GET", Pattern: "/v2/teams/integrations", Handler: s.teamIntegrations, Surface: surfaceC,
			Summary:  "The target team's integrations",
			Response: integrationsView{}},
		{Method: "POST", Pattern: "/v2/teams", Handler: s.createChildTeam, Surface: surfaceC,
			Status:  201,
			Summary: "Create a child team",
			Request: teamRequest{}, Response: teamView{}},
		{Method: "PUT", Pattern: "/v2/teams/{id}", Handler: s.updateTeam, Surface: surfaceC,
			Summary: "Update a team (own or child)",
			Request: teamUpdate{}, Response: teamView{}},
		{Method: "DELETE", Pattern: "/v2/teams/{id}", Handler: s.deleteTeam, Surface: surfaceC,
			Summary:  "Delete a child team",
			Response: deletedView{}},
		{Method: "GET", Pattern: "/v2/teams/{id}/onboarding-url", Handler: s.onboardingLink, Surface: surfaceC,
			Summary:  "A fresh onboarding URL (data is the URL)",
			Response: ""},
		{Method: "POST", Pattern: "/v2/teams/{id}/add-member", Handler: s.addMember, Surface: surfaceC,
			Summary: "Add a member or change its role",
			Request: memberRoleRequest{}, Response: memberSnakeView{}},
		{Method: "POST", Pattern: "/v2/teams/{id}/remove-member", Handler: s.removeMember, Surface: surfaceC,
			Summary: "Remove a member",
			Request: memberRoleRequest{}, Response: memberSnakeView{}},
		{Method: "GET", Pattern: "/v2/teams/{id}/series", Handler: s.listSeries, Surface: surfaceC,
			List:     true,
			Summary:  "List the team's folio series",
			Response: seriesView{}},
		{Method: "POST", Pattern: "/v2/teams/{id}/series", Handler: s.createSeries, Surface: surfaceC,
			Status:  201,
			Summary: "Create a folio series",
			Request: seriesRequest{}, Response: seriesView{}},
		{Method: "PUT", Pattern: "/v2/teams/{id}/series/{seriesId}", Handler: s.updateSeries, Surface: surfaceC,
			Summary: "Set a series' next folios (by id or name)",
			Request: seriesRequest{}, Response: seriesView{}},
		{Method: "GET", Pattern: "/v2/teams/{id}/settings", Handler: s.getSettings, Surface: surfaceC,
			Summary:  "Get the team's settings",
			Response: sello.TeamSettings{}},
		{Method: "PUT", Pattern: "/v2/teams/{id}/settings", Handler: s.putSettings, Surface: surfaceC,
			Summary: "Update the team's settings (partial)",
			Request: sello.TeamSettings{}, Response: sello.TeamSettings{}},
		{Method: "POST", Pattern: "/v2/teams/{id}/sat-connection", Handler: s.satConnection, Surface: surfaceC,
			Multipart: true,
			Summary:   "Upload the CSD (multipart: cer, key, keyPass) for the key's mode",
			Request:   csdUploadRequest{}, Response: satView{}},
		{Method: "POST", Pattern: "/v2/connect/teams", Handler: s.createConnectTeam, Surface: surfaceS,
			Summary: "Create a team (seed or OLD overview body); 200 with list fields",
			Request: connectTeamRequest{}, Response: connectTeamView{}},
		{Method: "GET", Pattern: "/v2/connect/teams", Handler: s.listConnectTeams, Surface: surfaceS,
			List: true, Query: []string{"status"},
			Summary:  "List the target team's children",
			Response: connectTeamView{}},
		{Method: "GET", Pattern: "/v2/connect/teams/{id}", Handler: s.getConnectTeam, Surface: surfaceS,
			Summary:  "Get a team (own or child)",
			Response: connectTeamView{}},
		{Method: "PUT", Pattern: "/v2/connect/teams/{id}", Handler: s.updateConnectTeam, Surface: surfaceS,
			Summary: "Update a team; metadata is merged",
			Request: teamUpdate{}, Response: connectTeamView{}},
		{Method: "GET", Pattern: "/v2/connect/teams/{id}/onboarding", Handler: s.connectOnboarding, Surface: surfaceS,
			Summary:  "A fresh onboarding URL and the integrations' status",
			Response: onboardingView{}},
		{Method: "GET", Pattern: "/v2/connect/teams/{id}/members", Handler: s.connectMembers, Surface: surfaceS,
			List:     true,
			Summary:  "List the team's members",
			Response: memberView{}},
		{Method: "PUT", Pattern: "/v2/connect/teams/{id}/members", Handler: s.putConnectMembers, Surface: surfaceS,
			List:    true,
			Summary: "Add or update members",
			Request: membersRequest{}, Response: memberView{}},
		{Method: "DELETE", Pattern: "/v2/connect/teams/{id}/members", Handler: s.deleteConnectMembers, Surface: surfaceS,
			List: true, Query: []string{"members"},
			Summary: "Remove members",
			Request: membersRequest{}, Response: memberView{}},
		{Method: "PUT", Pattern: "/v2/teams/{id}/stripe", Handler: s.connectStripe, Surface: surfaceC,
			Summary: "Connect Stripe for the key's mode: the secret key and the webhook signing secret, sealed, never returned",
			Request: stripeRequest{}, Response: stripeView{}},

		// Users
		{Method: "GET", Pattern: "/v2/users", Handler: s.listUsers, Surface: surfaceC,
			List: true, Query: []string{"email", "role"},
			Summary:  "List the target team's users",
			Response: userView{}},
		{Method: "GET", Pattern: "/v2/users/{id}", Handler: s.getUser, Surface: surfaceC,
			Summary:  "Get a user",
			Response: userView{}},
		{Method: "POST", Pattern: "/v2/users", Handler: s.createUser, Surface: surfaceC,
			Status:  201,
			Summary: "Create a user (and make it a member)",
			Request: userRequest{}, Response: userView{}},
		{Method: "PUT", Pattern: "/v2/users/{id}", Handler: s.updateUser, Surface: surfaceC,
			Summary: "Update a user created by the target team",
			Request: userFields{}, Response: userView{}},
		{Method: "DELETE", Pattern: "/v2/users/{id}", Handler: s.deleteUser, Surface: surfaceC,
			Summary:  "Delete a user created by the target team",
			Response: deletedView{}},

		// Clients
		{Method: "POST", Pattern: "/v2/clients", Handler: s.createClient, Surface: surfaceShared,
			Status:  201,
			Summary: "Create a client, or find it with search (200)",
			Request: clientRequest{}, Response: clientView{}},
		{Method: "GET", Pattern: "/v2/clients", Handler: s.listClients, Surface: surfaceShared,
			List: true, Query: []string{"email", "tax_id", "name"},
			Summary:  "List clients",
			Response: clientView{}},
		{Method: "GET", Pattern: "/v2/clients/search", Handler: s.searchClients, Surface: surfaceShared,
			List: true, Query: []string{"q", "page"},
			Summary:  "Search clients (accent- and case-insensitive)",
			Response: clientView{}},
		{Method: "POST", Pattern: "/v2/clients/validate/{id}", Handler: s.validateClient, Surface: surfaceShared,
			Summary:  "Validate a client's fiscal data offline",
			Response: clientValidationView{}},
		{Method: "POST", Pattern: "/v2/clients/customerportal", Handler: s.portalLink, Surface: surfaceShared,
			Summary: "Signed, expiring link to the client's portal",
			Request: portalRequest{}, Response: portalLinkView{}},
		{Method: "GET", Pattern: "/v2/clients/{id}", Handler: s.getClient, Surface: surfaceShared,
			Summary:  "Get a client",
			Response: clientView{}},
		{Method: "PUT", Pattern: "/v2/clients/{id}", Handler: s.updateClient, Surface: surfaceShared,
			Summary: "Update a client (partial)",
			Request: clientFields{}, Response: clientView{}},
		{Method: "DELETE", Pattern: "/v2/clients/{id}", Handler: s.deleteClient, Surface: surfaceShared,
			Summary:  "Delete a client",
			Response: deletedView{}},

		// Services and the SAT catalogs
		{Method: "POST", Pattern: "/v2/services", Handler: s.createService, Surface: surfaceShared,
			Status: 201, Aliases: serviceAliases,
			Summary: "Create a service",
			Request: serviceRequest{}, Response: serviceView{}},
		{Method: "GET", Pattern: "/v2/services", Handler: s.listServices, Surface: surfaceShared,
			List: true, Aliases: serviceAliases, Query: []string{"name", "category", "active", "min_price", "max_price", "sku", "product_key"},
			Summary:  "List services",
			Response: serviceView{}},
		{Method: "GET", Pattern: "/v2/services/{id}", Handler: s.getService, Surface: surfaceShared,
			Summary:  "Get a service",
			Response: serviceView{}},
		{Method: "PUT", Pattern: "/v2/services/{id}", Handler: s.updateService, Surface: surfaceShared,
			Aliases: serviceAliases,
			Summary: "Update a service (partial)",
			Request: serviceRequest{}, Response: serviceView{}},
		{Method: "DELETE", Pattern: "/v2/services/{id}", Handler: s.deleteService, Surface: surfaceShared,
			Summary:  "Delete a service",
			Response: deletedView{}},
		{Method: "GET", Pattern: "/v2/catalogs", Handler: s.listCatalogs, Surface: surfaceS,
			List:     true,
			Summary:  "List the SAT catalogs",
			Response: catalogView{}},
		{Method: "GET", Pattern: "/v2/catalogs/{id}", Handler: s.getCatalog, Surface: surfaceS,
			List: true, Query: []string{"q", "active"},
			Summary:  "Entries of a SAT catalog, by code",
			Response: map[string]any{}},
		// Connect: teams, members, users, CSD upload (API.md §11.9–§11.11).

		// Invoices: income, egress, payment complements, drafts, files
		{Method: "POST", Pattern: "/v2/invoices", Handler: s.createInvoiceAs(""), Surface: surfaceS,
			Status: 201, BodyIdempotency: true, Resumable: true, Aliases: invoiceAliases,
			Summary: "Create an invoice (invoiceType I or E); 202 while pending",
			Request: typedInvoiceInput{}, Response: map[string]any{}},
		{Method: "GET", Pattern: "/v2/invoices", Handler: s.listInvoicesOf(""), Surface: surfaceS,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List invoices of every type (camel view); drafts with status=draft",
			Response: map[string]any{}},
		{Method: "GET", Pattern: "/v2/invoices/{id}", Handler: s.getInvoice, Surface: surfaceS,
			Summary:  "Get an invoice by UUID or invoice_ id (camel view)",
			Response: map[string]any{}},
		{Method: "POST", Pattern: "/v2/invoices/income", Handler: s.createInvoiceAs("I"), Surface: surfaceC,
			Status: 201, BodyIdempotency: true, Resumable: true, Aliases: invoiceAliases,
			Summary: "Issue an income invoice (type I); 202 while pending",
			Request: invoiceInput{}, Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/income", Handler: s.listInvoicesOf("I"), Surface: surfaceC,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List income invoices",
			Response: invoiceView{}},
		{Method: "POST", Pattern: "/v2/invoices/egress", Handler: s.createInvoiceAs("E"), Surface: surfaceC,
			Status: 201, BodyIdempotency: true, Resumable: true, Aliases: invoiceAliases,
			Summary: "Issue an egress invoice (type E); 202 while pending",
			Request: invoiceInput{}, Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/egress", Handler: s.listInvoicesOf("E"), Surface: surfaceC,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List egress invoices",
			Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/payment", Handler: s.listInvoicesOf("P"), Surface: surfaceC,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List payment complements (type P)",
			Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/complements", Handler: s.listInvoicesOf("P"), Surface: surfaceC,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List payment complements (alias of /v2/invoices/payment)",
			Response: invoiceView{}},
		{Method: "POST", Pattern: "/v2/invoices/draft", Handler: s.createDraft, Surface: surfaceC,
			Status: 201, BodyIdempotency: true, Resumable: true, Aliases: invoiceAliases,
			Summary: "Save a draft (types and formats checked only)",
			Request: typedInvoiceInput{}, Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/draft", Handler: s.listInvoicesOf("draft"), Surface: surfaceC,
			List: true, Aliases: invoiceAliases, Query: invoiceQuery,
			Summary:  "List drafts",
			Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/search", Handler: s.searchInvoices, Surface: surfaceC,
			List: true, Query: []string{"q", "page"},
			Summary:  "Search issued invoices by uuid, id, series and folio, client",
			Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/invoices/{kind}/{id}", Handler: s.getInvoiceOfKind, Surface: surfaceC,
			Summary:  "Get an invoice by UUID or id: kind is income, egress, payment (alias complements) or draft; another type is 404",
			Response: invoiceView{}},
		{Method: "PUT", Pattern: "/v2/invoices/draft/{id}", Handler: s.updateDraft, Surface: surfaceC,
			Aliases: invoiceAliases,
			Summary: "Update a draft (top-level keys merged, null removes)",
			Request: typedInvoiceInput{}, Response: invoiceView{}},
		{Method: "DELETE", Pattern: "/v2/invoices/draft/{id}", Handler: s.deleteDraft, Surface: surfaceC,
			Summary:  "Delete a draft",
			Response: deletedView{}},
		{Method: "POST", Pattern: "/v2/invoices/draft/{id}/stamp", Handler: s.stampDraft, Surface: surfaceC,
			Summary:  "Stamp a draft (same id); 409 when it is not a draft",
			Response: invoiceView{}},
		{Method: "POST", Pattern: "/v2/invoices/draft/{id}/preview", Handler: s.previewDraft, Surface: surfaceC,
			Summary:  "PDF preview of a draft, marked Sin validez fiscal",
			Response: draftPreviewView{}},
		{Method: "GET", Pattern: "/v2/invoices/{id}/files", Handler: s.invoiceFiles, Surface: surfaceC,
			Query:    []string{"file_type"},
			Summary:  "Signed download URLs (1 hour, no API key) of the PDF and XML",
			Response: filesView{}},
		{Method: "POST", Pattern: "/v2/invoices/{id}/send", Handler: s.sendInvoice, Surface: surfaceC,
			Summary: "E-mail an invoice's PDF and XML",
			Request: sendRequest{}, Response: sendView{}},
		{Method: "DELETE", Pattern: "/v2/invoices/{id}", Handler: s.cancelInvoice, Surface: surfaceC,
			Aliases: invoiceAliases, Query: []string{"motive", "substitution_uuid"},
			Summary: "Cancel an invoice (motive 01–04; substitution_uuid for 01); body or query",
			Request: cancelRequest{}, Response: invoiceView{}},
		{Method: "GET", Pattern: "/files/{token}", Handler: s.downloadFile, Surface: surfaceOps, Public: true,
			Raw:     "application/octet-stream",
			Summary: "Download an invoice file through a signed link (no API key)"},
		// Receipts (API.md §11.6), shared, dual casing.
		{Method: "POST", Pattern: "/v2/invoices/payment", Handler: s.createComplement, Surface: surfaceC,
			Status: 201, BodyIdempotency: true, Resumable: true, Aliases: invoiceAliases,
			Summary: "Issue a payment complement (type P) over valid PPD invoices of one client and currency",
			Request: complementRequestInput{}, Response: invoiceView{}},

		// Receipts and global invoices
		{Method: "POST", Pattern: "/v2/receipts", Handler: s.createReceipt, Surface: surfaceShared,
			Status: 201, BodyIdempotency: true, Aliases: invoiceAliases,
			Summary: "Create a receipt (pending), with its self-invoicing url",
			Request: receiptInput{}, Response: receiptView{}},
		{Method: "GET", Pattern: "/v2/receipts", Handler: s.listReceipts, Surface: surfaceShared,
			List: true, Query: receiptQuery,
			Summary:  "List receipts; status also takes expired",
			Response: receiptView{}},
		{Method: "POST", Pattern: "/v2/receipts/global-invoice", Handler: s.globalInvoice, Surface: surfaceShared,
			Status:  201,
			Summary: "Make (201) or get (200) the global invoice of a period that has ended",
			Request: globalInvoiceInput{}, Response: invoiceView{}},
		{Method: "GET", Pattern: "/v2/receipts/{id}", Handler: s.getReceipt, Surface: surfaceShared,
			Summary:  "Get a receipt",
			Response: receiptView{}},
		{Method: "PUT", Pattern: "/v2/receipts/{id}", Handler: s.updateReceipt, Surface: surfaceShared,
			Aliases: invoiceAliases,
			Summary: "Update a pending receipt (partial); 409 otherwise",
			Request: receiptInput{}, Response: receiptView{}},
		{Method: "DELETE", Pattern: "/v2/receipts/{id}", Handler: s.cancelReceipt, Surface: surfaceShared,
			Summary:  "Cancel a pending receipt (irreversible); 409 otherwise",
			Response: receiptView{}},
		{Method: "POST", Pattern: "/v2/receipts/{id}/stamp", Handler: s.stampReceipt, Surface: surfaceShared,
			Summary: "Invoice a pending receipt (at most once); 409 otherwise",
			Request: stampReceiptInput{}, Response: receiptView{}},
		{Method: "POST", Pattern: "/v2/clients/{id}/{action}", Handler: s.stampClientReceipts, Surface: surfaceShared,
			Summary:  "action stamp-pending-receipts: invoice every pending receipt of a client; data is the receipts completed (any other action: 404)",
			Response: []receiptView{}},
		// Payments (API.md §11.5) and the payment complement of §11.4.

		// Payments
		{Method: "POST", Pattern: "/v2/payments", Handler: s.requestPayment, Surface: surfaceS,
			Status: 201, BodyIdempotency: true, Aliases: paymentAliases,
			Summary: "Create a payment (OLD body; as /payments/request)",
			Request: paymentInput{}, Response: paymentView{}},
		{Method: "POST", Pattern: "/v2/payments/request", Handler: s.requestPayment, Surface: surfaceShared,
			Status: 201, BodyIdempotency: true, Aliases: paymentAliases,
			Summary: "Request a payment: requires_payment_method, with short_url; the PPD automation issues its invoice now",
			Request: paymentInput{}, Response: paymentView{}},
		{Method: "POST", Pattern: "/v2/payments/register", Handler: s.registerPayment, Surface: surfaceShared,
			Status: 201, BodyIdempotency: true, Aliases: paymentAliases,
			Summary: "Register a payment received: succeeded, automation run (pue_invoice by default)",
			Request: paymentInput{}, Response: paymentView{}},
		{Method: "GET", Pattern: "/v2/payments", Handler: s.listPayments, Surface: surfaceShared,
			List: true, Aliases: paymentAliases, Query: paymentQuery,
			Summary:  "List payments",
			Response: paymentView{}},
		{Method: "GET", Pattern: "/v2/payments/search", Handler: s.searchPayments, Surface: surfaceShared,
			List: true, Query: []string{"q", "status", "client_id"},
			Summary:  "Search payments by client name, RFC, email or id",
			Response: paymentView{}},
		{Method: "GET", Pattern: "/v2/payments/{id}", Handler: s.getPayment, Surface: surfaceShared,
			Summary:  "Get a payment",
			Response: paymentView{}},
		{Method: "PUT", Pattern: "/v2/payments/{id}", Handler: s.updatePayment, Surface: surfaceShared,
			Aliases: paymentAliases,
			Summary: "Update a payment: item descriptions, automation (while none), client, metadata",
			Request: paymentUpdateInput{}, Response: paymentView{}},
		{Method: "DELETE", Pattern: "/v2/payments/{id}", Handler: s.cancelPayment, Surface: surfaceShared,
			Summary:  "Cancel a payment waiting for its money with no invoice",
			Response: paymentView{}},
		{Method: "POST", Pattern: "/v2/payments/{id}/paid", Handler: s.paidPayment, Surface: surfaceShared,
			Aliases: paymentAliases,
			Summary: "Mark a payment paid (or one installment of a PPD payment); runs the automation",
			Request: paidInput{}, Response: paymentView{}},
		{Method: "POST", Pattern: "/v2/payments/{id}/refund", Handler: s.refundPayment, Surface: surfaceShared,
			Aliases: paymentAliases,
			Summary: "Refund a succeeded payment in full or in part",
			Request: refundInput{}, Response: paymentView{}},

		// Webhooks, their deliveries, and events
		{Method: "POST", Pattern: "/v2/webhooks", Handler: s.createWebhook, Surface: surfaceShared,
			Status:  201,
			Summary: "Create a webhook; its secret is shown only in this answer",
			Request: webhookRequest{}, Response: webhookView{}},
		{Method: "GET", Pattern: "/v2/webhooks", Handler: s.listWebhooks, Surface: surfaceShared,
			List: true, Query: webhookQuery,
			Summary:  "List webhooks",
			Response: webhookView{}},
		{Method: "GET", Pattern: "/v2/webhooks/{id}", Handler: s.getWebhook, Surface: surfaceShared,
			Summary:  "Get a webhook",
			Response: webhookView{}},
		{Method: "PUT", Pattern: "/v2/webhooks/{id}", Handler: s.updateWebhook, Surface: surfaceShared,
			Summary: "Update a webhook (partial)",
			Request: webhookRequest{}, Response: webhookView{}},
		{Method: "DELETE", Pattern: "/v2/webhooks/{id}", Handler: s.deleteWebhook, Surface: surfaceShared,
			Summary:  "Delete a webhook and drop its pending deliveries",
			Response: deletedView{}},
		{Method: "POST", Pattern: "/v2/webhooks/{id}/rotate-secret", Handler: s.rotateWebhookSecret, Surface: surfaceShared,
			Summary:  "Issue a new secret; the old one also signs for 24 hours",
			Response: webhookView{}},
		{Method: "GET", Pattern: "/v2/webhooks/{id}/deliveries", Handler: s.listDeliveries, Surface: surfaceShared,
			List: true, Query: deliveryQuery,
			Summary:  "List a webhook's deliveries, newest first",
			Response: deliveryView{}},
		{Method: "POST", Pattern: "/v2/webhooks/{id}/deliveries/{deliveryId}/retry", Handler: s.retryDelivery, Surface: surfaceShared,
			Summary:  "Attempt a delivery again now",
			Response: deliveryView{}},
		{Method: "GET", Pattern: "/v2/events", Handler: s.listEvents, Surface: surfaceShared,
			List: true, Query: eventQuery,
			Summary:  "List events, newest first",
			Response: eventView{}},
		{Method: "GET", Pattern: "/v2/events/{id}", Handler: s.getEvent, Surface: surfaceShared,
			Summary:  "Get an event",
			Response: eventView{}},
		{Method: "POST", Pattern: "/v2/events/{id}/replay", Handler: s.replayEvent, Surface: surfaceShared,
			Aliases: replayAliases,
			Summary: "Deliver an event again (same webhook-id) to one webhook, or to every subscribed one",
			Request: replayRequest{}, Response: deliveryView{}},
		// Invoices (API.md §11.4): surface S (camel) and C (snake), and the public file links.

		// Stripe's own webhook
		{Method: "POST", Pattern: "/stripe/webhook/{team_id}", Handler: s.stripeWebhook, Surface: surfaceOps, Public: true,
			Summary: "Stripe events of a team, verified with its Stripe-Signature; 400 when it does not verify",
			Request: anyJSON{}, Response: map[string]bool{}},
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
