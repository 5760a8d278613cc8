package sello

import "time"

// User is a person who can be a member of teams (API.md §9.13). Users are
// membership records: Sello has no user login in this version.
type User struct {
	ID            UserID
	Email         string // unique across the server, stored lower-case
	FirstName     string
	LastName      string
	Phone         string
	CompanyRole   string
	Address       TeamAddress
	Zip           string
	CreatedByTeam TeamID
	CreatedAt     time.Time
}

// Role is a member's role in a team.
type Role string

// The roles of API.md §10 (owner and blocked are refused).
const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// ParseRole returns the role named s, false for any other value.
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case RoleAdmin, RoleEditor, RoleViewer:
		return r, true
	}
	return "", false
}

// Access is a permission level: none, view or edit.
type Access string

// The permission levels of API.md §9.10.
const (
	AccessNone Access = "none"
	AccessView Access = "view"
	AccessEdit Access = "edit"
)

// Permissions are a member's access per area. An empty value means the
// role's default (Member.Effective fills them).
type Permissions struct {
	Invoices Access `json:"invoices,omitempty"`
	Payments Access `json:"payments,omitempty"`
	Expenses Access `json:"expenses,omitempty"`
	Services Access `json:"services,omitempty"`
}

// Member is a user's membership of a team. Roles and permissions are stored
// and shown; they never authorise API-key requests.
type Member struct {
	TeamID      TeamID
	UserID      UserID
	Email       string // the user's, filled by the store on reads
	Role        Role
	Permissions Permissions // explicit overrides only
	CreatedAt   time.Time
}

// Effective returns the member's permissions with the role's defaults
// filled in: admin and editor edit everything, viewer views everything.
func (m *Member) Effective() Permissions {
	def := AccessView
	if m.Role == RoleAdmin || m.Role == RoleEditor {
		def = AccessEdit
	}
	p := m.Permissions
	for _, a := range []*Access{&p.Invoices, &p.Payments, &p.Expenses, &p.Services} {
		if *a == "" {
			*a = def
		}
	}
	return p
}

// UserFilter selects users for a list: members of a team or users it
// created.
type UserFilter struct {
	VisibleTo TeamID
	Email     string // exact, case-insensitive; empty: any
	Role      Role   // role in VisibleTo; empty: any
	ListOptions
}
