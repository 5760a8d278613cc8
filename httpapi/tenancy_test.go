package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// A tenancy probe is one request that names objects of a victim (team and
// mode) by placeholders: {client}, {uuid}, … are the victim's objects
// (fixture below), {self.…} the caller's own. The matrix sends every probe
// as every kind of stranger and wants no 2xx, and no victim id in any 2xx
// answer.
type tenancyProbe struct {
	path, body string
	// team marks objects that belong to a team, not to a mode (teams,
	// members, users, series): the same team's other-mode key may use them.
	team bool
	// filter marks a probe whose ids only filter the caller's own data (a
	// query, a search, a find-or-create): a 2xx is fine as long as no
	// victim id comes back.
	filter bool
	// control is false when the owner's own request cannot succeed as
	// written (it needs state the fixture does not make); late runs the
	// owner's request after every other one (it deletes).
	control, late bool
	// dangling marks a probe that may store the id as it does an unknown
	// one (a draft is checked only when stamped): a 2xx must carry no
	// victim data, and then using the stored reference (this path, sent by
	// the caller; {created} is the new object's id) must fail.
	dangling string
	// inherited marks a probe naming the victim's users on the caller's own
	// team: a child team may attach its parent's users, so it is not sent
	// for the child.
	inherited bool
}

func probe(path, body string) tenancyProbe {
	return tenancyProbe{path: path, body: body, control: true}
}

func (p tenancyProbe) teamScoped() tenancyProbe { p.team = true; return p }
func (p tenancyProbe) filtering() tenancyProbe  { p.filter = true; return p }
func (p tenancyProbe) noControl() tenancyProbe  { p.control = false; return p }
func (p tenancyProbe) deletes() tenancyProbe    { p.late = true; return p }
func (p tenancyProbe) inherits() tenancyProbe   { p.inherited = true; return p }
func (p tenancyProbe) resolves(path string) tenancyProbe {
	p.dangling = path
	return p
}

// tenancyPublic are the routes without an API key, with why no tenant can
// reach another through them.
var tenancyPublic = map[string]string{
	"GET /healthz":                   "no tenant data",
	"GET /health":                    "no tenant data",
	"GET /readyz":                    "no tenant data",
	"GET /metrics":                   "no tenant data (counts per route)",
	"GET /v2/openapi.json":           "no tenant data",
	"GET /files/{token}":             "the signed, expiring token is the capability (TestInvoiceModes, files tests)",
	"POST /stripe/webhook/{team_id}": "verified with the team's own Stripe signing secret (stripe tests)",
}

const (
	tenancyItem    = `{"description":"Consultoría","quantity":1,"unit_price":1000,"product_key":"84111506","unit_key":"E48","taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa","withholding":false}]}`
	tenancyReceipt = `"items":[{"description":"Café","quantity":1,"unit_price":"50","taxes":[{"type":"iva","rate":0.16}]}],"payment_form":"01"`
)

