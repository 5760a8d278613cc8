package httpapi

import (
	"time"

	"github.com/sello-mx/sello"
)

// clientView is the Client of API.md §9.1 in the dual view: the snake
// fields plus the camel aliases of §3.4, written field by field.
type clientView struct {
	ID         string             `json:"id"`
	Name       string             `json:"name"`
	LegalName  string             `json:"legal_name"`
	LegalNameC string             `json:"legalName"`
	TaxID      string             `json:"tax_id"`
	TaxIDC     string             `json:"taxId"`
	RFC        string             `json:"rfc"`
	TaxSystem  string             `json:"tax_system"`
	TaxSystemC string             `json:"taxSystem"`
	Use        string             `json:"use"`
	Email      string             `json:"email"`
	Phone      string             `json:"phone"`
	Company    string             `json:"company"`
	BCC        []string           `json:"bcc"`
	Address    addressDual        `json:"address"`
	Defaults   clientDefaultsView `json:"defaults"`
	IsValid    bool               `json:"is_valid"`
	IsValidC   bool               `json:"isValid"`
	Efos       efosView           `json:"efos"`
	Metadata   map[string]any     `json:"metadata"`
	Livemode   bool               `json:"livemode"`
	Team       string             `json:"team"`
	Owner      *string            `json:"owner"`
	From       string             `json:"from"`
	CreatedAt  int64              `json:"created_at"`
	CreatedAtC string             `json:"createdAt"`
	Timestamp  string             `json:"timestamp"`
}

// addressDual is an Address in a dual object: zip plus its alias zipCode.
type addressDual struct {
	Street       string `json:"street"`
	Exterior     string `json:"exterior"`
	Interior     string `json:"interior"`
	Neighborhood string `json:"neighborhood"`
	Municipality string `json:"municipality"`
	City         string `json:"city"`
	State        string `json:"state"`
	Zip          string `json:"zip"`
	ZipCode      string `json:"zipCode"`
	Country      string `json:"country"`
}

type clientDefaultsView struct {
	KeepFullLegalName         bool `json:"keep_full_legal_name"`
	KeepFullLegalNameC        bool `json:"keepFullLegalName"`
	IssueAutomaticInvoices    bool `json:"issue_automatic_invoices"`
	IssueAutomaticInvoicesC   bool `json:"issueAutomaticInvoices"`
	IssueInvoiceableReceipts  bool `json:"issue_invoiceable_receipts"`
	IssueInvoiceableReceiptsC bool `json:"issueInvoiceableReceipts"`
}

// efosView is the blacklist status: null, Sello does no EFOS lookup.
type efosView struct {
	IsValid  *bool `json:"is_valid"`
	IsValidC *bool `json:"isValid"`
}

func newAddressDual(a sello.Address) addressDual {
	return addressDual{Street: a.Street, Exterior: a.Exterior, Interior: a.Interior,
		Neighborhood: a.Neighborhood, Municipality: a.Municipality, City: a.City, State: a.State,
		Zip: a.Zip, ZipCode: a.Zip, Country: a.Country}
}

func newClientView(c *sello.Client) *clientView {
	created := c.CreatedAt.Unix()
	d := c.Defaults
	v := &clientView{
		ID: c.ID, Name: c.Name, LegalName: c.LegalName, LegalNameC: c.LegalName,
		TaxID: c.TaxID, TaxIDC: c.TaxID, RFC: c.TaxID, TaxSystem: c.TaxSystem, TaxSystemC: c.TaxSystem,
		Use: c.Use, Email: c.Email, Phone: c.Phone, Company: c.Company, BCC: c.BCC,
		Address: newAddressDual(c.Address),
		Defaults: clientDefaultsView{
			KeepFullLegalName: d.KeepFullLegalName, KeepFullLegalNameC: d.KeepFullLegalName,
			IssueAutomaticInvoices: d.IssueAutomaticInvoices, IssueAutomaticInvoicesC: d.IssueAutomaticInvoices,
			IssueInvoiceableReceipts: d.IssueInvoiceableReceipts, IssueInvoiceableReceiptsC: d.IssueInvoiceableReceipts,
		},
		IsValid: c.IsValid, IsValidC: c.IsValid, Metadata: c.Metadata,
		Livemode: c.Livemode, Team: string(c.TeamID), From: c.From,
		CreatedAt: created, CreatedAtC: isoTime(created), Timestamp: isoTime(created),
	}
	if v.BCC == nil {
		v.BCC = []string{}
	}
	if v.Metadata == nil {
		v.Metadata = map[string]any{}
	}
	return v
}

// clientFields are a client's fields in a body (API.md §9.1): on create
// the new client's, on PUT the ones to change; the body of PUT
// /v2/clients/{id}, and an invoice's or a receipt's client given inline.
type clientFields struct {
	Name      opt[string]              `json:"name"`
	LegalName opt[string]              `json:"legal_name"`
	TaxID     opt[string]              `json:"tax_id" doc:"alias rfc"`
	TaxSystem opt[string]              `json:"tax_system"`
	Use       opt[string]              `json:"use"`
	Email     opt[string]              `json:"email"`
	Phone     opt[string]              `json:"phone"`
	Company   opt[string]              `json:"company"`
	BCC       opt[[]string]            `json:"bcc"`
	Address   opt[addressInput]        `json:"address"`
	Zip       opt[string]              `json:"zip" doc:"the address's zip at the top level (alias zip_code)"`
	Defaults  opt[clientDefaultsInput] `json:"defaults"`
	Metadata  opt[map[string]any]      `json:"metadata"`
}

