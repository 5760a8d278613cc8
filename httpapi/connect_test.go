package httpapi

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
)

// connectEnv is a running server whose Service has a master key, with a
// top-level team P (RFC EKU9003173C9), an unrelated team X, and a user of P.
type connectEnv struct {
	url    string
	svc    *sello.Service
	p, x   *sello.Team
	pKey   string
	pLive  string
	xKey   string
	userID string
}

func setupConnect(t *testing.T) *connectEnv {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, TestStamper: sandboxPAC(t, clk), MasterKey: bytes.Repeat([]byte{7}, sello.MasterKeySize), EventRenderer: RenderEvent})
	e := &connectEnv{svc: svc}
	newTeam := func(name, rfc string) (*sello.Team, *sello.TeamKeys) {
		tm := &sello.Team{LegalName: name, TaxID: rfc, TaxSystem: "601", Zip: "06600"}
		keys, err := svc.CreateTeam(ctx, tm)
		if err != nil {
			t.Fatalf("CreateTeam(%s): %v", name, err)
		}
		return tm, keys
	}
	var k *sello.TeamKeys
	e.p, k = newTeam("ESCUELA KEMPER URGATE", "EKU9003173C9")
	e.pKey, e.pLive = k.Test, k.Live
	e.x, k = newTeam("OTRA", "IIA040805DZ4")
	e.xKey = k.Test
	u, err := svc.CreateUser(ctx, e.p, &sello.User{Email: "ana@example.com", FirstName: "Ana"}, sello.RoleAdmin, true)
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	e.userID = string(u.ID)
	srv := httptest.NewServer(NewServer(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), WithVersion("test")))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

func (e *connectEnv) env() *env { return &env{url: e.url, svc: e.svc} }

// seedExample is the request example of the seed page, with placeholders.
const seedExample = `{
    "members": ["string"],
    "alias": "string",
    "primaryColor": "string",
    "logoUrl": "http://example.com",
    "legalName": "string",
    "taxId": "string",
    "address": {"street": "string", "city": "string", "state": "string", "zip": "string", "country": "string"},
    "contactEmails": ["user@example.com"],
    "supportEmail": "user@example.com",
    "supportPhone": "string",
    "taxSystem": "string",
    "metadata": {}
}`

// seedValid is the seed example with valid values.
func seedValid(userID string) string {
	r := strings.NewReplacer(`"members": ["string"]`, `"members": ["`+userID+`"]`,
		`"primaryColor": "string"`, `"primaryColor": "#FF6600"`,
		`"taxId": "string"`, `"taxId": "CACX7605101P8"`,
		`"taxSystem": "string"`, `"taxSystem": "612"`,
		`"zip": "string"`, `"zip": "06600"`, `"country": "string"`, `"country": "MEX"`,
		`"metadata": {}`, `"metadata": {"merchant": "m-1", "tier": 2}`)
	return r.Replace(seedExample)
}