// tenancyProbes lists, per route of the table, how it names objects. Every
// route with an API key must be here: a new route fails the matrix until it
// is classified.
func tenancyProbes() map[string][]tenancyProbe {
	inv := func(client string) string { return `{"client":` + client + `,"items":[` + tenancyItem + `]}` }
	byID := inv(`{"id":"{client}"}`)
	withService := `{"client":` + ureClient + `,"items":[{"id":"{service}","quantity":1}]}`
	related := `{"client":` + ureClient + `,"items":[` + tenancyItem + `],"related_documents":[{"relationship":"01","documents":["{uuid}"]}]}`
	search := inv(`{"search":{"on_key":"email","on_value":"{clientEmail}"}}`)
	pay := `{"client":{"id":"{client}"},"items":[` + ivaItem + `]}`
	return map[string][]tenancyProbe{
		"GET /v2/ping":    {probe("/v2/ping", "")},
		"POST /v2/ping":   {probe("/v2/ping", `{"a":1}`)},
		"PUT /v2/ping":    {probe("/v2/ping", `{"a":1}`)},
		"DELETE /v2/ping": {probe("/v2/ping", "")},

		"GET /v2/teams":              {probe("/v2/teams", "").teamScoped()},
		"GET /v2/teams/{id}":         {probe("/v2/teams/{team}", "").teamScoped(), probe("/v2/teams/{child}", "").teamScoped()},
		"GET /v2/teams/integrations": {probe("/v2/teams/integrations", "").teamScoped()},
		"POST /v2/teams": {
			probe("/v2/teams", `{"legal_name":"Intrusa","add_members":[{"id":"{user}","role":"admin"}]}`).teamScoped(),
			// members is not a field of this route (add_members is): ignored.
			probe("/v2/teams", `{"legal_name":"Intrusa","members":["{user}"]}`).teamScoped().filtering(),
		},
		"PUT /v2/teams/{id}":                {probe("/v2/teams/{team}", `{"support_phone":"5555555555"}`).teamScoped(), probe("/v2/teams/{child}", `{"support_phone":"5555555555"}`).teamScoped()},
		"DELETE /v2/teams/{id}":             {probe("/v2/teams/{childDel}", "").teamScoped().deletes()},
		"GET /v2/teams/{id}/onboarding-url": {probe("/v2/teams/{team}/onboarding-url", "").teamScoped(), probe("/v2/teams/{child}/onboarding-url", "").teamScoped()},
		"POST /v2/teams/{id}/add-member": {
			probe("/v2/teams/{team}/add-member", `{"id":"{user}","role":"viewer"}`).teamScoped(),
			probe("/v2/teams/{self.team}/add-member", `{"id":"{user}","role":"viewer"}`).teamScoped().inherits(),
			probe("/v2/teams/{self.team}/add-member", `{"id":"{userFree}","role":"viewer"}`).teamScoped().inherits(),
		},
		"POST /v2/teams/{id}/remove-member": {
			probe("/v2/teams/{team}/remove-member", `{"id":"{user}"}`).teamScoped().deletes(),
			probe("/v2/teams/{self.team}/remove-member", `{"id":"{user}"}`).teamScoped().noControl().inherits(),
		},
		"GET /v2/teams/{id}/series":             {probe("/v2/teams/{team}/series", "").teamScoped()},
		"POST /v2/teams/{id}/series":            {probe("/v2/teams/{team}/series", `{"series":"Q{n}"}`).teamScoped()},
		"PUT /v2/teams/{id}/series/{seriesId}":  {probe("/v2/teams/{team}/series/{series}", `{"test":50}`).teamScoped(), probe("/v2/teams/{self.team}/series/{series}", `{"test":50}`).teamScoped().noControl()},
		"GET /v2/teams/{id}/settings":           {probe("/v2/teams/{team}/settings", "").teamScoped()},
		"PUT /v2/teams/{id}/settings":           {probe("/v2/teams/{team}/settings", `{"use":"G03"}`).teamScoped()},
		"POST /v2/teams/{id}/sat-connection":    {probe("/v2/teams/{team}/sat-connection", "").teamScoped().noControl()},
		"PUT /v2/teams/{id}/stripe":             {probe("/v2/teams/{team}/stripe", `{"secret_key":"sk_test_x","webhook_secret":"whsec_x"}`).teamScoped().noControl()},
		"GET /v2/users":                         {probe("/v2/users", "").teamScoped(), probe("/v2/users?email={userEmail}", "").teamScoped().filtering()},
		"GET /v2/users/{id}":                    {probe("/v2/users/{user}", "").teamScoped()},
		"POST /v2/users":                        {probe("/v2/users", `{"email":"nuevo-{n}@example.com","auto_join":false}`).teamScoped()},
		"PUT /v2/users/{id}":                    {probe("/v2/users/{user}", `{"phone":"5555555555"}`).teamScoped()},
		"DELETE /v2/users/{id}":                 {probe("/v2/users/{userDel}", "").teamScoped().deletes()},
		"POST /v2/connect/teams":                {probe("/v2/connect/teams", seedValid("{user}")).teamScoped()},
		"GET /v2/connect/teams":                 {probe("/v2/connect/teams", "").teamScoped()},
		"GET /v2/connect/teams/{id}":            {probe("/v2/connect/teams/{team}", "").teamScoped(), probe("/v2/connect/teams/{child}", "").teamScoped()},
		"PUT /v2/connect/teams/{id}":            {probe("/v2/connect/teams/{child}", `{"supportPhone":"5555555555"}`).teamScoped()},
		"GET /v2/connect/teams/{id}/onboarding": {probe("/v2/connect/teams/{child}/onboarding", "").teamScoped()},
		"GET /v2/connect/teams/{id}/members":    {probe("/v2/connect/teams/{team}/members", "").teamScoped()},
		"PUT /v2/connect/teams/{id}/members": {
			probe("/v2/connect/teams/{team}/members", `{"members":[{"id":"{user}","role":"viewer"}]}`).teamScoped(),
			probe("/v2/connect/teams/{self.team}/members", `{"members":[{"id":"{user}","role":"viewer"}]}`).teamScoped().inherits(),
			probe("/v2/connect/teams/{self.team}/members", `{"members":["{userFree}"]}`).teamScoped().inherits(),
		},
		"DELETE /v2/connect/teams/{id}/members": {
			probe("/v2/connect/teams/{team}/members", `{"members":["{userOut}"]}`).teamScoped().deletes(),
			probe("/v2/connect/teams/{self.team}/members?members={user}", "").teamScoped().noControl().inherits(),
		},

		"POST /v2/clients":                {probe("/v2/clients", `{"legal_name":"UNIVERSIDAD ROBOTICA ESPAÑOLA","tax_id":"URE180429TM6","email":"{clientEmail}","search":{"on_key":"email","on_value":"{clientEmail}"}}`).filtering()},
		"GET /v2/clients":                 {probe("/v2/clients", ""), probe("/v2/clients?tax_id=URE180429TM6", "").filtering()},
		"GET /v2/clients/search":          {probe("/v2/clients/search?q={client}", "").filtering(), probe("/v2/clients/search?q=URE180429TM6", "").filtering()},
		"POST /v2/clients/validate/{id}":  {probe("/v2/clients/validate/{client}", "")},
		"POST /v2/clients/customerportal": {probe("/v2/clients/customerportal", `{"id":"{client}"}`)},
		"GET /v2/clients/{id}":            {probe("/v2/clients/{client}", "")},
		"PUT /v2/clients/{id}":            {probe("/v2/clients/{client}", `{"phone":"5555555555"}`)},
		"DELETE /v2/clients/{id}":         {probe("/v2/clients/{clientDel}", "").deletes()},
		"POST /v2/clients/{id}/{action}":  {probe("/v2/clients/{client}/stamp-pending-receipts", "").deletes()},
		"POST /v2/services":               {probe("/v2/services", `{"description":"Otro","unit_price":5}`)},
		"GET /v2/services":                {probe("/v2/services", "")},
		"GET /v2/services/{id}":           {probe("/v2/services/{service}", "")},
		"PUT /v2/services/{id}":           {probe("/v2/services/{service}", `{"description":"Cambiado"}`)},
		"DELETE /v2/services/{id}":        {probe("/v2/services/{serviceDel}", "").deletes()},
		"GET /v2/catalogs":                {probe("/v2/catalogs", "")},
		"GET /v2/catalogs/{id}":           {probe("/v2/catalogs/c_FormaPago", "")},

		"POST /v2/webhooks":                                    {probe("/v2/webhooks", `{"url":"https://hooks.example/other"}`)},
		"GET /v2/webhooks":                                     {probe("/v2/webhooks", "")},
		"GET /v2/webhooks/{id}":                                {probe("/v2/webhooks/{webhook}", "")},
		"PUT /v2/webhooks/{id}":                                {probe("/v2/webhooks/{webhook}", `{"description":"cambiado"}`)},
		"DELETE /v2/webhooks/{id}":                             {probe("/v2/webhooks/{webhookDel}", "").deletes()},
		"POST /v2/webhooks/{id}/rotate-secret":                 {probe("/v2/webhooks/{webhook}/rotate-secret", "")},
		"GET /v2/webhooks/{id}/deliveries":                     {probe("/v2/webhooks/{webhook}/deliveries", "")},
		"POST /v2/webhooks/{id}/deliveries/{deliveryId}/retry": {probe("/v2/webhooks/{webhook}/deliveries/{delivery}/retry", ""), probe("/v2/webhooks/{self.webhook}/deliveries/{delivery}/retry", "").noControl()},
		"GET /v2/events":                                       {probe("/v2/events", "")},
		"GET /v2/events/{id}":                                  {probe("/v2/events/{event}", "")},
		"POST /v2/events/{id}/replay":                          {probe("/v2/events/{event}/replay", `{"webhook":"{webhook}"}`), probe("/v2/events/{self.event}/replay", `{"webhook":"{webhook}"}`).noControl()},

		"POST /v2/invoices":            {probe("/v2/invoices", `{"client":{"id":"{client}"},"items":[`+tenancyItem+`],"invoiceType":"I"}`)},
		"GET /v2/invoices":             {probe("/v2/invoices", ""), probe("/v2/invoices?client_id={client}", "").filtering()},
		"GET /v2/invoices/{id}":        {probe("/v2/invoices/{invoice}", ""), probe("/v2/invoices/{uuid}", "")},
		"POST /v2/invoices/income":     {probe("/v2/invoices/income", byID), probe("/v2/invoices/income", withService), probe("/v2/invoices/income", search).filtering()},
		"GET /v2/invoices/income":      {probe("/v2/invoices/income", ""), probe("/v2/invoices/income?client_id={client}", "").filtering()},
		"POST /v2/invoices/egress":     {probe("/v2/invoices/egress", byID), probe("/v2/invoices/egress", related)},
		"GET /v2/invoices/egress":      {probe("/v2/invoices/egress", "")},
		"GET /v2/invoices/payment":     {probe("/v2/invoices/payment?invoice_id={ppdID}", "").filtering()},
		"GET /v2/invoices/complements": {probe("/v2/invoices/complements", "")},
		"POST /v2/invoices/draft": {
			probe("/v2/invoices/draft", byID).resolves("/v2/invoices/draft/{created}/stamp"),
			probe("/v2/invoices/draft", withService).resolves("/v2/invoices/draft/{created}/stamp"),
		},
		"GET /v2/invoices/draft":               {probe("/v2/invoices/draft", "")},
		"GET /v2/invoices/search":              {probe("/v2/invoices/search?q={uuid}", "").filtering(), probe("/v2/invoices/search?q=URE180429TM6", "").filtering()},
		"GET /v2/invoices/{kind}/{id}":         {probe("/v2/invoices/income/{uuid}", ""), probe("/v2/invoices/income/{invoice}", ""), probe("/v2/invoices/draft/{draft}", ""), probe("/v2/invoices/payment/{complement}", ""), probe("/v2/invoices/complements/{complement}", "")},
		"PUT /v2/invoices/draft/{id}":          {probe("/v2/invoices/draft/{draft}", `{"notes":"cambiado"}`), probe("/v2/invoices/draft/{self.draftMix}", `{"client":{"id":"{client}"}}`).noControl().resolves("/v2/invoices/draft/{self.draftMix}/stamp")},
		"DELETE /v2/invoices/draft/{id}":       {probe("/v2/invoices/draft/{draftDel}", "").deletes()},
		"POST /v2/invoices/draft/{id}/stamp":   {probe("/v2/invoices/draft/{draftStamp}/stamp", "").deletes()},
		"POST /v2/invoices/draft/{id}/preview": {probe("/v2/invoices/draft/{draft}/preview", "")},
		"GET /v2/invoices/{id}/files":          {probe("/v2/invoices/{uuid}/files", ""), probe("/v2/invoices/{invoice}/files", "")},
		"POST /v2/invoices/{id}/send":          {probe("/v2/invoices/{uuid}/send", `{"emails":["x@example.com"]}`)},
		"DELETE /v2/invoices/{id}": {
			probe("/v2/invoices/{uuidCancel}?motive=02", "").deletes(),
			probe("/v2/invoices/{self.uuidCancel2}?motive=01&substitution_uuid={uuid}", "").noControl(),
		},
		"POST /v2/invoices/payment": {probe("/v2/invoices/payment", `{"invoices":[{"uuid":"{ppd}","amount":1}],"payment_form":"03"}`), probe("/v2/invoices/payment", `{"invoices":[{"id":"{ppdID}","amount":1}],"payment_form":"03"}`)},

		"POST /v2/receipts":                {probe("/v2/receipts", `{"client":{"id":"{client}"},`+tenancyReceipt+`}`), probe("/v2/receipts", `{"client_id":"{client}",`+tenancyReceipt+`}`)},
		"GET /v2/receipts":                 {probe("/v2/receipts", ""), probe("/v2/receipts?client_id={client}", "").filtering()},
		"POST /v2/receipts/global-invoice": {probe("/v2/receipts/global-invoice", `{"periodicity":"day"}`).noControl()},
		"GET /v2/receipts/{id}":            {probe("/v2/receipts/{receipt}", "")},
		"PUT /v2/receipts/{id}":            {probe("/v2/receipts/{receipt}", `{"metadata":{"k":"v"}}`), probe("/v2/receipts/{self.receiptMix}", `{"client":{"id":"{client}"}}`).noControl()},
		"DELETE /v2/receipts/{id}":         {probe("/v2/receipts/{receiptDel}", "").deletes()},
		"POST /v2/receipts/{id}/stamp":     {probe("/v2/receipts/{receiptStamp}/stamp", `{"stamp_to":"general_public_national"}`).deletes()},

		"POST /v2/payments":             {probe("/v2/payments", `{"clientId":"{client}","items":[`+ivaItem+`]}`)},
		"POST /v2/payments/request":     {probe("/v2/payments/request", pay)},
		"POST /v2/payments/register":    {probe("/v2/payments/register", `{"client":{"id":"{client}"},"items":[`+ivaItem+`],"automation_type":"none"}`)},
		"GET /v2/payments":              {probe("/v2/payments", ""), probe("/v2/payments?client_id={client}", "").filtering()},
		"GET /v2/payments/search":       {probe("/v2/payments/search?q={payment}", "").filtering(), probe("/v2/payments/search?q=URE180429TM6", "").filtering()},
		"GET /v2/payments/{id}":         {probe("/v2/payments/{payment}", "")},
		"PUT /v2/payments/{id}":         {probe("/v2/payments/{payment}", `{"metadata":{"k":"v"}}`), probe("/v2/payments/{self.paymentMix}", `{"client":{"id":"{client}"}}`).noControl()},
		"DELETE /v2/payments/{id}":      {probe("/v2/payments/{paymentDel}", "").deletes()},
		"POST /v2/payments/{id}/paid":   {probe("/v2/payments/{paymentPaid}/paid", `{"payment_form":"03"}`).deletes()},
		"POST /v2/payments/{id}/refund": {probe("/v2/payments/{paymentRefund}/refund", `{"amount":1}`).deletes()},
	}
}

