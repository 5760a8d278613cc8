package httpapi

import (
	"net/http"

	"github.com/sello-mx/sello"
)

// createComplement answers POST /v2/invoices/payment (API.md §11.4): a
// payment complement (type P) over PPD invoices, 201 with the snake view
// and payment_details; 202 while it waits for the stamping provider.
func (s *Server) createComplement(c *call) (*reply, error) {
	var p sello.Problems
	req := decodeComplement(c.fields(&p))
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

// complementRequestDoc documents the body of POST /v2/invoices/payment.
type complementRequestDoc struct {
	Invoices       []paidInvoiceDoc `json:"invoices"`
	PaymentForm    string           `json:"payment_form" doc:"c_FormaPago, not 99"`
	Date           any              `json:"date,omitempty" doc:"when the money arrived; default now"`
	Currency       string           `json:"currency,omitempty" doc:"default: that of the invoices"`
	ExchangeRate   float64          `json:"exchange_rate,omitempty" doc:"MXN per unit of currency"`
	Series         string           `json:"series,omitempty"`
	FolioNumber    int64            `json:"folio_number,omitempty"`
	SendEmail      bool             `json:"send_email,omitempty"`
	Emails         []string         `json:"emails,omitempty"`
	Metadata       map[string]any   `json:"metadata,omitempty"`
	IdempotencyKey string           `json:"idempotency_key,omitempty"`
}

type paidInvoiceDoc struct {
	UUID   string  `json:"uuid" doc:"the UUID or invoice_ id of a valid PPD invoice"`
	Amount float64 `json:"amount" doc:"at most its last_balance"`
}
