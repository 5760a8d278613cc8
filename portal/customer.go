package portal

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/sello-mx/sello"
)

// customerPage is the data of the customer portal (API.md §2.1, §11.2):
// the client's invoices with their downloads and the receipts it can
// still invoice.
type customerPage struct {
	Title    string
	Color    string
	Nonce    string
	Team     struct{ Name, Logo string }
	NotFound bool
	Expired  bool
	Client   string
	Invoices []customerInvoice
	Receipts []customerReceipt
	Payments []customerPayment
}

type customerPayment struct {
	Date, Total, Status string
	PayURL              string // the payment page, while it waits for its money
}

var paymentStatusES = map[sello.PaymentStatus]string{
	sello.PaymentRequiresMethod: "Por pagar", sello.PaymentSucceeded: "Pagado",
	sello.PaymentCanceled: "Cancelado", sello.PaymentRefunded: "Reembolsado", sello.PaymentFailed: "Pago fallido",
}

type customerInvoice struct {
	Date, Number, Total, Status string
	PDF, XML                    string
}

type customerReceipt struct {
	Date, Total, ValidUntil, URL string
}

var invoiceStatusES = map[sello.InvoiceStatus]string{
	sello.InvoiceValid: "Vigente", sello.InvoicePending: "En proceso", sello.InvoiceCanceled: "Cancelada",
}

// customerPortal answers GET /portal/{token}.
func (p *Pages) customerPortal(w http.ResponseWriter, r *http.Request) {
	pg := &customerPage{Title: "Tus facturas", Color: defaultColor, Nonce: nonce()}
	c, team, err := p.svc.OpenCustomerPortal(r.Context(), r.PathValue("token"))
	if err != nil {
		switch {
		case errors.Is(err, sello.ErrLinkExpired):
			pg.Title, pg.Expired = "Enlace expirado", true
			p.renderCustomer(w, r, http.StatusGone, pg)
		case sello.ErrorCode(err) == sello.NotFound:
			pg.Title, pg.NotFound = "Enlace no válido", true
			p.renderCustomer(w, r, http.StatusNotFound, pg)
		default:
			p.customerFailed(w, r, pg, err)
		}
		return
	}
	if err := p.fillCustomer(r, pg, c, team); err != nil {
		p.customerFailed(w, r, pg, err)
		return
	}
	p.renderCustomer(w, r, http.StatusOK, pg)
}

func (p *Pages) customerFailed(w http.ResponseWriter, r *http.Request, pg *customerPage, err error) {
	p.log.Error("customer portal", "error", err.Error())
	pg.Title, pg.NotFound = "Algo salió mal", true
	p.renderCustomer(w, r, http.StatusInternalServerError, pg)
}

// fillCustomer loads the client's last 100 issued invoices, with signed
// download links, its last 100 payments, with the payment page of those
// waiting for their money, and its pending receipts, with their
// self-invoicing links.
func (p *Pages) fillCustomer(r *http.Request, pg *customerPage, c *sello.Client, team *sello.Team) error {
	ctx := r.Context()
	pg.Team.Name, pg.Team.Logo = firstSet(team.Name, team.LegalName), team.Brand.Logo
	if team.Brand.PrimaryColor != "" {
		pg.Color = expandColor(team.Brand.PrimaryColor)
	}
	pg.Client = firstSet(c.LegalName, c.Name, c.Email)
	invs, _, _, err := p.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: c.TeamID, Livemode: c.Livemode, ClientID: c.ID,
		Statuses:    []sello.InvoiceStatus{sello.InvoiceValid, sello.InvoicePending, sello.InvoiceCanceled},
		ListOptions: sello.ListOptions{Limit: 100, Desc: true}})
	if err != nil {
		return err
	}
	for _, inv := range invs {
		ci := customerInvoice{Date: fechaMexico(inv.CreatedAt), Number: inv.Series + "-" + strconv.FormatInt(inv.Folio, 10),
			Total: pesos(inv.Total) + " " + inv.Currency, Status: invoiceStatusES[inv.Status]}
		if inv.Status != sello.InvoicePending {
			links, err := p.svc.InvoiceFiles(ctx, c.TeamID, c.Livemode, inv.ID, "pdf", "xml")
			if err != nil {
				p.log.Warn("customer portal files", "invoice", inv.ID, "error", err.Error())
			}
			for _, l := range links {
				if l.Kind == "pdf" {
					ci.PDF = l.Path
				} else if l.Kind == "xml" {
					ci.XML = l.Path
				}
			}
		}
		pg.Invoices = append(pg.Invoices, ci)
	}
	rs, _, _, err := p.svc.FindReceipts(ctx, sello.ReceiptFilter{TeamID: c.TeamID, Livemode: c.Livemode, ClientID: c.ID,
		Status: sello.ReceiptPending, ListOptions: sello.ListOptions{Limit: 100, Desc: true}})
	if err != nil {
		return err
	}
	pays, _, _, err := p.svc.FindPayments(ctx, sello.PaymentFilter{TeamID: c.TeamID, Livemode: c.Livemode, ClientID: c.ID,
		ListOptions: sello.ListOptions{Limit: 100, Desc: true}})
	if err != nil {
		return err
	}
	for _, py := range pays {
		cp := customerPayment{Date: fechaMexico(py.CreatedAt), Total: pesos(py.Total) + " " + py.Currency, Status: paymentStatusES[py.Status]}
		if py.Status == sello.PaymentRequiresMethod && py.PayToken != "" {
			cp.PayURL = "/pay/" + py.PayToken
		}
		pg.Payments = append(pg.Payments, cp)
	}
	now := p.svc.Now()
	for _, rc := range rs {
		if rc.Expired(now) {
			continue
		}
		pg.Receipts = append(pg.Receipts, customerReceipt{Date: fechaMexico(rc.CreatedAt), Total: pesos(rc.Total) + " " + rc.Currency,
			ValidUntil: fechaMexico(rc.ValidUntil), URL: rc.URL})
	}
	return nil
}

func (p *Pages) renderCustomer(w http.ResponseWriter, r *http.Request, status int, pg *customerPage) {
	p.renderWithNonce(w, r, status, "customer", pg, pg.Nonce)
}
