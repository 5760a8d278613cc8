package sello

import (
	"strings"
	"time"
)

// Team is an issuer of CFDI: a business with an RFC, a tax regime and a postal
// code. A team created by another team's key is that team's child (Connect).
type Team struct {
	ID        TeamID
	ParentID  TeamID // empty for a top-level team
	Name      string
	LegalName string
	TaxID     string // RFC
	TaxSystem string // c_RegimenFiscal
	Zip       string // LugarExpedicion
	Sandbox   bool   // created automatically on first start
	CreatedAt time.Time
	UpdatedAt time.Time

	// Connect (API.md §9.9): brand, contacts, metadata, first admin, deletion.
	TeamProfile
	OwnerID   UserID    // the first admin added at creation; empty if none
	DeletedAt time.Time // zero while the team exists (soft delete)
}

// CanActOn reports whether a key of team t may act on target: itself or a
// direct child.
func (t *Team) CanActOn(target *Team) bool {
	return target.ID == t.ID || target.ParentID == t.ID
}

// TeamProfile is what a team shows besides its fiscal identity: the brand,
// the address, the contacts, free metadata and the preferences of the OLD
// overview body (API.md §9.9). Stores keep it as one JSON document, so its
// JSON names are part of the stored format.
type TeamProfile struct {
	Brand         Brand          `json:"brand"`
	Address       TeamAddress    `json:"address"`
	SupportEmail  string         `json:"support_email,omitempty"`
	SupportPhone  string         `json:"support_phone,omitempty"`
	ContactEmails []string       `json:"contact_emails,omitempty"`
	Metadata      map[string]any `json:"metadata,omitempty"`
	Preferences   map[string]any `json:"preferences,omitempty"`
}

// Brand is how a team presents itself on public pages and emails.
type Brand struct {
	Alias          string `json:"alias,omitempty"`
	Logo           string `json:"logo,omitempty"` // absolute http(s) URL
	PrimaryColor   string `json:"primary_color,omitempty"`
	SecondaryColor string `json:"secondary_color,omitempty"`
}

// TeamAddress is a team's address (API.md §9.2) without the postal code,
// which is Team.Zip (the CFDI LugarExpedicion).
type TeamAddress struct {
	Street       string `json:"street,omitempty"`
	Exterior     string `json:"exterior,omitempty"`
	Interior     string `json:"interior,omitempty"`
	Neighborhood string `json:"neighborhood,omitempty"`
	Municipality string `json:"municipality,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	Country      string `json:"country,omitempty"` // c_Pais alpha-3; MEX when empty
}

// TeamStripe is a team's Stripe connection in one mode: its secret key and
// the signing secret of its webhook endpoint, both sealed with the master
// key, never returned.
type TeamStripe struct {
	TeamID              TeamID
	Livemode            bool
	SealedSecretKey     []byte
	SealedWebhookSecret []byte
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// issuerSettings are the team settings every CFDI it issues needs (Emisor
// and LugarExpedicion), by the field that sets them in a team body.
var issuerSettings = []struct {
	field, what string
	value       func(*Team) string
}{
	{"legal_name", "legal name (Emisor Nombre)", func(t *Team) string { return t.LegalName }},
	{"tax_id", "RFC (Emisor Rfc)", func(t *Team) string { return t.TaxID }},
	{"tax_system", "tax system (Emisor RegimenFiscal)", func(t *Team) string { return t.TaxSystem }},
	{"address.zip", "postal code (LugarExpedicion)", func(t *Team) string { return t.Zip }},
}

// MissingIssuer names the settings a CFDI of the team needs that are not
// set, as a team body names them ("legal_name", "address.zip").
func (t *Team) MissingIssuer() []string {
	var missing []string
	for _, s := range issuerSettings {
		if s.value(t) == "" {
			missing = append(missing, s.field)
		}
	}
	return missing
}

// CheckIssuer is Rejected, naming each setting, when the team cannot issue
// a CFDI yet (a team created without its fiscal identity, as Connect
// allows): it says where to set them.
func (t *Team) CheckIssuer() error {
	var names []string
	var fields []FieldError
	for _, s := range issuerSettings {
		if s.value(t) == "" {
			names = append(names, s.field)
			fields = append(fields, FieldError{Field: "team." + s.field, Missing: true,
				Problem: "the team's " + s.what + " is not set"})
		}
	}
	if len(names) == 0 {
		return nil
	}
	return &Error{Code: Rejected, Fields: fields, Message: "The team cannot issue CFDI until its fiscal identity is complete: set " +
		strings.Join(names, ", ") + " with PUT /v2/connect/teams/" + string(t.ID) + " or on its onboarding page"}
}