// clientRequest is the body of POST /v2/clients: the new client, or a
// search that finds it (API.md §11.2).
type clientRequest struct {
	clientFields
	// Search finds an existing client instead of creating one.
	Search *clientSearchInput `json:"search,omitempty"`
}

// addressInput is an address in a body; each field sent replaces the
// stored one (API.md §8).
type addressInput struct {
	Street       opt[string] `json:"street"`
	Exterior     opt[string] `json:"exterior"`
	Interior     opt[string] `json:"interior"`
	Neighborhood opt[string] `json:"neighborhood"`
	Municipality opt[string] `json:"municipality"`
	City         opt[string] `json:"city"`
	State        opt[string] `json:"state"`
	Zip          opt[string] `json:"zip"`
	Country      opt[string] `json:"country"`
}

// apply copies the fields sent onto a.
func (in *addressInput) apply(a *sello.Address) {
	in.Street.to(&a.Street)
	in.Exterior.to(&a.Exterior)
	in.Interior.to(&a.Interior)
	in.Neighborhood.to(&a.Neighborhood)
	in.Municipality.to(&a.Municipality)
	in.City.to(&a.City)
	in.State.to(&a.State)
	in.Zip.to(&a.Zip)
	in.Country.to(&a.Country)
}

// applyTeamAddress applies an address to a team's or a user's, whose zip
// is kept apart: null clears both, a field sent replaces its own.
func applyTeamAddress(in opt[addressInput], a *sello.TeamAddress, zip *string) {
	if in.Null {
		*a, *zip = sello.TeamAddress{}, ""
		return
	}
	sent := in.V
	for _, f := range []struct {
		in  opt[string]
		dst *string
	}{
		{sent.Street, &a.Street}, {sent.Exterior, &a.Exterior}, {sent.Interior, &a.Interior},
		{sent.Neighborhood, &a.Neighborhood}, {sent.Municipality, &a.Municipality}, {sent.City, &a.City},
		{sent.State, &a.State}, {sent.Zip, zip}, {sent.Country, &a.Country},
	} {
		f.in.to(f.dst)
	}
}

// clientDefaultsInput are a client's invoicing defaults in a body.
type clientDefaultsInput struct {
	KeepFullLegalName        opt[bool] `json:"keep_full_legal_name"`
	IssueAutomaticInvoices   opt[bool] `json:"issue_automatic_invoices"`
	IssueInvoiceableReceipts opt[bool] `json:"issue_invoiceable_receipts"`
}

// clientSearchInput is the search of POST /v2/clients (API.md §11.2).
type clientSearchInput struct {
	OnKey   string `json:"on_key"`
	OnValue string `json:"on_value"`
	Update  bool   `json:"update"`
}

// apply copies the body's client fields onto c (API.md §9.1, §8): on
// create onto a new client, on PUT onto the stored one. Nested objects
// merge key by key; metadata merges on update.
func (r *clientFields) apply(c *sello.Client, update bool) {
	r.Name.to(&c.Name)
	r.LegalName.to(&c.LegalName)
	r.TaxID.to(&c.TaxID)
	r.TaxSystem.to(&c.TaxSystem)
	r.Use.to(&c.Use)
	r.Email.to(&c.Email)
	r.Phone.to(&c.Phone)
	r.Company.to(&c.Company)
	r.BCC.to(&c.BCC)
	if r.Address.Null {
		c.Address = sello.Address{}
	} else if r.Address.Set {
		r.Address.V.apply(&c.Address)
	}
	r.Zip.to(&c.Address.Zip) // top-level zip, zip_code, zipCode (§3.4)
	if r.Defaults.Null {
		c.Defaults = sello.ClientDefaults{}
	} else if d := r.Defaults.V; r.Defaults.Set {
		d.KeepFullLegalName.to(&c.Defaults.KeepFullLegalName)
		d.IssueAutomaticInvoices.to(&c.Defaults.IssueAutomaticInvoices)
		d.IssueInvoiceableReceipts.to(&c.Defaults.IssueInvoiceableReceipts)
	}
	applyMetadata(r.Metadata, &c.Metadata, update)
}

// createClient answers POST /v2/clients, with the optional search of
// API.md §11.2 (find or create, 409 when several match).
func (s *Server) createClient(c *call) (*reply, error) {
	var req clientRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	cl := &sello.Client{}
	req.apply(cl, false)
	team, live := c.target.ID, c.auth.Livemode
	if req.Search == nil {
		if err := s.svc.CreateClient(c.ctx(), team, live, cl); err != nil {
			return nil, err
		}
		return created("Client created successfully", newClientView(cl)), nil
	}
	s0 := req.Search
	q := sello.ClientSearch{OnKey: s0.OnKey, OnValue: s0.OnValue, Update: s0.Update, AutoCreate: true}
	apply := func(m *sello.Client) error {
		req.apply(m, true)
		return nil
	}
	got, isNew, err := s.svc.FindOrCreateClient(c.ctx(), team, live, q, cl, apply)
	if err != nil {
		return nil, err
	}
	if isNew {
		return created("Client created successfully", newClientView(got)), nil
	}
	return ok("Client found", newClientView(got)), nil
}

