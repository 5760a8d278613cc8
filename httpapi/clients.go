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

// applyClient copies the body's client fields onto c (API.md §9.1, §8):
// on create onto a new client, on PUT onto the stored one. Nested objects
// merge key by key; metadata merges on update.
func applyClient(f fields, c *sello.Client, update bool) {
	for key, dst := range map[string]*string{
		"name": &c.Name, "legal_name": &c.LegalName, "tax_id": &c.TaxID, "tax_system": &c.TaxSystem,
		"use": &c.Use, "email": &c.Email, "phone": &c.Phone, "company": &c.Company,
	} {
		f.str(key, dst)
	}
	f.strs("bcc", &c.BCC)
	if a, ok, null := f.object("address"); null {
		c.Address = sello.Address{}
	} else if ok {
		applyAddress(a, &c.Address)
	}
	f.str("zip", &c.Address.Zip) // top-level zip, zip_code, zipCode (§3.4)
	if d, ok, null := f.object("defaults"); null {
		c.Defaults = sello.ClientDefaults{}
	} else if ok {
		d.boolean("keep_full_legal_name", &c.Defaults.KeepFullLegalName, false)
		d.boolean("issue_automatic_invoices", &c.Defaults.IssueAutomaticInvoices, false)
		d.boolean("issue_invoiceable_receipts", &c.Defaults.IssueInvoiceableReceipts, false)
	}
	f.metadata(&c.Metadata, update)
}

func applyAddress(f fields, a *sello.Address) {
	for key, dst := range map[string]*string{
		"street": &a.Street, "exterior": &a.Exterior, "interior": &a.Interior,
		"neighborhood": &a.Neighborhood, "municipality": &a.Municipality, "city": &a.City,
		"state": &a.State, "zip": &a.Zip, "country": &a.Country,
	} {
		f.str(key, dst)
	}
}

// createClient answers POST /v2/clients, with the optional search of
// API.md §11.2 (find or create, 409 when several match).
func (s *Server) createClient(c *call) (*reply, error) {
	var p sello.Problems
	cl := &sello.Client{}
	applyClient(c.fields(&p), cl, false)
	q, hasSearch := c.clientSearch(&p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	team, live := c.target.ID, c.auth.Livemode
	if !hasSearch {
		if err := s.svc.CreateClient(c.ctx(), team, live, cl); err != nil {
			return nil, err
		}
		return created("Client created successfully", newClientView(cl)), nil
	}
	q.AutoCreate = true
	apply := func(m *sello.Client) error {
		var p sello.Problems
		applyClient(c.fields(&p), m, true)
		return p.Err("Invalid request body")
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

// clientSearch reads the body's search object, if any.
func (c *call) clientSearch(p *sello.Problems) (sello.ClientSearch, bool) {
	var q sello.ClientSearch
	sf, present, null := c.fields(p).object("search")
	if !present || null {
		return q, false
	}
	sf.str("on_key", &q.OnKey)
	sf.str("on_value", &q.OnValue)
	sf.boolean("update", &q.Update, false)
	return q, true
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
	var p sello.Problems
	applyClient(c.fields(&p), cl, true)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
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
