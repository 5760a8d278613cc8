package sello

import (
	"context"
	"fmt"
)

// CreateProduct fills the defaults of p, validates it and stores it as a
// new service of the team and mode with its service.created event. Invalid
// lists every problem; AlreadyExists when the SKU is taken.
func (s *Service) CreateProduct(ctx context.Context, team TeamID, livemode bool, p *Product) error {
	if err := s.prepareProduct(ctx, team, livemode, p); err != nil {
		return err
	}
	events, err := s.creationEvents(Creations{Products: []*Product{p}})
	if err != nil {
		return err
	}
	if err := s.store.CreateProduct(ctx, p, events...); err != nil {
		return fmt.Errorf("create service: %w", err)
	}
	return nil
}

// prepareProduct fills the defaults of p, validates it and makes it a new
// service of the team and mode (its id and times), without storing it.
func (s *Service) prepareProduct(ctx context.Context, team TeamID, livemode bool, p *Product) error {
	if err := s.checkProduct(ctx, p); err != nil {
		return err
	}
	now := s.now().UTC()
	p.ID, p.TeamID, p.Livemode = s.ids.New("service_"), team, livemode
	p.CreatedAt, p.UpdatedAt = now, now
	if p.From == "" {
		p.From = "api"
	}
	return nil
}

func (s *Service) checkProduct(ctx context.Context, p *Product) error {
	normalizeProduct(p)
	units, err := s.CatalogCodes(ctx, "c_ClaveUnidad")
	if err != nil {
		return err
	}
	keys, err := s.CatalogCodes(ctx, "c_ClaveProdServ")
	if err != nil {
		return err
	}
	return checkProduct(p, units, keys)
}

// FindProductByID returns a service of the team and mode. NotFound
// otherwise, a deleted one included.
func (s *Service) FindProductByID(ctx context.Context, team TeamID, livemode bool, id string) (*Product, error) {
	p, err := s.store.FindProductByID(ctx, team, livemode, id)
	if err != nil {
		return nil, fmt.Errorf("find service %s: %w", id, err)
	}
	return p, nil
}

// FindProducts returns one page of services. Name is folded here.
func (s *Service) FindProducts(ctx context.Context, f ProductFilter) ([]*Product, bool, int, error) {
	f.Name = Fold(f.Name)
	ps, more, total, err := s.store.FindProducts(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("find services: %w", err)
	}
	return ps, more, total, nil
}

// UpdateProduct validates and stores p, an existing service changed by the
// caller, with a service.updated event.
func (s *Service) UpdateProduct(ctx context.Context, p *Product) error {
	old, err := s.store.FindProductByID(ctx, p.TeamID, p.Livemode, p.ID)
	if err != nil {
		return fmt.Errorf("update service %s: %w", p.ID, err)
	}
	if err := s.checkProduct(ctx, p); err != nil {
		return err
	}
	p.CreatedAt, p.From, p.UpdatedAt = old.CreatedAt, old.From, s.now().UTC()
	ev, err := s.newEvent(p.TeamID, p.Livemode, "service.updated", p.ID, p)
	if err != nil {
		return err
	}
	if err := s.store.UpdateProduct(ctx, p, ev); err != nil {
		return fmt.Errorf("update service %s: %w", p.ID, err)
	}
	return nil
}

// DeleteProduct soft-deletes a service with a service.deleted event.
func (s *Service) DeleteProduct(ctx context.Context, team TeamID, livemode bool, id string) error {
	p, err := s.store.FindProductByID(ctx, team, livemode, id)
	if err != nil {
		return fmt.Errorf("delete service %s: %w", id, err)
	}
	ev, err := s.newEvent(team, livemode, "service.deleted", id, p)
	if err != nil {
		return err
	}
	if err := s.store.DeleteProduct(ctx, team, livemode, id, s.now().UTC(), ev); err != nil {
		return fmt.Errorf("delete service %s: %w", id, err)
	}
	return nil
}
