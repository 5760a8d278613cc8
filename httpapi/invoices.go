package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// invoiceLiterals are the literal path segments under /v2/invoices; such a
// segment is never an invoice id (API.md §2.3 rule 1).
var invoiceLiterals = map[string]string{
	"income": "I", "egress": "E", "payment": "P", "complements": "P", "draft": "", "search": "",
}

// createInvoiceAs answers POST /v2/invoices/income (typ "I"), /egress ("E")
// and the S route POST /v2/invoices (typ "": invoice_type, I by default).
// 201 with the stamped invoice, 202 when it waits for the stamping provider.
func (s *Server) createInvoiceAs(typ string) handler {
	return func(c *call) (*reply, error) {
		keepRawComplements(c, c.body)
		var in typedInvoiceInput
		var p sello.Problems
		if typ != "" {
			c.decode(&in.invoiceInput, &p) // the route names the type
		} else {
			c.decode(&in, &p)
		}
		req := in.request(c, &p, false)
		if req.Type = typ; typ == "" {
			req.Type = in.invoiceType(c, &p)
		}
		files := in.ReturnFilesURLs
		if err := p.Err("Invalid request body"); err != nil {
			return nil, err
		}
		if req.IdempotencyKey == "" {
			req.IdempotencyKey = c.r.Header.Get("Idempotency-Key")
		}
		inv, err := s.svc.CreateInvoice(c.ctx(), c.target, c.auth.Livemode, req)
		if err != nil {
			return nil, err
		}
		return s.issuedReply(c, inv, files, http.StatusCreated, "Invoice created successfully")
	}
}

// issuedReply answers with an invoice just issued: status when it is
// stamped, 202 when it is pending, with files when asked for.
func (s *Server) issuedReply(c *call, inv *sello.Invoice, files bool, status int, msg string) (*reply, error) {
	if inv.Status == sello.InvoicePending {
		status, msg = http.StatusAccepted, "Invoice stored; waiting for the stamping provider"
	}
	data, err := s.invoiceData(c, inv, files)
	if err != nil {
		return nil, err
	}
	return &reply{status: status, message: msg, data: data}, nil
}

// invoiceData renders an invoice in the route's casing: camel on surface
// S, snake elsewhere (API.md §9.6).
func (s *Server) invoiceData(c *call, inv *sello.Invoice, files bool) (any, error) {
	v := newInvoiceView(inv, s.invoiceLinks(c, inv, files))
	if c.route.Surface == surfaceS {
		return invoiceCamel(v)
	}
	return v, nil
}

// invoiceLinks signs the URLs a view shows: the files when asked for and
// the SAT acuse of a cancellation. A link that cannot be made is left out
// (and logged): the invoice itself is already issued.
func (s *Server) invoiceLinks(c *call, inv *sello.Invoice, files bool) invoiceLinks {
	var l invoiceLinks
	issued := inv.Status == sello.InvoiceValid || inv.Status == sello.InvoiceCanceled
	if files && issued {
		if links, err := s.svc.InvoiceFiles(c.ctx(), c.target.ID, c.auth.Livemode, inv.ID, "pdf", "xml"); err != nil {
			s.log.WarnContext(c.ctx(), "invoice files", "invoice", inv.ID, "error", err.Error())
		} else {
			l.files = s.filesOf(c, links)
		}
	}
	if len(inv.CancellationReceipt) > 0 {
		if links, err := s.svc.InvoiceFiles(c.ctx(), c.target.ID, c.auth.Livemode, inv.ID, "acuse"); err != nil {
			s.log.WarnContext(c.ctx(), "cancellation receipt", "invoice", inv.ID, "error", err.Error())
		} else if len(links) > 0 {
			l.acuse = s.absoluteURL(c, links[0].Path)
		}
	}
	return l
}

// filesOf turns signed links into absolute URLs.
func (s *Server) filesOf(c *call, links []sello.FileLink) *filesView {
	out := &filesView{}
	for _, l := range links {
		switch l.Kind {
		case "pdf":
			out.PDF = s.absoluteURL(c, l.Path)
		case "xml":
			out.XML = s.absoluteURL(c, l.Path)
		}
	}
	return out
}

// absoluteURL prefixes a path with PUBLIC_URL (API.md §2.1), or with the
// request's host when none is configured.
func (s *Server) absoluteURL(c *call, path string) string {
	base := s.publicURL
	if base == "" {
		base = "http://" + c.r.Host
	}
	return base + path
}

// getInvoiceOfKind answers GET /v2/invoices/{kind}/{id}: an income, egress
// or payment invoice (another type is 404; complements is an alias of
// payment), or a draft. One pattern serves every kind because
// /v2/invoices/income/{id} and /v2/invoices/{id}/files would both match
// /v2/invoices/income/files and ServeMux refuses such a pair.
func (s *Server) getInvoiceOfKind(c *call) (*reply, error) {
	kind, id := c.r.PathValue("kind"), c.r.PathValue("id")
	typ, known := invoiceLiterals[kind]
	if !known || kind == "search" {
		return nil, errRouteNotFound
	}
	inv, err := s.svc.FindInvoice(c.ctx(), c.target.ID, c.auth.Livemode, id)
	if err != nil {
		return nil, err
	}
	isDraft := inv.Status == sello.InvoiceDraft
	if (kind == "draft") != isDraft || (typ != "" && inv.Type != typ) {
		return nil, sello.Errorf(sello.NotFound, "Invoice %s not found", id)
	}
	data, err := s.invoiceData(c, inv, false)
	if err != nil {
		return nil, err
	}
	return ok("Invoice retrieved successfully", data), nil
}

// getInvoice answers GET /v2/invoices/{id} (surface S): any type, by
// invoice_ id or UUID.
func (s *Server) getInvoice(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if _, literal := invoiceLiterals[id]; literal {
		return nil, s.notAllowedHere(c)
	}
	inv, err := s.svc.FindInvoice(c.ctx(), c.target.ID, c.auth.Livemode, id)
	if err != nil {
		return nil, err
	}
	data, err := s.invoiceData(c, inv, false)
	if err != nil {
		return nil, err
	}
	return ok("Invoice retrieved successfully", data), nil
}

// notAllowedHere answers a request whose parameter segment is one of the
// literal segments: the literal route wins (API.md §2.3), so the method is
// not allowed on that path (405 with Allow), or the path is unknown.
func (s *Server) notAllowedHere(c *call) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if m == c.r.Method {
			continue
		}
		probe := &http.Request{Method: m, URL: c.r.URL, Host: c.r.Host, Header: http.Header{}}
		if h, pattern := s.mux.Handler(probe); h != nil && pattern != "/" && pattern != "" && !strings.Contains(pattern, "/v2/invoices/{id}") {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return errRouteNotFound
	}
	c.w.Header().Set("Allow", strings.Join(allow, ", "))
	return &apiError{status: http.StatusMethodNotAllowed, code: "operation_not_allowed",
		message: fmt.Sprintf("Method %s is not allowed on %s", c.r.Method, c.r.URL.Path)}
}

// invoicePage lists invoices in the route's casing.
func (s *Server) invoicePage(c *call, f sello.InvoiceFilter, msg string) (*reply, error) {
	invs, more, total, err := s.svc.FindInvoices(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(invs))
	for i, inv := range invs {
		if out[i], err = s.invoiceData(c, inv, false); err != nil {
			return nil, err
		}
	}
	last := lastCursor(invs, f.ListOptions, func(inv *sello.Invoice) (time.Time, string, string) {
		return inv.CreatedAt, inv.ID, inv.Client.LegalName
	})
	return c.page(msg, out, more, total, last)
}

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
