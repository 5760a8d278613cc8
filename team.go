package sello

import "time"

// TeamID identifies a team: "team_" plus random base62 characters.
type TeamID string

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
