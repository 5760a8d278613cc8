package httpapi

// The request types below document bodies in the OpenAPI document; the
// handlers read the normalised body with fields, which also accepts every
// spelling of API.md §3.2.

// connectTeamRequest is the seed body of POST /v2/connect/teams.
type connectTeamRequest struct {
	Members       []string         `json:"members"`
	Alias         string           `json:"alias"`
	PrimaryColor  string           `json:"primaryColor"`
	LogoURL       string           `json:"logoUrl"`
	LegalName     string           `json:"legalName"`
	TaxID         string           `json:"taxId,omitempty"`
	Address       addressRequest   `json:"address"`
	ContactEmails []string         `json:"contactEmails"`
	SupportEmail  string           `json:"supportEmail"`
	SupportPhone  string           `json:"supportPhone,omitempty"`
	TaxSystem     string           `json:"taxSystem,omitempty"`
	Metadata      map[string]any   `json:"metadata,omitempty"`
	Preferences   map[string]any   `json:"preferences,omitempty"`
	Secondary     string           `json:"secondaryColor,omitempty"`
	Name          string           `json:"name,omitempty" doc:"OLD overview body: alias and legal name"`
	Settings      *overviewSetting `json:"settings,omitempty" doc:"OLD overview body: preferences"`
}

type overviewSetting struct {
	Currency   string `json:"currency,omitempty"`
	Timezone   string `json:"timezone,omitempty"`
	Language   string `json:"language,omitempty"`
	FiscalYear string `json:"fiscalYear,omitempty"`
}

// addressRequest is an address as input, of a client, a team or a user.
type addressRequest struct {
	Street       string `json:"street,omitempty"`
	Exterior     string `json:"exterior,omitempty"`
	Interior     string `json:"interior,omitempty"`
	Neighborhood string `json:"neighborhood,omitempty"`
	Municipality string `json:"municipality,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	Zip          string `json:"zip,omitempty"`
	Country      string `json:"country,omitempty"`
}

// teamRequest is the body of POST and PUT /v2/teams.
type teamRequest struct {
	LegalName             string          `json:"legal_name,omitempty"`
	TaxID                 string          `json:"tax_id,omitempty"`
	TaxSystem             string          `json:"tax_system,omitempty"`
	Address               *addressRequest `json:"address,omitempty"`
	Brand                 *brandRequest   `json:"brand,omitempty"`
	SupportEmail          string          `json:"support_email,omitempty"`
	SupportPhone          string          `json:"support_phone,omitempty"`
	ContactEmails         []string        `json:"contact_emails,omitempty"`
	Metadata              map[string]any  `json:"metadata,omitempty"`
	GenerateOnboardingURL bool            `json:"generate_onboarding_url,omitempty" doc:"POST only"`
	AddMembers            []memberRequest `json:"add_members,omitempty" doc:"POST only"`
	AddMasterTeamMembers  bool            `json:"add_master_team_members,omitempty" doc:"POST only"`
}

type brandRequest struct {
	Alias          string `json:"alias,omitempty"`
	Logo           string `json:"logo,omitempty"`
	PrimaryColor   string `json:"primary_color,omitempty"`
	SecondaryColor string `json:"secondary_color,omitempty"`
}

// memberRequest names a user and its role.
type memberRequest struct {
	ID          string           `json:"id"`
	Role        string           `json:"role,omitempty"`
	Permissions *permissionsView `json:"permissions,omitempty"`
}

// membersRequest is the body of the Connect members routes.
type membersRequest struct {
	Members []memberRequest `json:"members" doc:"user ids or {id, role, permissions}"`
}

// seriesRequest is the body of the series routes.
type seriesRequest struct {
	Series string     `json:"series,omitempty" doc:"the series' name (POST)"`
	Live   opt[int64] `json:"live" doc:"the next live folio"`
	Test   opt[int64] `json:"test" doc:"the next test folio"`
}

// csdUploadRequest documents the multipart parts of the CSD upload.
type csdUploadRequest struct {
	Cer     string `json:"cer" doc:"certificate file (.cer, DER or PEM), at most 256 KiB"`
	Key     string `json:"key" doc:"private key file (.key, encrypted PKCS#8 DER), at most 256 KiB"`
	KeyPass string `json:"keyPass" doc:"the key's password (alias key_pass)"`
}
