package httpapi

import (
	"strings"

	"github.com/sello-mx/sello"
)

// invoiceQuery are the filters of the invoice lists (API.md §6); they take
// part in the cursor's hash.
var invoiceQuery = []string{"status", "client_id", "invoice_type", "invoice_id"}

// listInvoicesOf answers the invoice lists: GET /v2/invoices/income
// ("I"), /egress ("E"), /payment and /complements ("P"), /draft ("draft")
// and the S list GET /v2/invoices ("": every type, drafts only with
// status=draft).
func (s *Server) listInvoicesOf(kind string) handler {
	return func(c *call) (*reply, error) {
		opts, err := c.listOptions(true)
		if err != nil {
			return nil, err
		}
		f := sello.InvoiceFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, ClientID: c.query["client_id"], ListOptions: opts}
		var p sello.Problems
		switch kind {
		case "draft":
			f.Statuses = []sello.InvoiceStatus{sello.InvoiceDraft}
			f.Types = c.typeFilter(&p)
		case "":
			f.Statuses = c.statusFilter(&p, true)
			f.Types = c.typeFilter(&p)
		default:
			f.Types = []string{kind}
			f.Statuses = c.statusFilter(&p, false)
		}
		f.Series, f.Metadata = c.query["series"], c.metadataFilters()
		switch pm := strings.ToUpper(c.query["payment_method"]); pm {
		case "", "PUE", "PPD":
			f.PaymentMethod = pm
		default:
			p.Add(c.fieldName("payment_method"), "must be PUE or PPD")
		}
		if err := p.Err("Invalid query parameters"); err != nil {
			return nil, err
		}
		if id := c.query["invoice_id"]; id != "" && kind == "P" {
			f.PaysInvoice = s.invoiceUUID(c, id)
		}
		return s.invoicePage(c, f, "Invoices retrieved successfully")
	}
}

// statusFilter reads status in any input spelling of API.md §10.
func (c *call) statusFilter(p *sello.Problems, allowDraft bool) []sello.InvoiceStatus {
	v, present := c.query["status"]
	if !present {
		return nil
	}
	st, known := invoiceStatusInput[strings.ToLower(strings.TrimSpace(v))]
	switch {
	case !known:
		p.Add("status", "must be valid, pending, canceled or draft")
	case st == sello.InvoiceDraft && !allowDraft:
		p.Add("status", "drafts are listed at /v2/invoices/draft")
	default:
		return []sello.InvoiceStatus{st}
	}
	return nil
}

// typeFilter reads invoice_type: I, E or P.
func (c *call) typeFilter(p *sello.Problems) []string {
	v, present := c.query["invoice_type"]
	if !present {
		return nil
	}
	switch t := strings.ToUpper(strings.TrimSpace(v)); t {
	case "I", "E", "P":
		return []string{t}
	}
	p.Add(c.fieldName("invoice_type"), "must be I, E or P")
	return nil
}

// invoiceUUID returns the UUID of an invoice named by UUID or invoice_ id;
// an unknown id is kept as is, so that it matches nothing.
func (s *Server) invoiceUUID(c *call, id string) string {
	if !strings.HasPrefix(id, "invoice_") {
		return strings.ToUpper(id)
	}
	inv, err := s.svc.FindInvoice(c.ctx(), c.target.ID, c.auth.Livemode, id)
	if err != nil || inv.UUID == "" {
		return id
	}
	return inv.UUID
}

// searchInvoices answers GET /v2/invoices/search: q over uuid, id, series
// and folio and the client's names, RFC and email; every type, no drafts.
func (s *Server) searchInvoices(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(c.query["q"])
	if q == "" {
		return nil, invalidMissing("Invalid query parameters", "q")
	}
	if err := c.pageParam(&opts); err != nil {
		return nil, err
	}
	f := sello.InvoiceFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Query: q, ListOptions: opts}
	return s.invoicePage(c, f, "Invoices found")
}
