package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// connectTeamView is the ConnectTeam object of surface S (API.md §9.9), with
// its explicit camel table.
type connectTeamView struct {
	ID              string                  `json:"id"`
	Name            string                  `json:"name"`
	Alias           string                  `json:"alias"`
	LegalName       string                  `json:"legalName"`
	TaxID           string                  `json:"taxId"`
	TaxSystem       string                  `json:"taxSystem"`
	Logo            *string                 `json:"logo"`
	PrimaryColor    *string                 `json:"primaryColor"`
	SecondaryColor  *string                 `json:"secondaryColor"`
	SetupComplete   bool                    `json:"setupComplete"`
	Members         []memberView            `json:"members"`
	SupportEmail    *string                 `json:"supportEmail"`
	SupportPhone    *string                 `json:"supportPhone"`
	ContactEmails   []string                `json:"contactEmails"`
	Address         teamAddressView         `json:"address"`
	Integrations    connectIntegrationsView `json:"integrations"`
	Owner           *string                 `json:"owner"`
	ParentTeam      *string                 `json:"parentTeam"`
	Status          string                  `json:"status"`
	Preferences     map[string]any          `json:"preferences"`
	InvoicesCreated int                     `json:"invoicesCreated"`
	PaymentsCreated int                     `json:"paymentsCreated"`
	ReceiptsCreated int                     `json:"receiptsCreated"`
	OnboardingURL   string                  `json:"onboardingUrl"`
	Metadata        map[string]any          `json:"metadata"`
	CreatedAt       string                  `json:"createdAt"`
}

// memberView is the Member object of surface S (API.md §9.10).
type memberView struct {
	ID           string          `json:"id"`
	Email        string          `json:"email"`
	Role         string          `json:"role"`
	IsAdmin      bool            `json:"isAdmin"`
	IsSuperAdmin bool            `json:"isSuperAdmin"`
	Status       string          `json:"status"`
	Permissions  permissionsView `json:"permissions"`
}

type permissionsView struct {
	Invoices string `json:"invoices"`
	Payments string `json:"payments"`
	Expenses string `json:"expenses"`
	Services string `json:"services"`
}

// connectIntegrationsView is the camel integrations object.
type connectIntegrationsView struct {
	Stripe    connectKeysIntegration `json:"stripe"`
	Facturapi connectKeysIntegration `json:"facturapi"`
	SAT       connectSATIntegration  `json:"sat"`
}

type connectKeysIntegration struct {
	Completed bool `json:"completed"`
	HasKeys   bool `json:"hasKeys"`
}

type connectSATIntegration struct {
	Completed      bool    `json:"completed"`
	Provider       *string `json:"provider"`
	HasCertificate bool    `json:"hasCertificate"`
}

// onboardingView is the answer of GET /v2/connect/teams/{id}/onboarding.
type onboardingView struct {
	OnboardingURL string                  `json:"onboardingUrl"`
	ExpiresAt     string                  `json:"expiresAt"`
	SetupComplete bool                    `json:"setupComplete"`
	Integrations  connectIntegrationsView `json:"integrations"`
}

func newMemberView(t *sello.Team, m *sello.Member) memberView {
	p := m.Effective()
	return memberView{ID: string(m.UserID), Email: m.Email, Role: string(m.Role), IsAdmin: m.Role == sello.RoleAdmin,
		IsSuperAdmin: m.UserID == t.OwnerID, Status: "active",
		Permissions: permissionsView{Invoices: string(p.Invoices), Payments: string(p.Payments), Expenses: string(p.Expenses), Services: string(p.Services)}}
}

func newMemberViews(t *sello.Team, ms []*sello.Member) []memberView {
	out := make([]memberView, 0, len(ms))
	for _, m := range ms {
		out = append(out, newMemberView(t, m))
	}
	return out
}

func newConnectIntegrations(st *sello.TeamState) connectIntegrationsView {
	return connectIntegrationsView{SAT: connectSATIntegration{Completed: st.CSD != nil, Provider: satProvider(st), HasCertificate: st.CSD != nil},
		Stripe: connectKeysIntegration{Completed: st.Stripe, HasKeys: st.Stripe}}
}