// listClients answers GET /v2/clients with the filters of API.md §6.
func (s *Server) listClients(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	f := sello.ClientFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Email: c.query["email"],
		TaxID: c.query["tax_id"], Name: c.query["name"], Metadata: c.metadataFilters(), ListOptions: opts}
	return s.clientPage(c, f, "Clients retrieved successfully")
}

// searchClients answers GET /v2/clients/search: q over name, legal name,
// RFC, email and company, with page as well as limit and next.
func (s *Server) searchClients(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	q := c.query["q"]
	if q == "" {
		return nil, invalidMissing("Invalid query parameters", "q")
	}
	if err := c.pageParam(&opts); err != nil {
		return nil, err
	}
	f := sello.ClientFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Query: q, ListOptions: opts}
	return s.clientPage(c, f, "Clients found")
}

func (s *Server) clientPage(c *call, f sello.ClientFilter, msg string) (*reply, error) {
	cs, more, total, err := s.svc.FindClients(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	out := make([]*clientView, len(cs))
	for i, cl := range cs {
		out[i] = newClientView(cl)
	}
	last := lastCursor(cs, f.ListOptions, func(cl *sello.Client) (time.Time, string, string) {
		return cl.CreatedAt, cl.ID, cl.SortName()
	})
	return c.page(msg, out, more, total, last)
}

// getClient answers GET /v2/clients/{id}.
func (s *Server) getClient(c *call) (*reply, error) {
	cl, err := s.svc.FindClientByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Client retrieved successfully", newClientView(cl)), nil
}

// updateClient answers PUT /v2/clients/{id}: a partial update.
func (s *Server) updateClient(c *call) (*reply, error) {
	cl, err := s.svc.FindClientByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	var req clientFields
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	req.apply(cl, true)
	if err := s.svc.UpdateClient(c.ctx(), cl); err != nil {
		return nil, err
	}
	return ok("Client updated successfully", newClientView(cl)), nil
}

// deletedView is the answer of a DELETE that removes an object.
type deletedView struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// deleteClient answers DELETE /v2/clients/{id} (a soft delete).
func (s *Server) deleteClient(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if err := s.svc.DeleteClient(c.ctx(), c.target.ID, c.auth.Livemode, id); err != nil {
		return nil, err
	}
	return ok("Client deleted successfully", deletedView{ID: id, Deleted: true}), nil
}

// clientValidationView is the ClientValidation of API.md §11.2, dual.
type clientValidationView struct {
	ID           string            `json:"id"`
	IsValid      bool              `json:"is_valid"`
	IsValidC     bool              `json:"isValid"`
	Checks       []clientCheckView `json:"checks"`
	ValidatedAt  int64             `json:"validated_at"`
	ValidatedAtC string            `json:"validatedAt"`
}

type clientCheckView struct {
	Field   string `json:"field"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// validateClient answers POST /v2/clients/validate/{id}.
func (s *Server) validateClient(c *call) (*reply, error) {
	v, err := s.svc.ValidateClient(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	at := v.ValidatedAt.Unix()
	out := &clientValidationView{ID: v.ID, IsValid: v.IsValid, IsValidC: v.IsValid,
		ValidatedAt: at, ValidatedAtC: isoTime(at), Checks: make([]clientCheckView, len(v.Checks))}
	for i, ch := range v.Checks {
		out.Checks[i] = clientCheckView{Field: ch.Field, OK: ch.OK, Message: ch.Message}
	}
	return ok("Client validated", out), nil
}

// portalLinkView is the PortalLink of API.md §11.2, dual.
type portalLinkView struct {
	URL        string `json:"url"`
	ClientID   string `json:"client_id"`
	ClientIDC  string `json:"clientId"`
	ExpiresAt  int64  `json:"expires_at"`
	ExpiresAtC string `json:"expiresAt"`
}

// portalRequest is the body of POST /v2/clients/customerportal: the client,
// by id or by e-mail.
type portalRequest struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// portalLink answers POST /v2/clients/customerportal: a signed link, valid
// five days, to the client's portal page.
func (s *Server) portalLink(c *call) (*reply, error) {
	var req portalRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	l, err := s.svc.CreatePortalLink(c.ctx(), c.target.ID, c.auth.Livemode, req.ID, req.Email)
	if err != nil {
		return nil, err
	}
	base := s.publicURL
	if base == "" {
		base = "http://" + c.r.Host
	}
	at := l.ExpiresAt.Unix()
	return ok("Portal link created", &portalLinkView{URL: base + "/portal/" + l.Token,
		ClientID: l.ClientID, ClientIDC: l.ClientID, ExpiresAt: at, ExpiresAtC: isoTime(at)}), nil
}
