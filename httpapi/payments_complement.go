package httpapi

import (
	"net/http"

	"github.com/sello-mx/sello"
)

// createComplement answers POST /v2/invoices/payment (API.md §11.4): a
// payment complement (type P) over PPD invoices, 201 with the snake view
// and payment_details; 202 while it waits for the stamping provider.
func (s *Server) createComplement(c *call) (*reply, error) {
	var in complementRequestInput
	var p sello.Problems
	c.decode(&in, &p)
	req := in.request(c, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if req.IdempotencyKey == "" {
		req.IdempotencyKey = c.r.Header.Get("Idempotency-Key")
	}
	inv, err := s.svc.CreateComplement(c.ctx(), c.target, c.auth.Livemode, req)
	if err != nil {
		return nil, err
	}
	return s.issuedReply(c, inv, false, http.StatusCreated, "Payment complement created successfully")
}
