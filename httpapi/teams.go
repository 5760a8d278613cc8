package httpapi

import (
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

type billingView struct {
	Credits *int `json:"credits"`
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