func TestConnectSeedCreate(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	resp, body := e.do(t, "POST", "/v2/connect/teams", bearer(ce.pKey), seedValid(ce.userID))
	if resp.StatusCode != 200 {
		t.Fatalf("POST /v2/connect/teams = %d, want 200: %v", resp.StatusCode, body)
	}
	// Every field of the seed's response, typed as the seed says.
	types := map[string]string{
		"success": "bool", "message": "string", "next": "null", "totalResults": "number", "hasMore": "bool",
		"data.id": "string", "data.alias": "string", "data.legalName": "string", "data.logo": "string",
		"data.primaryColor": "string", "data.setupComplete": "bool", "data.members": "array",
		"data.members.0.id": "string", "data.members.0.email": "string", "data.members.0.role": "string",
		"data.members.0.isAdmin": "bool", "data.members.0.isSuperAdmin": "bool", "data.members.0.status": "string",
		"data.members.0.permissions.invoices": "string", "data.members.0.permissions.payments": "string",
		"data.members.0.permissions.expenses": "string", "data.members.0.permissions.services": "string",
		"data.supportEmail": "string", "data.address.street": "string", "data.address.city": "string",
		"data.address.state": "string", "data.address.zip": "string", "data.address.country": "string",
		"data.integrations.stripe.completed": "bool", "data.integrations.stripe.hasKeys": "bool",
		"data.integrations.facturapi.completed": "bool", "data.integrations.facturapi.hasKeys": "bool",
		"data.integrations.sat.completed": "bool", "data.integrations.sat.provider": "null",
		"data.integrations.sat.hasCertificate": "bool",
		"data.invoicesCreated":                 "number", "data.paymentsCreated": "number", "data.receiptsCreated": "number",
		"data.onboardingUrl": "string",
	}
	for path, want := range types {
		if got := jsonKindOf(lookup(body, path), path, body); got != want {
			t.Errorf("%s is %s (%v), want %s", path, got, lookup(body, path), want)
		}
	}
	want := map[string]any{
		"message": "Team created successfully", "totalResults": 1.0, "total_results": 1.0, "has_more": false,
		"data.alias": "string", "data.legalName": "string", "data.logo": "http://example.com", "data.primaryColor": "#FF6600",
		"data.setupComplete": false, "data.taxId": "CACX7605101P8", "data.taxSystem": "612",
		"data.members.0.id": ce.userID, "data.members.0.email": "ana@example.com", "data.members.0.role": "admin",
		"data.members.0.isAdmin": true, "data.members.0.isSuperAdmin": true, "data.members.0.permissions.invoices": "edit",
		"data.parentTeam": string(ce.p.ID), "data.address.zip": "06600", "data.address.country": "MEX",
		"data.metadata": map[string]any{"merchant": "m-1", "tier": 2.0}, "data.supportPhone": "string",
	}
	for path, w := range want {
		if diff := cmp.Diff(w, lookup(body, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	if u, _ := lookup(body, "data.onboardingUrl").(string); !strings.HasPrefix(u, e.url+"/onboarding/") {
		t.Errorf("onboardingUrl = %q, want %s/onboarding/…", u, e.url)
	}
	events, _, _, err := ce.svc.FindEvents(context.Background(), sello.EventFilter{TeamID: ce.p.ID, Type: sello.EventTeamCreated, ListOptions: sello.ListOptions{Limit: 5}})
	if err != nil || len(events) != 1 || events[0].ObjectID != lookup(body, "data.id") {
		t.Errorf("teams.created events of the parent = %v, %v; want one for the new team", events, err)
	} else if !strings.Contains(string(events[0].Data), `"parent_team":"`+string(ce.p.ID)+`"`) {
		t.Errorf("teams.created data = %s, want the snake Team", events[0].Data)
	}

	e.run(t, []scenario{
		{name: "seed example as is", method: "POST", path: "/v2/connect/teams", hdr: bearer(ce.pKey), body: seedExample,
			status: 400, code: "validation_failed", want: map[string]any{"error.details": []any{
				"taxId: is not a valid RFC: RFC \"STRING\": an RFC has 12 characters (persona moral) or 13 (persona física): it has 6",
				"taxSystem: must be a c_RegimenFiscal code (for example 601)",
				"address.country: must be a c_Pais code (MEX), an alpha-2 code (MX) or a country name",
				"address.zip: must be a 5-digit postal code",
				"primaryColor: must be a hex colour #RRGGBB or #RGB",
				"members[0]: user string does not exist",
			}}},
		{name: "no key", method: "POST", path: "/v2/connect/teams", body: seedValid(ce.userID), status: 401, code: "unauthorized"},
		{name: "missing required fields", method: "POST", path: "/v2/connect/teams", hdr: bearer(ce.pKey), body: `{"alias":"x"}`,
			status: 400, code: "validation_failed", want: map[string]any{"error.details": []any{
				"members: is required", "primaryColor: is required", "logoUrl: is required", "legalName: is required",
				"address: is required", "contactEmails: is required", "supportEmail: is required"}}},
		{name: "overview body", method: "POST", path: "/v2/connect/teams", hdr: bearer(ce.pKey),
			body: `{"name":"Mi Tienda","country":"MX","industry":"retail","settings":{"currency":"MXN"}}`, status: 200,
			want: map[string]any{"data.alias": "Mi Tienda", "data.legalName": "Mi Tienda", "data.address.country": "MEX",
				"data.preferences": map[string]any{"industry": "retail", "currency": "MXN"}}},
	})
}

// jsonKindOf names the JSON type of v; a missing path is "missing".
func jsonKindOf(v any, path string, body map[string]any) string {
	switch v.(type) {
	case nil:
		parent, key := "", path
		if i := strings.LastIndex(path, "."); i >= 0 {
			parent, key = path[:i], path[i+1:]
		}
		var m any = body
		if parent != "" {
			m = lookup(body, parent)
		}
		if mm, ok := m.(map[string]any); ok {
			if _, present := mm[key]; present {
				return "null"
			}
		}
		return "missing"
	case bool:
		return "bool"
	case string:
		return "string"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

// runSeq runs scenarios one after the other, for steps that depend on the
// ones before.
func (e *env) runSeq(t *testing.T, tests []scenario) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { e.run(t, []scenario{tc}) })
	}
}