// tenancyFixture is one team's objects in one mode, by placeholder name.
type tenancyFixture map[string]string

// modeScoped are the fixture names of objects that belong to one mode.
var tenancyModeScoped = []string{"client", "clientDel", "service", "serviceDel", "invoice", "uuid",
	"uuidCancel", "uuidCancel2", "ppd", "ppdID", "complement", "draft", "draftDel", "draftStamp", "receipt", "receiptDel",
	"receiptStamp", "receiptMix", "payment", "paymentDel", "paymentPaid", "paymentRefund", "paymentMix", "draftMix", "webhook", "webhookDel", "delivery", "event"}

// modeScopedAnd is tenancyModeScoped with more names.
func modeScopedAnd(names ...string) []string { return slices.Concat(tenancyModeScoped, names) }

// tenancyEnv is the running server with its teams: A (a parent), C (A's
// child) and B (unrelated), each with a live CSD where it issues live.
type tenancyEnv struct {
	*env
	aLive, bLive, cTest string
	c                   *sello.Team
}

func setupTenancy(t *testing.T, db sello.Store) *tenancyEnv {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	pac := sandboxPAC(t, clk)
	e, logger := newStampingEnv(db, clk, pac, pac)
	var ka, kb *sello.TeamKeys
	e.parent, ka = e.createTeam(t, "ESCUELA KEMPER URGATE", "")
	e.other, kb = e.createTeam(t, "OTRA", "")
	e.test, e.live, e.otherTest = ka.Test, ka.Live, kb.Test
	srv := httptest.NewServer(NewServer(e.svc, logger, WithVersion("test")))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	te := &tenancyEnv{env: e, aLive: ka.Live, bLive: kb.Live}
	c := &sello.Team{LegalName: "HIJA", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501", ParentID: e.parent.ID}
	if _, err := e.svc.CreateTeam(ctx, c); err != nil {
		t.Fatalf("CreateTeam(child): %v", err)
	}
	te.c = c
	var err error
	if te.cTest, _, err = e.svc.IssueKey(ctx, c.ID, false); err != nil {
		t.Fatal(err)
	}
	for team, key := range map[sello.TeamID]string{e.parent.ID: te.aLive, e.other.ID: te.bLive} {
		if status, out, _ := upload(t, e.url, "/v2/teams/"+string(team)+"/sat-connection", key, csdFiles(t, "EKU9003173C9_2023")); status != 200 {
			t.Fatalf("upload the live CSD of %s = %d %v", team, status, out)
		}
	}
	return te
}

// make sends a request that must succeed and returns its data.
func (te *tenancyEnv) make(t *testing.T, key, method, path, body string) map[string]any {
	t.Helper()
	resp, out := te.do(t, method, path, bearer(key), body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("fixture %s %s %s = %d %v", method, path, body, resp.StatusCode, out)
	}
	data, _ := out["data"].(map[string]any)
	return data
}

// fixture makes every object the probes name, with key, on team.
func (te *tenancyEnv) fixture(t *testing.T, key string, team *sello.Team, tag string) tenancyFixture {
	t.Helper()
	f := tenancyFixture{"team": string(team.ID), "tag": tag}
	id := func(method, path, body string) string {
		t.Helper()
		v, _ := te.make(t, key, method, path, body)["id"].(string)
		if v == "" {
			t.Fatalf("fixture %s %s: no id", method, path)
		}
		return v
	}
	f["webhook"] = id("POST", "/v2/webhooks", `{"url":"https://hooks.example/`+tag+`"}`)
	f["webhookDel"] = id("POST", "/v2/webhooks", `{"url":"https://hooks.example/`+tag+`/del"}`)
	f["clientEmail"] = "cliente-" + tag + "@example.com"
	f["client"] = id("POST", "/v2/clients", strings.Replace(ureClient, "pagos@ure.mx", f["clientEmail"], 1))
	f["clientDel"] = id("POST", "/v2/clients", `{"legal_name":"BORRAR","tax_id":"XAXX010101000","email":"borrar@example.com"}`)
	f["service"] = id("POST", "/v2/services", `{"description":"Consultoría","unit_price":100,"product_key":"84111506","unit_key":"E48"}`)
	f["serviceDel"] = id("POST", "/v2/services", `{"description":"Borrar","unit_price":100}`)
	byClient := `{"client":{"id":"` + f["client"] + `"},"items":[` + ivaItem + `]`
	inv := te.make(t, key, "POST", "/v2/invoices/income", byClient+`}`)
	f["invoice"], f["uuid"] = inv["id"].(string), inv["uuid"].(string)
	f["uuidCancel"] = te.make(t, key, "POST", "/v2/invoices/income", byClient+`}`)["uuid"].(string)
	f["uuidCancel2"] = te.make(t, key, "POST", "/v2/invoices/income", byClient+`}`)["uuid"].(string)
	ppd := te.make(t, key, "POST", "/v2/invoices/income", byClient+`,"payment_method":"PPD"}`)
	f["ppd"], f["ppdID"] = ppd["uuid"].(string), ppd["id"].(string)
	f["complement"] = id("POST", "/v2/invoices/payment", `{"invoices":[{"uuid":"`+f["ppd"]+`","amount":100}],"payment_form":"03"}`)
	for _, name := range []string{"draft", "draftDel", "draftStamp", "draftMix"} {
		f[name] = id("POST", "/v2/invoices/draft", byClient+`}`)
	}
	for _, name := range []string{"receipt", "receiptDel", "receiptStamp", "receiptMix"} {
		f[name] = id("POST", "/v2/receipts", `{`+tenancyReceipt+`}`)
	}
	te.make(t, key, "POST", "/v2/receipts", `{"client":{"id":"`+f["client"]+`"},`+tenancyReceipt+`}`)
	for _, name := range []string{"payment", "paymentDel", "paymentPaid", "paymentMix"} {
		f[name] = id("POST", "/v2/payments/request", byClient+`}`)
	}
	f["paymentRefund"] = id("POST", "/v2/payments/register", byClient+`,"automation_type":"none"}`)
	resp, out := te.do(t, "GET", "/v2/events?limit=1", bearer(key), "")
	if f["event"], _ = lookup(out, "data.0.id").(string); resp.StatusCode != 200 || f["event"] == "" {
		t.Fatalf("fixture events = %d %v", resp.StatusCode, out)
	}
	f["delivery"] = id("POST", "/v2/events/"+f["event"]+"/replay", `{"webhook":"`+f["webhook"]+`"}`)
	// Team objects: users (one per fixture, so live and test differ) and a series.
	user := func(name string, join bool) string {
		email := name + "-" + tag + "@example.com"
		f[name+"Email"] = email
		return id("POST", "/v2/users", fmt.Sprintf(`{"email":%q,"role":"viewer","auto_join":%t}`, email, join))
	}
	f["user"] = user("user", true)
	f["userDel"] = user("userdel", true)
	f["userOut"] = user("userout", true)
	f["userFree"] = user("userfree", false)
	f["series"] = id("POST", "/v2/teams/"+string(team.ID)+"/series", `{"series":"S`+strings.ToUpper(tag)+`"}`)
	return f
}

// tenancyCase is one kind of stranger: a key, the fixture it owns (self)
// and the victim's fixture, and how the request is bent.
type tenancyCase struct {
	name         string
	key          string
	self, victim tenancyFixture
	// sameTeam: the key's team owns the victim's team objects (another
	// mode of the same team), so team-scoped probes are not crossings.
	sameTeam bool
	// child: the key's team is the victim's child (see inherited).
	child bool
	// query or bodyTeam name a team the key may not act on.
	query    string
	bodyTeam string
	// scan are the victim ids no 2xx answer may contain.
	scan []string
}

var placeholder = regexp.MustCompile(`\{[a-zA-Z.]+\}`)

// fresh numbers {n}, for names that must be new on every request.
var fresh atomic.Int64

// fill replaces the placeholders of s with the victim's and self's values.
func fill(t *testing.T, s string, victim, self tenancyFixture) string {
	t.Helper()
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if name == "n" {
			return strconv.FormatInt(fresh.Add(1), 10)
		}
		if n, ok := strings.CutPrefix(name, "self."); ok {
			if v, ok := self[n]; ok {
				return v
			}
		} else if v, ok := victim[name]; ok {
			return v
		}
		t.Fatalf("no value for %s in %q", m, s)
		return ""
	})
	return out
}

