package httpapi

import "github.com/sello-mx/sello"

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
