package sello

import (
	"context"
	"fmt"
)

// OpenCustomerPortal checks a customer-portal token (OpenPortalLink) and
// returns the client it opens and the client's team, for the portal page.
// NotFound for a bad token, NotFound wrapping ErrLinkExpired for an
// expired one.
func (s *Service) OpenCustomerPortal(ctx context.Context, token string) (*Client, *Team, error) {
	c, err := s.OpenPortalLink(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.store.FindTeamByID(ctx, c.TeamID)
	if err != nil {
		return nil, nil, fmt.Errorf("portal team: %w", err)
	}
	return c, t, nil
}
