package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// paymentQuery are the filters of GET /v2/payments (API.md §6).
var paymentQuery = []string{"status", "client_id", "currency", "email", "tax_id"}

// paymentReply renders a payment in the dual view with its absolute
// short_url.
func (s *Server) paymentReply(c *call, status int, msg string, p *sello.Payment) *reply {
	return &reply{status: status, message: msg, data: newPaymentView(p, strings.TrimSuffix(s.absoluteURL(c, ""), "/"))}
}

// decodePaymentBody reads the shared payment input and names its problems.
func (c *call) decodePaymentBody() (*sello.PaymentRequest, error) {
	var in paymentInput
	var p sello.Problems
	c.decode(&in, &p)
	req := in.request(c, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if req.IdempotencyKey == "" {
		req.IdempotencyKey = c.r.Header.Get("Idempotency-Key")
	}
	return req, nil
}

// registerPayment answers POST /v2/payments/register: a payment already
// received (201, succeeded), its automation run before answering.
func (s *Server) registerPayment(c *call) (*reply, error) {
	req, err := c.decodePaymentBody()
	if err != nil {
		return nil, err
	}
	p, err := s.svc.RegisterPayment(c.ctx(), c.target, c.auth.Livemode, req)
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusCreated, "Payment registered successfully", p), nil
}

// requestPayment answers POST /v2/payments/request and the seed surface's
// POST /v2/payments: a payment waiting for its money, with short_url.
func (s *Server) requestPayment(c *call) (*reply, error) {
	req, err := c.decodePaymentBody()
	if err != nil {
		return nil, err
	}
	p, err := s.svc.RequestPayment(c.ctx(), c.target, c.auth.Livemode, req)
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusCreated, "Payment created successfully", p), nil
}

// getPayment answers GET /v2/payments/{id}.
func (s *Server) getPayment(c *call) (*reply, error) {
	p, err := s.svc.FindPaymentByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusOK, "Payment retrieved successfully", p), nil
}

// paidPayment answers POST /v2/payments/{id}/paid.
func (s *Server) paidPayment(c *call) (*reply, error) {
	var in paidInput
	var pr sello.Problems
	c.decode(&in, &pr)
	req := in.request(c, &pr)
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	p, err := s.svc.MarkPaymentPaid(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"), req)
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusOK, "Payment marked as paid", p), nil
}

// refundPayment answers POST /v2/payments/{id}/refund.
func (s *Server) refundPayment(c *call) (*reply, error) {
	var in refundInput
	var pr sello.Problems
	c.decode(&in, &pr)
	req := in.request(c, &pr)
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	p, err := s.svc.RefundPayment(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"), req)
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusOK, "Payment refunded successfully", p), nil
}

// updatePayment answers PUT /v2/payments/{id}.
func (s *Server) updatePayment(c *call) (*reply, error) {
	var in paymentUpdateInput
	var pr sello.Problems
	c.decode(&in, &pr)
	u := in.update(c, &pr)
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	p, err := s.svc.UpdatePaymentFields(c.ctx(), c.target, c.auth.Livemode, c.r.PathValue("id"), u)
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusOK, "Payment updated successfully", p), nil
}

// cancelPayment answers DELETE /v2/payments/{id}: it cancels the payment
// and returns it.
func (s *Server) cancelPayment(c *call) (*reply, error) {
	p, err := s.svc.CancelPayment(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.paymentReply(c, http.StatusOK, "Payment canceled successfully", p), nil
}

// listPayments answers GET /v2/payments with the filters of API.md §6.
func (s *Server) listPayments(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	var p sello.Problems
	f := sello.PaymentFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Statuses: c.paymentStatuses(&p),
		ClientID: c.query["client_id"], Currency: c.query["currency"], Email: c.query["email"],
		TaxID: c.query["tax_id"], Metadata: c.metadataFilters(), ListOptions: opts}
	if err := p.Err("Invalid query parameters"); err != nil {
		return nil, err
	}
	return s.paymentPage(c, f, "Payments retrieved successfully")
}

// searchPayments answers GET /v2/payments/search: q over the client's
// name, RFC and email and the payment id, with status and client_id.
func (s *Server) searchPayments(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	var p sello.Problems
	f := sello.PaymentFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Statuses: c.paymentStatuses(&p),
		ClientID: c.query["client_id"], Query: c.query["q"], ListOptions: opts}
	if err := p.Err("Invalid query parameters"); err != nil {
		return nil, err
	}
	return s.paymentPage(c, f, "Payments found")
}

// paymentStatuses reads the status filter in any input spelling.
func (c *call) paymentStatuses(p *sello.Problems) []sello.PaymentStatus {
	v, present := c.query["status"]
	if !present || v == "" {
		return nil
	}
	st, known := paymentStatusInput[strings.ToLower(strings.TrimSpace(v))]
	if !known {
		p.Add(c.fieldName("status"), "must be requires_payment_method, succeeded, canceled, refunded, failed, pending or processing")
	}
	return st
}

func (s *Server) paymentPage(c *call, f sello.PaymentFilter, msg string) (*reply, error) {
	ps, more, total, err := s.svc.FindPayments(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(s.absoluteURL(c, ""), "/")
	out := make([]*paymentView, len(ps))
	for i, p := range ps {
		out[i] = newPaymentView(p, base)
	}
	last := lastCursor(ps, f.ListOptions, func(p *sello.Payment) (time.Time, string, string) {
		return p.CreatedAt, p.ID, p.SortName()
	})
	return c.page(msg, out, more, total, last)
}
