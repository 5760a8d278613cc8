package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
)

// sendView is the answer of POST /v2/invoices/{id}/send.
type sendView struct {
	Recipients  []string `json:"recipients"`
	Attachments []string `json:"attachments"`
}

// invoiceFiles answers GET /v2/invoices/{id}/files: signed URLs, valid one
// hour and downloadable without an API key, of the PDF, the XML or both
// (file_type, default both).
func (s *Server) invoiceFiles(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if _, literal := invoiceLiterals[id]; literal {
		// /v2/invoices/income/files is the income invoice "files" (§2.3).
		c.r.SetPathValue("kind", id)
		c.r.SetPathValue("id", "files")
		return s.getInvoiceOfKind(c)
	}
	var kinds []string
	switch ft := strings.ToLower(strings.TrimSpace(c.query["file_type"])); ft {
	case "", "both":
		kinds = []string{"pdf", "xml"}
	case "pdf", "xml":
		kinds = []string{ft}
	default:
		return nil, invalidValue("Invalid query parameters", c.fieldName("file_type"), "must be pdf, xml or both")
	}
	links, err := s.svc.InvoiceFiles(c.ctx(), c.target.ID, c.auth.Livemode, id, kinds...)
	if err != nil {
		return nil, err
	}
	return ok("Files retrieved successfully", s.filesOf(c, links)), nil
}

// sendInvoice answers POST /v2/invoices/{id}/send with optional emails.
func (s *Server) sendInvoice(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if _, literal := invoiceLiterals[id]; literal {
		return nil, s.notAllowedHere(c)
	}
	var req sendRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	res, err := s.svc.SendInvoice(c.ctx(), c.target, c.auth.Livemode, id, req.Emails)
	if err != nil {
		return nil, err
	}
	return ok("Invoice sent successfully", &sendView{Recipients: nonNilStrings(res.Recipients),
		Attachments: nonNilStrings(res.Attachments)}), nil
}

// cancelInvoice answers DELETE /v2/invoices/{id}: motive (required, 01–04)
// and substitution_uuid (alias replacement), from the body or the query;
// the body wins. 200 with the invoice, canceled or with a pending
// cancellation.
func (s *Server) cancelInvoice(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if _, literal := invoiceLiterals[id]; literal {
		return nil, s.notAllowedHere(c)
	}
	var req cancelRequest
	var p sello.Problems
	c.decode(&req, &p)
	motive := c.cancelParam(req.Motive, "motive")
	if len(motive) == 1 {
		motive = "0" + motive // "2" is 02
	}
	subst := strings.ToUpper(c.cancelParam(req.SubstitutionUUID, "substitution_uuid"))
	switch {
	case motive == "" && len(p) == 0:
		p.Missing(c.fieldName("motive"))
	case motive != "" && (len(motive) != 2 || motive < "01" || motive > "04"):
		p.Add(c.fieldName("motive"), "must be 01, 02, 03 or 04")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	inv, err := s.svc.CancelInvoice(c.ctx(), c.target, c.auth.Livemode, id, motive, subst)
	if err != nil {
		return nil, err
	}
	data, err := s.invoiceData(c, inv, false)
	if err != nil {
		return nil, err
	}
	msg := "Invoice canceled successfully"
	if inv.Status != sello.InvoiceCanceled {
		msg = "Cancellation requested; waiting for the SAT"
	}
	return ok(msg, data), nil
}

// cancelParam is a cancellation field from the body or, when the body
// does not have it, the query.
func (c *call) cancelParam(in opt[code], key string) string {
	if in.valued() {
		return string(in.V)
	}
	return strings.TrimSpace(c.query[key])
}

// code is a catalog code in a body, sent as a string or, as clients send a
// motive, a number: 2 is "02".
type code string

func (v *code) fromBody(d *decoder, raw any, path string) bool {
	switch x := raw.(type) {
	case string:
		*v = code(strings.TrimSpace(x))
		return true
	case json.Number:
		if n, err := strconv.Atoi(x.String()); err == nil && n >= 0 {
			*v = code(leftPad(strconv.Itoa(n), 2))
			return true
		}
	}
	d.bad(path, "must be a string")
	return false
}

func (code) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": []string{"string", "integer"}}
}

// sendRequest is the body of POST /v2/invoices/{id}/send.
type sendRequest struct {
	Emails []string `json:"emails,omitempty" doc:"the recipients; default the client's e-mail and bcc"`
}

// cancelRequest is the body of DELETE /v2/invoices/{id}; both
// fields may come as query parameters instead, and the body wins.
type cancelRequest struct {
	Motive           opt[code] `json:"motive" doc:"c_MotivoCancelacion 01–04"`
	SubstitutionUUID opt[code] `json:"substitution_uuid" doc:"required for motive 01; aliases replacement, substitutionUuid"`
}
