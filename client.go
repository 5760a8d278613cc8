package sello

import "time"

// Address is a postal address (API.md §9.2). Country is a c_Pais code
// (ISO 3166-1 alpha-3); Zip is a c_CodigoPostal code for Mexico.
type Address struct {
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

// ClientDefaults are a client's invoicing preferences (API.md §9.1).
type ClientDefaults struct {
	// KeepFullLegalName keeps a company-type suffix ("SA DE CV") in LegalName.
	KeepFullLegalName        bool `json:"keep_full_legal_name"`
	IssueAutomaticInvoices   bool `json:"issue_automatic_invoices"`
	IssueInvoiceableReceipts bool `json:"issue_invoiceable_receipts"`
}

// Client is a customer of a team: the receptor of its invoices. Clients are
// mode-scoped and soft-deleted, so invoices keep their snapshot of one.
type Client struct {
	ID        string // client_…
	TeamID    TeamID
	Livemode  bool
	Name      string
	LegalName string // as CFDI 4.0 wants it (sat.NormalizeLegalName)
	TaxID     string // RFC
	TaxSystem string // c_RegimenFiscal
	Use       string // c_UsoCFDI, default G03
	Email     string
	Phone     string
	Company   string
	BCC       []string
	Address   Address
	Defaults  ClientDefaults
	// IsValid is the result of the last validation (Service.ValidateClient).
	IsValid   bool
	Metadata  map[string]any
	From      string // "api" or "portal"
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SearchText is the folded text that client search (`q`) matches: name,
// legal name, RFC, email and company.
func (c *Client) SearchText() string {
	return foldJoin(c.Name, c.LegalName, c.TaxID, c.Email, c.Company)
}

// NameText is the folded text the `name` filter matches: name and legal name.
func (c *Client) NameText() string { return foldJoin(c.Name, c.LegalName) }

// SortName is the key of order_by=name: the legal name, then the name.
func (c *Client) SortName() string { return c.LegalName + "\x1f" + c.Name }

// ClientFilter selects a team's clients in one mode. Deleted clients are
// never selected. Every set field must match.
type ClientFilter struct {
	TeamID   TeamID
	Livemode bool
	// Email and TaxID match case-insensitively and exactly.
	Email string
	TaxID string
	// NameIs matches the name case-insensitively and exactly.
	NameIs string
	// Name is a folded substring of the name or the legal name.
	Name string
	// Query is a folded substring of name, legal name, RFC, email or company.
	Query string
	// Metadata holds top-level metadata values that must equal as strings.
	Metadata map[string]string
	ListOptions
}

// ClientSearch finds a client by one field instead of creating a duplicate
// (API.md §11.2): OnKey is tax_id (or rfc), email or name.
type ClientSearch struct {
	OnKey   string
	OnValue string
	// Update applies the request to the client found (POST /clients).
	Update bool
	// AutoCreate creates the client when none matches (items, payments);
	// without it no match is NotFound.
	AutoCreate bool
}
