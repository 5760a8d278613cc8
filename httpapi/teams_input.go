package httpapi

import (
	"errors"
	"strings"

	"github.com/sello-mx/sello"
)

// teamFields are the team fields of every team body (API.md §9.9, §11.9,
// §11.10): the snake Team fields, the nested brand, the flat ConnectTeam
// fields and the OLD overview fields. Absent fields are unchanged; null
// clears; metadata and preferences merge.
type teamFields struct {
	LegalName      opt[string]         `json:"legal_name"`
	TaxID          opt[string]         `json:"tax_id"`
	TaxSystem      opt[string]         `json:"tax_system"`
	Address        opt[addressInput]   `json:"address"`
	Brand          opt[brandInput]     `json:"brand"`
	Alias          opt[string]         `json:"alias" doc:"brand.alias, flat"`
	Logo           opt[string]         `json:"logo" doc:"brand.logo, flat"`
	PrimaryColor   opt[string]         `json:"primary_color" doc:"brand.primary_color, flat"`
	SecondaryColor opt[string]         `json:"secondary_color" doc:"brand.secondary_color, flat"`
	LogoURL        opt[string]         `json:"logo_url" doc:"brand.logo (the seed's name)"`
	SupportEmail   opt[string]         `json:"support_email"`
	SupportPhone   opt[string]         `json:"support_phone"`
	ContactEmails  opt[[]string]       `json:"contact_emails"`
	Metadata       opt[map[string]any] `json:"metadata"`
	Preferences    opt[map[string]any] `json:"preferences"`
	// The OLD overview body.
	Name        opt[string]           `json:"name" doc:"OLD overview body: the alias and the legal name"`
	Country     opt[string]           `json:"country" doc:"OLD overview body: the address's country"`
	Description opt[any]              `json:"description" doc:"OLD overview body: kept in preferences"`
	Industry    opt[any]              `json:"industry" doc:"OLD overview body: kept in preferences"`
	TeamSize    opt[any]              `json:"team_size" doc:"OLD overview body: kept in preferences"`
	Settings    opt[overviewSettings] `json:"settings" doc:"OLD overview body (surface S): kept in preferences"`
}

// brandInput is a team's brand in a body.
type brandInput struct {
	Alias          opt[string] `json:"alias"`
	Logo           opt[string] `json:"logo"`
	PrimaryColor   opt[string] `json:"primary_color"`
	SecondaryColor opt[string] `json:"secondary_color"`
}

// overviewSettings are the settings of the OLD overview body.
type overviewSettings struct {
	Currency   opt[any] `json:"currency"`
	Timezone   opt[any] `json:"timezone"`
	Language   opt[any] `json:"language"`
	FiscalYear opt[any] `json:"fiscal_year"`
}

// connectTeamRequest is the body of POST and PUT /v2/connect/teams: the
// seed body (API.md §11.10) or the OLD overview body.
type connectTeamRequest struct {
	teamFields
	Members opt[[]memberInput] `json:"members" must:"an array of user ids" doc:"POST: the members, admins"`
}

// teamRequest is the body of POST /v2/teams (API.md §11.9).
type teamRequest struct {
	teamFields
	AddMembers            opt[[]memberInput] `json:"add_members" must:"an array of user ids"`
	AddMasterTeamMembers  bool               `json:"add_master_team_members,omitempty" doc:"make the key's team's members members of the new team"`
	GenerateOnboardingURL bool               `json:"generate_onboarding_url,omitempty"`
}

// teamUpdate is the body of PUT /v2/teams/{id}.
type teamUpdate struct {
	teamFields
}

// apply copies the team fields present in the body onto t.
func (r *teamFields) apply(c *call, t *sello.Team) {
	r.LegalName.to(&t.LegalName)
	r.TaxID.to(&t.TaxID)
	r.TaxSystem.to(&t.TaxSystem)
	applyTeamAddress(r.Address, &t.Address, &t.Zip)
	if r.Brand.Null {
		t.Brand = sello.Brand{}
	}
	r.Brand.V.apply(&t.Brand)
	(&brandInput{Alias: r.Alias, Logo: r.Logo, PrimaryColor: r.PrimaryColor, SecondaryColor: r.SecondaryColor}).apply(&t.Brand)
	r.LogoURL.to(&t.Brand.Logo)
	r.SupportEmail.to(&t.SupportEmail)
	r.SupportPhone.to(&t.SupportPhone)
	r.ContactEmails.to(&t.ContactEmails)
	applyMetadata(r.Metadata, &t.Metadata, true)
	if r.Preferences.Set {
		t.Preferences = sello.MergeMetadata(t.Preferences, r.Preferences.V)
	}
	r.applyOverview(c, t)
}

func (b *brandInput) apply(dst *sello.Brand) {
	b.Alias.to(&dst.Alias)
	b.Logo.to(&dst.Logo)
	b.PrimaryColor.to(&dst.PrimaryColor)
	b.SecondaryColor.to(&dst.SecondaryColor)
}

// applyOverview maps the OLD overview body: name is the alias and the legal
// name; description, industry, team size and settings go to preferences.
func (r *teamFields) applyOverview(c *call, t *sello.Team) {
	if r.Name.Set && !r.Alias.Set && !r.LegalName.Set {
		t.Brand.Alias, t.LegalName = r.Name.V, r.Name.V
	}
	r.Country.to(&t.Address.Country)
	prefs := map[string]any{}
	keep := func(key string, o opt[any]) {
		if o.Set {
			prefs[key] = o.V
		}
	}
	keep("description", r.Description)
	keep("industry", r.Industry)
	keep("team_size", r.TeamSize)
	if st := r.Settings.V; r.Settings.valued() && c.route.Surface == surfaceS {
		keep("currency", st.Currency)
		keep("timezone", st.Timezone)
		keep("language", st.Language)
		keep("fiscal_year", st.FiscalYear)
	}
	if len(prefs) > 0 {
		t.Preferences = sello.MergeMetadata(t.Preferences, prefs)
	}
}

// renameTeamFields spells the domain's field paths (brand.logo,
// contact_emails[0]) the way the client sent them: flat when the body had no
// brand object (logo_url when it sent that), in the route's casing.
func renameTeamFields(c *call, err error) error {
	var e *sello.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = append([]sello.FieldError(nil), e.Fields...)
	for i := range out.Fields {
		out.Fields[i].Field = teamFieldName(c, out.Fields[i].Field)
	}
	return &out
}

func teamFieldName(c *call, f string) string {
	if strings.Contains(f, "[") && strings.HasPrefix(f, c.fieldName("members")) {
		return f // already spelled by the handler
	}
	if rest, ok := strings.CutPrefix(f, "brand."); ok {
		if _, nested := c.body["brand"]; !nested {
			f = rest
			if _, sent := c.body["logo_url"]; rest == "logo" && sent {
				f = "logo_url"
			}
		}
	}
	return c.fieldName(f)
}
