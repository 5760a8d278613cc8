package sello

import (
	"context"
	"time"
)

// PortalSecret names the server secret customer-portal links are signed with.
const PortalSecret = "portal_signing"

// portalTTL is how long a customer-portal link works (API.md §11.2).
const portalTTL = 5 * 24 * time.Hour

// PortalLink is a signed, expiring token that opens a client's portal.
type PortalLink struct {
	Token     string
	ClientID  string
	ExpiresAt time.Time
}

// portalClaims are the signed content of a portal token.
type portalClaims struct {
	Team     TeamID `json:"t"`
	Livemode bool   `json:"l"`
	Client   string `json:"c"`
	Expires  int64  `json:"e"`
}

// CreatePortalLink signs a customer-portal link for the client with id, or
// else the one client with email. NotFound when none matches; Conflict when
// the email matches several clients.
func (s *Service) CreatePortalLink(ctx context.Context, team TeamID, livemode bool, id, email string) (*PortalLink, error) {
	var c *Client
	var err error
	switch {
	case id != "":
		c, err = s.FindClientByID(ctx, team, livemode, id)
	case email != "":
		c, _, err = s.FindOrCreateClient(ctx, team, livemode, ClientSearch{OnKey: "email", OnValue: email}, nil, nil)
	default:
		return nil, invalidField("id", "id or email is required")
	}
	if err != nil {
		return nil, err
	}
	exp := s.now().UTC().Add(portalTTL).Truncate(time.Second)
	token, err := s.signLink(ctx, PortalSecret, portalClaims{Team: team, Livemode: livemode, Client: c.ID, Expires: exp.Unix()})
	if err != nil {
		return nil, err
	}
	return &PortalLink{Token: token, ClientID: c.ID, ExpiresAt: exp}, nil
}

// OpenPortalLink checks a portal token's signature and expiry and returns
// the client it opens. NotFound for a forged or malformed token, NotFound
// wrapping ErrLinkExpired for an expired one.
func (s *Service) OpenPortalLink(ctx context.Context, token string) (*Client, error) {
	var cl portalClaims
	if ok, err := s.openLink(ctx, PortalSecret, token, &cl); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(NotFound, "portal link not found")
	}
	if s.now().Unix() > cl.Expires {
		return nil, Wrap(NotFound, ErrLinkExpired, "portal link expired")
	}
	return s.FindClientByID(ctx, cl.Team, cl.Livemode, cl.Client)
}