func newConnectTeamView(st *sello.TeamState, onboardingURL string) *connectTeamView {
	t := st.Team
	return &connectTeamView{
		ID: string(t.ID), Name: t.Name, Alias: t.Brand.Alias, LegalName: t.LegalName, TaxID: t.TaxID, TaxSystem: t.TaxSystem,
		Logo: optional(t.Brand.Logo), PrimaryColor: optional(t.Brand.PrimaryColor), SecondaryColor: optional(t.Brand.SecondaryColor),
		SetupComplete: st.SetupComplete(), Members: newMemberViews(t, st.Members),
		SupportEmail: optional(t.SupportEmail), SupportPhone: optional(t.SupportPhone), ContactEmails: nonNilStrings(t.ContactEmails),
		Address: newTeamAddressView(t), Integrations: newConnectIntegrations(st),
		Owner: optional(string(t.OwnerID)), ParentTeam: optional(string(t.ParentID)), Status: "active",
		Preferences:     nonNilMap(t.Preferences),
		InvoicesCreated: st.InvoicesCreated, PaymentsCreated: st.PaymentsCreated, ReceiptsCreated: st.ReceiptsCreated,
		OnboardingURL: onboardingURL, Metadata: nonNilMap(t.Metadata), CreatedAt: isoMillisOf(t.CreatedAt),
	}
}

// onboardingURL makes a fresh onboarding link for a team in the key's mode.
func (c *call) onboardingURL(t *sello.Team) (string, time.Time, error) {
	tok, exp, err := c.s.svc.OnboardingToken(c.ctx(), t.ID, c.auth.Livemode)
	if err != nil {
		return "", time.Time{}, err
	}
	return c.publicBase() + "/onboarding/" + tok, exp, nil
}

// publicBase is PUBLIC_URL, or the scheme and host of the request when it is
// not configured.
func (c *call) publicBase() string {
	if c.s.publicURL != "" {
		return c.s.publicURL
	}
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}

// connectTeam renders a team as ConnectTeam with a fresh onboarding link.
func (c *call) connectTeam(st *sello.TeamState) (*connectTeamView, error) {
	u, _, err := c.onboardingURL(st.Team)
	if err != nil {
		return nil, err
	}
	return newConnectTeamView(st, u), nil
}

// seedRequired are the required fields of the seed body (API.md §11.10).
var seedRequired = []string{"members", "alias", "primary_color", "logo_url", "legal_name", "address", "contact_emails", "support_email"}

// createConnectTeam answers POST /v2/connect/teams: the seed body (or the OLD
// overview body) creates a child of the key's team. 200 with the list fields
// of the envelope, as the seed page shows.
func (s *Server) createConnectTeam(c *call) (*reply, error) {
	if c.auth.Team.ParentID != "" {
		return nil, sello.Errorf(sello.InsufficientPermissions, "Only top-level teams may create teams")
	}
	var req connectTeamRequest
	var p sello.Problems
	c.decode(&req, &p)
	_, hasAlias := c.body["alias"]
	_, hasLegal := c.body["legal_name"]
	_, hasName := c.body["name"]
	overview := hasName && !hasAlias && !hasLegal
	if !overview {
		for _, k := range seedRequired {
			if v, ok := c.body[k]; !ok || v == nil {
				p.Missing(c.fieldName(k))
			}
		}
	}
	t := &sello.Team{}
	req.apply(c, t)
	members := memberChanges(req.Members.V, sello.RoleAdmin, &p)
	for i := range members {
		members[i].Role = sello.RoleAdmin
	}
	st, err := s.createTeam(c, t, members, p)
	if err != nil {
		return nil, err
	}
	v, err := c.connectTeam(st)
	if err != nil {
		return nil, err
	}
	return &reply{status: http.StatusOK, message: "Team created successfully", data: v,
		list: &listMeta{hasMore: false, total: 1}}, nil
}

// createTeam creates a child team once the handler's own problems p are
// known: with problems, it reports them together with the domain's checks
// of the fields and creates nothing.
func (s *Server) createTeam(c *call, t *sello.Team, members []sello.MemberChange, p sello.Problems) (*sello.TeamState, error) {
	if len(p) > 0 {
		probe := *t
		sello.NormalizeTeam(&probe)
		err := renameTeamFields(c, sello.CheckTeamProfile(&probe).Err("Invalid request body"))
		if e, ok := err.(*sello.Error); ok {
			p = append(p, e.Fields...)
		}
		return nil, p.Err("Invalid request body")
	}
	st, err := s.svc.CreateChildTeam(c.ctx(), c.auth, t, members)
	if err != nil {
		return nil, renameTeamFields(c, err)
	}
	return st, nil
}

