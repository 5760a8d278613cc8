package httpapi

import (
	"net/http"
	"time"

	"github.com/sello-mx/sello"
)

// teamView is the Team object of surface C (API.md §9.9).
type teamView struct {
	ID              string              `json:"id"`
	Name            string              `json:"name"`
	LegalName       string              `json:"legal_name"`
	TaxID           string              `json:"tax_id"`
	TaxSystem       string              `json:"tax_system"`
	Brand           brandView           `json:"brand"`
	Address         teamAddressView     `json:"address"`
	SupportEmail    *string             `json:"support_email"`
	SupportPhone    *string             `json:"support_phone"`
	ContactEmails   []string            `json:"contact_emails"`
	Owner           *string             `json:"owner"`
	ParentTeam      *string             `json:"parent_team"`
	Status          string              `json:"status"`
	SetupComplete   bool                `json:"setup_complete"`
	SAT             satView             `json:"sat"`
	Integrations    integrationsView    `json:"integrations"`
	Members         []memberSnakeView   `json:"members"`
	Billing         billingView         `json:"billing"`
	Settings        *sello.TeamSettings `json:"settings"`
	Preferences     map[string]any      `json:"preferences"`
	InvoicesCreated int                 `json:"invoices_created"`
	PaymentsCreated int                 `json:"payments_created"`
	ReceiptsCreated int                 `json:"receipts_created"`
	// OnboardingURL is set only in the create response when
	// generate_onboarding_url is true.
	OnboardingURL string         `json:"onboarding_url,omitempty"`
	Metadata      map[string]any `json:"metadata"`
	// CreatedAt is in unix seconds.
	CreatedAt int64 `json:"created_at"`
}

// brandView is a team's brand.
type brandView struct {
	Alias          *string `json:"alias"`
	Logo           *string `json:"logo"`
	PrimaryColor   *string `json:"primary_color"`
	SecondaryColor *string `json:"secondary_color"`
}

// teamAddressView is a team's Address (API.md §9.2).
type teamAddressView struct {
	Street       string `json:"street"`
	Exterior     string `json:"exterior"`
	Interior     string `json:"interior"`
	Neighborhood string `json:"neighborhood"`
	Municipality string `json:"municipality"`
	City         string `json:"city"`
	State        string `json:"state"`
	Zip          string `json:"zip"`
	Country      string `json:"country"`
}

// satView is the team's CSD connection for the key's mode.
type satView struct {
	Completed         bool    `json:"completed"`
	ConnectedAt       *int64  `json:"connected_at"`
	CSDExpiresAt      *int64  `json:"csd_expires_at"`
	CertificateNumber *string `json:"certificate_number"`
	RFC               *string `json:"rfc"`
	Provider          *string `json:"provider"`
}

// integrationsView is the snake integrations object.
type integrationsView struct {
	Stripe    keysIntegration `json:"stripe"`
	Facturapi keysIntegration `json:"facturapi"`
	SAT       satIntegration  `json:"sat"`
}

type keysIntegration struct {
	Completed bool `json:"completed"`
	HasKeys   bool `json:"has_keys"`
}

type satIntegration struct {
	Completed      bool    `json:"completed"`
	Provider       *string `json:"provider"`
	HasCertificate bool    `json:"has_certificate"`
}

// memberSnakeView is a member as the snake Team shows it.
type memberSnakeView struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Status string `json:"status"`
}