// TestTenancyMatrix sends every route's probes with a stranger's key (an
// unrelated team, A's child, A's other mode), with ?team= and a body team
// naming a team the key may not act on, and with the victim's ids inside
// bodies: no answer may be 2xx or carry a victim id. Every probe is then
// sent by its owner, who must succeed, so a probe that fails for another
// reason (a bad body) cannot pass for isolation.
func TestTenancyMatrix(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, db sello.Store) {
		t.Parallel()
		testTenancyMatrix(t, setupTenancy(t, db))
	})
}

func testTenancyMatrix(t *testing.T, te *tenancyEnv) {
	s := NewServer(te.svc, nil)
	probes := tenancyProbes()
	var routes []*route
	for _, rt := range s.routes {
		name := rt.Method + " " + rt.Pattern
		_, public := tenancyPublic[name]
		switch {
		case public && !rt.Public:
			t.Errorf("%s needs an API key but is listed as public", name)
		case public:
		case len(probes[name]) == 0:
			t.Errorf("route %s is not classified: add its probes to tenancyProbes (or tenancyPublic)", name)
		default:
			routes = append(routes, rt)
		}
	}
	for name := range probes {
		if !slices.ContainsFunc(s.routes, func(rt *route) bool { return rt.Method+" "+rt.Pattern == name }) {
			t.Errorf("tenancyProbes lists %s, which is not a route", name)
		}
	}

	a, b, c := te.parent, te.other, te.c
	aTest := te.fixture(t, te.test, a, "at")
	aLive := te.fixture(t, te.aLive, a, "al")
	bTest := te.fixture(t, te.otherTest, b, "bt")
	bLive := te.fixture(t, te.bLive, b, "bl")
	cTest := te.fixture(t, te.cTest, c, "ct")
	// A's other child, D: C's sibling.
	d := string(te.childTeam(t, a).ID)
	for _, f := range []tenancyFixture{aTest, aLive} {
		f["child"], f["childDel"] = d, string(te.childTeam(t, a).ID)
	}
	ids := func(f tenancyFixture, names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, f[n])
		}
		return out
	}
	teamIDs := []string{"team", "child", "user", "userDel", "userOut", "userFree", "series"}
	foreign := func(f tenancyFixture) []string {
		return append(ids(f, modeScopedAnd("clientEmail")...), ids(f, teamIDs...)...)
	}
	cases := []tenancyCase{
		{name: "B test on A test", key: te.otherTest, self: bTest, victim: aTest, scan: foreign(aTest)},
		{name: "B live on A live", key: te.bLive, self: bLive, victim: aLive, scan: foreign(aLive)},
		{name: "A test on A live", key: te.test, self: aTest, victim: aLive, sameTeam: true, scan: ids(aLive, modeScopedAnd("clientEmail")...)},
		{name: "A live on A test", key: te.aLive, self: aLive, victim: aTest, sameTeam: true, scan: ids(aTest, modeScopedAnd("clientEmail")...)},
		// The child sees its parent's id as parent_team; everything else is foreign.
		{name: "C (A's child) on A test", key: te.cTest, self: cTest, victim: aTest, child: true,
			scan: ids(aTest, modeScopedAnd("clientEmail", "child", "user", "userDel", "userOut", "userFree", "series")...)},
		{name: "B test ?team=A", key: te.otherTest, self: bTest, victim: aTest, query: string(a.ID), scan: foreign(aTest)},
		{name: "B test ?team=C", key: te.otherTest, self: bTest, victim: aTest, query: string(c.ID), scan: foreign(aTest)},
		{name: "C ?team=A", key: te.cTest, self: cTest, victim: aTest, query: string(a.ID), scan: foreign(aTest)},
		{name: "B test body team=A", key: te.otherTest, self: bTest, victim: aTest, bodyTeam: string(a.ID), scan: foreign(aTest)},
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].name < routes[j].name })
	sent, crossings, statuses := 0, 0, map[int]int{}
	for _, tc := range cases {
		for _, rt := range routes {
			for _, p := range probes[rt.name] {
				if tc.sameTeam && p.team {
					continue // the team's own objects, in either mode
				}
				if tc.child && p.inherited && tc.query == "" {
					continue // the parent's users are the child's to attach
				}
				if tc.bodyTeam != "" && (rt.Surface == surfaceC || rt.Multipart) {
					continue // only surfaces S and shared read the team from the body
				}
				path, body := fill(t, p.path, tc.victim, tc.self), fill(t, p.body, tc.victim, tc.self)
				if tc.query != "" {
					path += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "team=" + tc.query
				}
				if tc.bodyTeam != "" {
					body = withBodyTeam(body, tc.bodyTeam)
				}
				status, raw := te.raw(t, rt.Method, path, tc.key, body)
				sent++
				ok := status/100 == 2
				statuses[status]++
				var why string
				switch {
				case status >= 500:
					why = "a stranger's request made the server fail"
				case ok && (tc.query != "" || tc.bodyTeam != ""):
					why = "acted on a team the key may not act on"
				case ok && !p.filter && p.dangling == "" && !selfOnly(p):
					why = "a stranger's id was accepted"
				case ok:
					if leaked := leaks(raw, tc.scan, path+body); leaked != "" {
						why = "the answer carries the victim's " + leaked
					} else if p.dangling != "" {
						why = te.resolve(t, tc, p.dangling, raw)
					}
				}
				if why != "" {
					crossings++
					t.Errorf("%s: %s %s %s = %d: %s\n%s", tc.name, rt.Method, path, body, status, why, clip(raw))
				}
			}
		}
	}
	nprobes := 0
	for _, rt := range routes {
		nprobes += len(probes[rt.name])
	}
	t.Logf("tenancy matrix: %d routes (+%d public), %d probes, %d requests over %d cases, %d crossings; statuses %v",
		len(routes), len(tenancyPublic), nprobes, sent, len(cases), crossings, statuses)

	// The owner's own requests succeed: the probes are well formed.
	var late []func()
	for _, rt := range routes {
		for _, p := range probes[rt.name] {
			if !p.control {
				continue
			}
			rt, p := rt, p
			run := func() {
				path, body := fill(t, p.path, aTest, aTest), fill(t, p.body, aTest, aTest)
				if status, raw := te.raw(t, rt.Method, path, te.test, body); status/100 != 2 {
					t.Errorf("owner %s %s %s = %d, want 2xx (the probe is malformed)\n%s", rt.Method, path, body, status, clip(raw))
				}
			}
			if p.late {
				late = append(late, run)
			} else {
				run()
			}
		}
	}
	for _, run := range late {
		run()
	}
}