// listConnectTeams answers GET /v2/connect/teams: the target's children.
func (s *Server) listConnectTeams(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	if v, ok := c.query["status"]; ok && v != "active" {
		if v != "inactive" {
			return nil, invalidValue("Invalid query parameters", "status", "must be active or inactive")
		}
		return c.page("Teams retrieved successfully", []*connectTeamView{}, false, 0, sello.Cursor{})
	}
	teams, more, total, err := s.svc.FindChildTeams(c.ctx(), c.target, opts)
	if err != nil {
		return nil, err
	}
	out := make([]*connectTeamView, len(teams))
	for i, t := range teams {
		st, err := c.teamState(t)
		if err != nil {
			return nil, err
		}
		if out[i], err = c.connectTeam(st); err != nil {
			return nil, err
		}
	}
	return c.page("Teams retrieved successfully", out, more, total, teamCursor(teams, opts))
}

// getConnectTeam answers GET /v2/connect/teams/{id}.
func (s *Server) getConnectTeam(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	st, err := c.teamState(t)
	if err != nil {
		return nil, err
	}
	v, err := c.connectTeam(st)
	if err != nil {
		return nil, err
	}
	return ok("Team retrieved successfully", v), nil
}

// updateTeamFrom applies the body to the path team and stores it.
func (s *Server) updateTeamFrom(c *call) (*sello.TeamState, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req teamUpdate
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	req.apply(c, t)
	st, err := s.svc.UpdateTeam(c.ctx(), c.auth, t)
	if err != nil {
		return nil, renameTeamFields(c, err)
	}
	return st, nil
}

// updateConnectTeam answers PUT /v2/connect/teams/{id}.
func (s *Server) updateConnectTeam(c *call) (*reply, error) {
	st, err := s.updateTeamFrom(c)
	if err != nil {
		return nil, err
	}
	v, err := c.connectTeam(st)
	if err != nil {
		return nil, err
	}
	return ok("Team updated successfully", v), nil
}

// connectOnboarding answers GET /v2/connect/teams/{id}/onboarding.
func (s *Server) connectOnboarding(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	st, err := c.teamState(t)
	if err != nil {
		return nil, err
	}
	u, exp, err := c.onboardingURL(t)
	if err != nil {
		return nil, err
	}
	return ok("Onboarding URL retrieved successfully", onboardingView{OnboardingURL: u, ExpiresAt: exp.Format(isoMillis),
		SetupComplete: st.SetupComplete(), Integrations: newConnectIntegrations(st)}), nil
}

// connectMembers answers GET /v2/connect/teams/{id}/members.
func (s *Server) connectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	ms, err := s.svc.Members(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
}

func (c *call) memberList(t *sello.Team, ms []*sello.Member) (*reply, error) {
	return &reply{status: http.StatusOK, message: "Members retrieved successfully", data: newMemberViews(t, ms),
		list: &listMeta{total: len(ms)}}, nil
}

// putConnectMembers answers PUT /v2/connect/teams/{id}/members.
func (s *Server) putConnectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req membersRequest
	var p sello.Problems
	c.decode(&req, &p)
	if !req.Members.valued() {
		p.Missing(c.fieldName("members"))
	}
	changes := memberChanges(req.Members.V, sello.RoleAdmin, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	ms, err := s.svc.ChangeMembers(c.ctx(), c.auth.Livemode, t, changes)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
}

// deleteConnectMembers answers DELETE /v2/connect/teams/{id}/members: the
// users named in the body (ids or {id}) or the query members=a,b.
func (s *Server) deleteConnectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req membersRequest
	var p sello.Problems
	c.decode(&req, &p)
	changes := memberChanges(req.Members.V, "", &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	var users []sello.UserID
	for _, ch := range changes {
		users = append(users, ch.UserID)
	}
	for _, id := range strings.Split(c.query["members"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			users = append(users, sello.UserID(id))
		}
	}
	if len(users) == 0 {
		return nil, missingField(c.fieldName("members"))
	}
	if _, err := s.svc.RemoveMembers(c.ctx(), c.auth.Livemode, t, users); err != nil {
		return nil, err
	}
	ms, err := s.svc.Members(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
}

func missingField(name string) error {
	var p sello.Problems
	p.Missing(name)
	return p.Err("Invalid request body")
}