// billingView is a team's billing: Sello keeps no credits, and a client
// prints what it finds ("null créditos restantes"), so credits is left
// out rather than null.
type billingView struct {
	Credits *int `json:"credits,omitempty"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// satProvider names the stamping provider of a mode once a CSD is connected.
func satProvider(st *sello.TeamState) *string {
	if st.CSD == nil {
		return nil
	}
	if st.Livemode {
		return optional("pac")
	}
	return optional("sandbox")
}

func newTeamAddressView(t *sello.Team) teamAddressView {
	a := t.Address
	country := a.Country
	if country == "" {
		country = "MEX"
	}
	return teamAddressView{Street: a.Street, Exterior: a.Exterior, Interior: a.Interior, Neighborhood: a.Neighborhood,
		Municipality: a.Municipality, City: a.City, State: a.State, Zip: t.Zip, Country: country}
}

func newTeamView(st *sello.TeamState) *teamView {
	t := st.Team
	v := &teamView{
		ID: string(t.ID), Name: t.Name, LegalName: t.LegalName, TaxID: t.TaxID, TaxSystem: t.TaxSystem,
		Brand: brandView{Alias: optional(t.Brand.Alias), Logo: optional(t.Brand.Logo),
			PrimaryColor: optional(t.Brand.PrimaryColor), SecondaryColor: optional(t.Brand.SecondaryColor)},
		Address:      newTeamAddressView(t),
		SupportEmail: optional(t.SupportEmail), SupportPhone: optional(t.SupportPhone),
		ContactEmails: nonNilStrings(t.ContactEmails), Owner: optional(string(t.OwnerID)),
		ParentTeam: optional(string(t.ParentID)), Status: "active", SetupComplete: st.SetupComplete(),
		Members: []memberSnakeView{}, Settings: st.Settings, Preferences: nonNilMap(t.Preferences),
		InvoicesCreated: st.InvoicesCreated, PaymentsCreated: st.PaymentsCreated, ReceiptsCreated: st.ReceiptsCreated,
		Metadata: nonNilMap(t.Metadata), CreatedAt: t.CreatedAt.Unix(),
	}
	if v.Name == "" {
		v.Name = t.LegalName
	}
	if c := st.CSD; c != nil {
		connected, expires := c.ConnectedAt.Unix(), c.NotAfter.Unix()
		v.SAT = satView{Completed: true, ConnectedAt: &connected, CSDExpiresAt: &expires,
			CertificateNumber: optional(c.NoCertificado), RFC: optional(c.RFC), Provider: satProvider(st)}
	}
	v.Integrations.SAT = satIntegration{Completed: st.CSD != nil, Provider: satProvider(st), HasCertificate: st.CSD != nil}
	v.Integrations.Stripe = keysIntegration{Completed: st.Stripe, HasKeys: st.Stripe}
	for _, m := range st.Members {
		v.Members = append(v.Members, memberSnakeView{ID: string(m.UserID), Email: m.Email, Role: string(m.Role), Status: "active"})
	}
	return v
}

// teamState loads the state of a team for the key's mode.
func (c *call) teamState(t *sello.Team) (*sello.TeamState, error) {
	return c.s.svc.TeamState(c.ctx(), t, c.auth.Livemode)
}

// listTeams answers GET /v2/teams: the target team first, then its children.
func (s *Server) listTeams(c *call) (*reply, error) {
	opts, err := c.listOptions(false)
	if err != nil {
		return nil, err
	}
	teams, more, total, err := s.svc.FindTeams(c.ctx(), c.target, opts)
	if err != nil {
		return nil, err
	}
	out := make([]*teamView, len(teams))
	for i, t := range teams {
		st, err := c.teamState(t)
		if err != nil {
			return nil, err
		}
		out[i] = newTeamView(st)
	}
	return c.page("Teams retrieved successfully", out, more, total, teamCursor(teams, opts))
}

// teamCursor is the cursor after the last team of a page.
func teamCursor(teams []*sello.Team, opts sello.ListOptions) sello.Cursor {
	return lastCursor(teams, opts, func(t *sello.Team) (time.Time, string, string) {
		return t.CreatedAt, string(t.ID), t.LegalName
	})
}

// pathTeam is the team of the {id} path parameter, which must be the key's
// team or a child (API.md §4.4), read fresh.
func (c *call) pathTeam() (*sello.Team, error) {
	return c.s.svc.Team(c.ctx(), c.auth, sello.TeamID(c.r.PathValue("id")))
}

// getTeam answers GET /v2/teams/{id} for the key's team or a child.
func (s *Server) getTeam(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	st, err := c.teamState(t)
	if err != nil {
		return nil, err
	}
	return ok("Team retrieved successfully", newTeamView(st)), nil
}

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
	OnboardingURL string `json:"onboardingUrl"`
	ExpiresAt     string `json:"expiresAt"`
	SetupComplete bool   `json:"setupComplete"`
	// MissingSetup names what keeps setupComplete false (issue 13 §12).
	MissingSetup []string                `json:"missingSetup"`
	Integrations connectIntegrationsView `json:"integrations"`
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
		SetupComplete: st.SetupComplete(), MissingSetup: nonNilStrings(st.MissingSetup()), Integrations: newConnectIntegrations(st)}), nil
}

func missingField(name string) error {
	var p sello.Problems
	p.Missing(name)
	return p.Err("Invalid request body")
}

// createChildTeam answers POST /v2/teams (API.md §11.9): 201 Team, a child of
// the key's team.
func (s *Server) createChildTeam(c *call) (*reply, error) {
	if c.auth.Team.ParentID != "" {
		return nil, sello.Errorf(sello.InsufficientPermissions, "Only top-level teams may create teams")
	}
	var req teamRequest
	var p sello.Problems
	c.decode(&req, &p)
	t := &sello.Team{}
	req.apply(c, t)
	members := memberChanges(req.AddMembers.V, sello.RoleViewer, &p)
	if req.AddMasterTeamMembers {
		master, err := s.svc.Members(c.ctx(), c.auth.Team.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range master {
			members = append(members, sello.MemberChange{UserID: m.UserID, Role: m.Role, Permissions: &m.Permissions})
		}
	}
	st, err := s.createTeam(c, t, members, p)
	if err != nil {
		return nil, err
	}
	v := newTeamView(st)
	if req.GenerateOnboardingURL {
		if v.OnboardingURL, _, err = c.onboardingURL(st.Team); err != nil {
			return nil, err
		}
	}
	return created("Team created successfully", v), nil
}

// updateTeam answers PUT /v2/teams/{id}.
func (s *Server) updateTeam(c *call) (*reply, error) {
	st, err := s.updateTeamFrom(c)
	if err != nil {
		return nil, err
	}
	return ok("Team updated successfully", newTeamView(st)), nil
}

// deleteTeam answers DELETE /v2/teams/{id}: only a child of the key's team.
func (s *Server) deleteTeam(c *call) (*reply, error) {
	id := sello.TeamID(c.r.PathValue("id"))
	if err := s.svc.DeleteTeam(c.ctx(), c.auth, id); err != nil {
		return nil, err
	}
	return ok("Team deleted successfully", deletedView{ID: string(id), Deleted: true}), nil
}

// teamIntegrations answers GET /v2/teams/integrations for the target team.
func (s *Server) teamIntegrations(c *call) (*reply, error) {
	st, err := c.teamState(c.target)
	if err != nil {
		return nil, err
	}
	return ok("Integrations retrieved successfully", newTeamView(st).Integrations), nil
}

// onboardingLink answers GET /v2/teams/{id}/onboarding-url: data is the
// bare URL.
func (s *Server) onboardingLink(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	u, _, err := c.onboardingURL(t)
	if err != nil {
		return nil, err
	}
	return ok("Onboarding URL retrieved successfully", u), nil
}
