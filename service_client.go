package sello

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CreateClient normalises and validates c, then stores it as a new client
// of the team and mode with its customer.created event. Invalid lists every
// problem.
func (s *Service) CreateClient(ctx context.Context, team TeamID, livemode bool, c *Client) error {
	if err := s.prepareClient(ctx, team, livemode, c); err != nil {
		return err
	}
	events, err := s.creationEvents(Creations{Clients: []*Client{c}})
	if err != nil {
		return err
	}
	if err := s.store.CreateClient(ctx, c, events...); err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	return nil
}

// prepareClient normalises and validates c and makes it a new client of
// the team and mode (its id and times), without storing it.
func (s *Service) prepareClient(ctx context.Context, team TeamID, livemode bool, c *Client) error {
	normalizeClient(c)
	postal, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return err
	}
	if err := checkClient(c, postal); err != nil {
		return err
	}
	now := s.now().UTC()
	c.ID, c.TeamID, c.Livemode, c.IsValid = s.ids.New("client_"), team, livemode, false
	c.CreatedAt, c.UpdatedAt = now, now
	if c.From == "" {
		c.From = "api"
	}
	return nil
}

// creationEvents are the events of what a request creates besides its
// object: customer.created and service.created.
func (s *Service) creationEvents(cr Creations) ([]*Event, error) {
	var events []*Event
	for _, c := range cr.Clients {
		ev, err := s.newEvent(c.TeamID, c.Livemode, "customer.created", c.ID, c)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	for _, p := range cr.Products {
		ev, err := s.newEvent(p.TeamID, p.Livemode, "service.created", p.ID, p)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	return events, nil
}

// FindClientByID returns a client of the team and mode. NotFound otherwise,
// a deleted client included.
func (s *Service) FindClientByID(ctx context.Context, team TeamID, livemode bool, id string) (*Client, error) {
	c, err := s.store.FindClientByID(ctx, team, livemode, id)
	if err != nil {
		return nil, fmt.Errorf("find client %s: %w", id, err)
	}
	return c, nil
}

// FindClients returns one page of clients. Name and Query are folded here.
func (s *Service) FindClients(ctx context.Context, f ClientFilter) ([]*Client, bool, int, error) {
	f.Name, f.Query = Fold(f.Name), Fold(f.Query)
	cs, more, total, err := s.store.FindClients(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("find clients: %w", err)
	}
	return cs, more, total, nil
}

// UpdateClient validates and stores c, an existing client changed by the
// caller, with a customer.updated event. The validation result (IsValid)
// is reset when a fiscal field changed.
func (s *Service) UpdateClient(ctx context.Context, c *Client) error {
	old, err := s.store.FindClientByID(ctx, c.TeamID, c.Livemode, c.ID)
	if err != nil {
		return fmt.Errorf("update client %s: %w", c.ID, err)
	}
	normalizeClient(c)
	postal, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return err
	}
	if err := checkClient(c, postal); err != nil {
		return err
	}
	if old.TaxID != c.TaxID || old.TaxSystem != c.TaxSystem || old.Use != c.Use ||
		old.LegalName != c.LegalName || old.Address.Zip != c.Address.Zip {
		c.IsValid = false
	}
	c.CreatedAt, c.From, c.UpdatedAt = old.CreatedAt, old.From, s.now().UTC()
	ev, err := s.newEvent(c.TeamID, c.Livemode, "customer.updated", c.ID, c)
	if err != nil {
		return err
	}
	if err := s.store.UpdateClient(ctx, c, ev); err != nil {
		return fmt.Errorf("update client %s: %w", c.ID, err)
	}
	return nil
}

// DeleteClient soft-deletes a client with a customer.deleted event.
// NotFound when it does not exist in the team and mode.
func (s *Service) DeleteClient(ctx context.Context, team TeamID, livemode bool, id string) error {
	c, err := s.store.FindClientByID(ctx, team, livemode, id)
	if err != nil {
		return fmt.Errorf("delete client %s: %w", id, err)
	}
	ev, err := s.newEvent(team, livemode, "customer.deleted", id, c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteClient(ctx, team, livemode, id, s.now().UTC(), ev); err != nil {
		return fmt.Errorf("delete client %s: %w", id, err)
	}
	return nil
}

// FindOrCreateClient runs a client search (API.md §11.2). With no match it
// creates c (when AutoCreate or on POST /clients) and reports created. One
// match is returned as is, or updated by apply when Update is set. Several
// matches are Conflict, listing their ids.
func (s *Service) FindOrCreateClient(ctx context.Context, team TeamID, livemode bool, q ClientSearch, c *Client, apply func(*Client) error) (*Client, bool, error) {
	match, _, err := s.matchClient(ctx, team, livemode, q)
	switch {
	case err != nil:
		return nil, false, err
	case match == nil:
		if err := s.CreateClient(ctx, team, livemode, c); err != nil {
			return nil, false, err
		}
		return c, true, nil
	case !q.Update || apply == nil:
		return match, false, nil
	}
	if err := apply(match); err != nil {
		return nil, false, err
	}
	if err := s.UpdateClient(ctx, match); err != nil {
		return nil, false, err
	}
	return match, false, nil
}

// matchClient runs a client search: the one client that matches, or nil
// when none does and q.AutoCreate says to create one (NotFound otherwise),
// and the filter it ran. Several matches are Conflict, listing their ids.
func (s *Service) matchClient(ctx context.Context, team TeamID, livemode bool, q ClientSearch) (*Client, ClientFilter, error) {
	f := ClientFilter{TeamID: team, Livemode: livemode, ListOptions: ListOptions{Limit: 100}}
	v := strings.TrimSpace(q.OnValue)
	switch strings.ToLower(q.OnKey) {
	case "tax_id", "rfc", "taxid":
		f.TaxID = strings.ToUpper(v)
	case "email":
		f.Email = v
	case "name":
		f.NameIs = v
	default:
		return nil, f, invalidField("search.on_key", "must be tax_id, email or name")
	}
	if v == "" {
		return nil, f, invalidField("search.on_value", "is required")
	}
	found, _, total, err := s.store.FindClients(ctx, f)
	if err != nil {
		return nil, f, fmt.Errorf("search clients: %w", err)
	}
	switch {
	case total == 0 && !q.AutoCreate:
		return nil, f, Errorf(NotFound, "No client has %s %s", strings.ToLower(q.OnKey), v)
	case total == 0:
		return nil, f, nil
	case total > 1:
		e := Errorf(Conflict, "%d clients match the search", total)
		for _, m := range found {
			e.Fields = append(e.Fields, FieldError{Problem: m.ID})
		}
		return nil, f, e
	}
	return found[0], f, nil
}

func invalidField(field, problem string) error {
	var p Problems
	p.Add(field, "%s", problem)
	return p.Err("Invalid request body")
}

// ClientValidation is the result of validating a client offline (API.md
// §11.2): each check and their AND.
type ClientValidation struct {
	ID          string
	IsValid     bool
	Checks      []ClientCheck
	ValidatedAt time.Time
}

// ValidateClient checks a stored client's fiscal data offline, stores the
// result in IsValid and, when it changed, records customer.updated.
func (s *Service) ValidateClient(ctx context.Context, team TeamID, livemode bool, id string) (*ClientValidation, error) {
	c, err := s.store.FindClientByID(ctx, team, livemode, id)
	if err != nil {
		return nil, fmt.Errorf("validate client %s: %w", id, err)
	}
	postal, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return nil, err
	}
	v := &ClientValidation{ID: id, ValidatedAt: s.now().UTC()}
	v.Checks = validationChecks(c, postal)
	v.IsValid = true
	for _, ch := range v.Checks {
		v.IsValid = v.IsValid && ch.OK
	}
	if v.IsValid == c.IsValid {
		return v, nil
	}
	c.IsValid, c.UpdatedAt = v.IsValid, v.ValidatedAt
	ev, err := s.newEvent(team, livemode, "customer.updated", c.ID, c)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateClient(ctx, c, ev); err != nil {
		return nil, fmt.Errorf("validate client %s: %w", id, err)
	}
	return v, nil
}