// resolve uses a stored reference to a stranger's object (path, sent by
// the caller): it must fail. It returns why it is a crossing, "" if none.
func (te *tenancyEnv) resolve(t *testing.T, tc tenancyCase, path string, created []byte) string {
	t.Helper()
	var out struct{ Data struct{ ID string } }
	if err := json.Unmarshal(created, &out); err != nil || out.Data.ID == "" {
		return fmt.Sprintf("the answer has no id to follow (%v)", err)
	}
	self := maps.Clone(tc.self)
	self["created"] = out.Data.ID
	path = fill(t, strings.ReplaceAll(path, "{created}", "{self.created}"), tc.victim, self)
	if status, raw := te.raw(t, "POST", path, tc.key, ""); status/100 == 2 {
		return fmt.Sprintf("the stored reference resolved: POST %s = %d\n%s", path, status, clip(raw))
	}
	return ""
}

// selfOnly reports whether a probe names only the caller's own objects.
func selfOnly(p tenancyProbe) bool {
	for _, m := range placeholder.FindAllString(p.path+p.body, -1) {
		if !strings.HasPrefix(m, "{self.") && m != "{n}" {
			return false
		}
	}
	return true
}

// withBodyTeam adds "team" to a JSON object body (or makes one).
func withBodyTeam(body, team string) string {
	if body == "" {
		return `{"team":"` + team + `"}`
	}
	return `{"team":"` + team + `",` + strings.TrimPrefix(body, "{")
}

// leaks returns the first of ids found in body, "" for none. An id the
// request itself carries may come back: echoing it reveals nothing.
func leaks(body []byte, ids []string, request string) string {
	low, sent := strings.ToLower(string(body)), strings.ToLower(request)
	for _, id := range ids {
		if id = strings.ToLower(id); id != "" && strings.Contains(low, id) && !strings.Contains(sent, id) {
			return id
		}
	}
	return ""
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

// raw sends a request with key and returns the status and the body.
func (te *tenancyEnv) raw(t *testing.T, method, path, key, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, te.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}

// childTeam makes one more child of parent (for the delete probe).
func (te *tenancyEnv) childTeam(t *testing.T, parent *sello.Team) *sello.Team {
	t.Helper()
	c := &sello.Team{LegalName: "BORRABLE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501", ParentID: parent.ID}
	if _, err := te.svc.CreateTeam(context.Background(), c); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	return c
}
