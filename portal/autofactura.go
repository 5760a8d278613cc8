package portal

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/sat"
)

// selfInvoicePage is the data of the self-invoicing template (API.md §2.1,
// §9.8): the purchase, the form and its errors, or the page's state.
type selfInvoicePage struct {
	Title    string
	Color    string
	Nonce    string
	Team     struct{ Name, Logo string }
	NotFound bool // the link is not valid
	Expired  bool // pending past valid_until
	Canceled bool
	Invoiced bool // completed: by its own invoice (links) or a global one
	Done     bool // just invoiced by this visitor
	Busy     bool // another attempt holds the receipt right now
	Global   bool // it went into the period's global invoice
	PDF, XML string
	Sent     string // the address the invoice was just e-mailed to

	Date       string
	ValidUntil string
	Items      []purchaseLine
	Subtotal   string
	Taxes      string
	Withheld   string
	Total      string
	Currency   string

	Form    map[string]string
	Errors  map[string]string // by input name; "" is a general error
	Regimes []sat.Entry
	Uses    []useOption
}

type purchaseLine struct{ Description, Quantity, Amount string }

// useOption is a c_UsoCFDI the page offers, with the régimenes it is
// allowed for, by person type, for the script that filters the list.
type useOption struct {
	sat.Entry
	Fisica, Moral string // space-separated régimen codes
}

func newSelfInvoiceField(pg *selfInvoicePage, name, label, typ, hint, auto string) field {
	return field{Name: name, Label: label, Type: typ, Hint: hint, Auto: auto, Value: pg.Form[name], Err: pg.Errors[name]}
}

// Error returns the error of an input, if any.
func (pg *selfInvoicePage) Error(name string) string { return pg.Errors[name] }

// selfInvoice answers GET /autofactura?id=…&token=….
func (p *Pages) selfInvoice(w http.ResponseWriter, r *http.Request) {
	rc, team, pg := p.openReceipt(w, r)
	if pg == nil {
		return
	}
	pg.Done = r.URL.Query().Get("listo") == "1" && rc.Status == sello.ReceiptCompleted
	p.renderSelfInvoice(w, r, http.StatusOK, pg, rc, team)
}

// submitSelfInvoice answers POST /autofactura?id=…&token=…: the
// customer's fiscal data (stamp the receipt to them) or, once invoiced,
// action=send (e-mail the invoice).
func (p *Pages) submitSelfInvoice(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	rc, team, pg := p.openReceipt(w, r)
	if pg == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		pg.Errors[""] = "No pudimos leer el formulario."
		p.renderSelfInvoice(w, r, http.StatusBadRequest, pg, rc, team)
		return
	}
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	if form("action") == "send" {
		p.sendSelfInvoice(w, r, pg, rc, team, form("email"))
		return
	}
	for _, k := range []string{"tax_id", "legal_name", "zip", "tax_system", "use", "email"} {
		pg.Form[k] = form(k)
	}
	pg.Form["tax_id"] = strings.ToUpper(pg.Form["tax_id"])
	if rc.Status != sello.ReceiptPending {
		p.renderSelfInvoice(w, r, http.StatusConflict, pg, rc, team)
		return
	}
	for k, msg := range map[string]string{"tax_id": "Escribe tu RFC.", "legal_name": "Escribe tu nombre o razón social.",
		"zip": "Escribe el código postal de tu domicilio fiscal.", "tax_system": "Elige tu régimen fiscal.", "use": "Elige el uso de la factura."} {
		if pg.Form[k] == "" {
			pg.Errors[k] = msg
		}
	}
	if len(pg.Errors) > 0 {
		p.renderSelfInvoice(w, r, http.StatusUnprocessableEntity, pg, rc, team)
		return
	}
	c := &sello.Client{LegalName: pg.Form["legal_name"], TaxID: pg.Form["tax_id"], TaxSystem: pg.Form["tax_system"],
		Use: pg.Form["use"], Email: pg.Form["email"], Address: sello.Address{Zip: pg.Form["zip"]}}
	_, _, err := p.svc.StampReceipt(r.Context(), team, rc.Livemode, rc.ID,
		sello.ReceiptStamp{StampTo: sello.StampToClient, Fiscal: c, From: "portal"})
	if err != nil {
		p.explainStamp(w, r, pg, rc, team, err)
		return
	}
	q := r.URL.Query()
	q.Set("listo", "1")
	http.Redirect(w, r, "/autofactura?"+q.Encode(), http.StatusSeeOther)
}

// explainStamp shows a refused stamp next to the inputs it names.
func (p *Pages) explainStamp(w http.ResponseWriter, r *http.Request, pg *selfInvoicePage, rc *sello.Receipt, team *sello.Team, err error) {
	var e *sello.Error
	switch code := sello.ErrorCode(err); {
	case code == sello.NotAllowed:
		fresh, _ := p.svc.FindReceipt(r.Context(), rc.TeamID, rc.Livemode, rc.ID)
		if fresh != nil {
			rc = fresh
		}
		p.renderSelfInvoice(w, r, http.StatusConflict, pg, rc, team)
		return
	case code == sello.Conflict:
		pg.Busy = true
		p.renderSelfInvoice(w, r, http.StatusConflict, pg, rc, team)
		return
	case !errors.As(err, &e) || (code != sello.Invalid && code != sello.Rejected && code != sello.StampRejected):
		p.log.Error("self-invoice", "receipt", rc.ID, "error", err.Error())
		pg.Errors[""] = "No pudimos emitir tu factura en este momento. Intenta de nuevo en unos minutos."
		p.renderSelfInvoice(w, r, http.StatusInternalServerError, pg, rc, team)
		return
	}
	for _, f := range e.Fields {
		name, msg := selfInvoiceMessage(f)
		if pg.Errors[name] == "" {
			pg.Errors[name] = msg
		}
	}
	if len(pg.Errors) == 0 {
		pg.Errors[""] = "No pudimos emitir tu factura: " + e.Message
	}
	p.renderSelfInvoice(w, r, http.StatusUnprocessableEntity, pg, rc, team)
}

// selfInvoiceMessage is the Spanish message of a field problem of the
// receptor, and the input it belongs to.
func selfInvoiceMessage(f sello.FieldError) (string, string) {
	field := strings.TrimPrefix(f.Field, "client.")
	switch field {
	case "tax_id", "Rfc":
		if strings.Contains(f.Problem, "check digit") {
			return "tax_id", "El RFC no es válido: su dígito verificador no coincide. Revisa que esté bien escrito."
		}
		return "tax_id", "El RFC no es válido: revisa que tenga 12 caracteres (persona moral) o 13 (persona física)."
	case "legal_name", "Nombre", "name":
		return "legal_name", "Escribe tu nombre o razón social como aparece en tu Constancia de Situación Fiscal."
	case "tax_system", "RegimenFiscalReceptor":
		return "tax_system", "Este régimen no corresponde a tu RFC (persona física o moral)."
	case "address.zip", "DomicilioFiscalReceptor":
		return "zip", "Escribe un código postal válido de 5 dígitos."
	case "use", "UsoCFDI":
		return "use", "Este uso no está permitido para tu régimen fiscal."
	case "email":
		return "email", "Escribe un correo electrónico válido."
	}
	return "", "No pudimos emitir tu factura: " + f.String()
}

// sendSelfInvoice e-mails the receipt's invoice (action=send).
func (p *Pages) sendSelfInvoice(w http.ResponseWriter, r *http.Request, pg *selfInvoicePage, rc *sello.Receipt, team *sello.Team, email string) {
	pg.Form["send_email"] = email
	if rc.Status != sello.ReceiptCompleted {
		p.renderSelfInvoice(w, r, http.StatusConflict, pg, rc, team)
		return
	}
	if inv, err := p.svc.FindInvoice(r.Context(), rc.TeamID, rc.Livemode, rc.InvoiceRef); err != nil || inv.ReceiptID != rc.ID {
		p.renderSelfInvoice(w, r, http.StatusConflict, pg, rc, team) // a global invoice is not sent from here
		return
	}
	if !sello.ValidEmail(email) {
		pg.Errors["send_email"] = "Escribe un correo electrónico válido."
		p.renderSelfInvoice(w, r, http.StatusUnprocessableEntity, pg, rc, team)
		return
	}
	if _, err := p.svc.SendInvoice(r.Context(), team, rc.Livemode, rc.InvoiceRef, []string{email}); err != nil {
		p.log.Warn("self-invoice send", "receipt", rc.ID, "error", err.Error())
		pg.Errors["send_email"] = "No pudimos enviar el correo. Intenta de nuevo más tarde."
		p.renderSelfInvoice(w, r, http.StatusBadGateway, pg, rc, team)
		return
	}
	pg.Sent = email
	p.renderSelfInvoice(w, r, http.StatusOK, pg, rc, team)
}

// openReceipt checks the link and loads the page's data, or writes the
// 404/410 page and returns nil.
func (p *Pages) openReceipt(w http.ResponseWriter, r *http.Request) (*sello.Receipt, *sello.Team, *selfInvoicePage) {
	pg := &selfInvoicePage{Title: "Factura tu compra", Color: defaultColor, Nonce: nonce(),
		Form: map[string]string{}, Errors: map[string]string{}}
	q := r.URL.Query()
	rc, team, err := p.svc.OpenReceiptLink(r.Context(), q.Get("id"), q.Get("token"))
	if err != nil {
		switch {
		case errors.Is(err, sello.ErrLinkExpired):
			pg.Title, pg.Expired = "Enlace expirado", true
			p.renderWithNonce(w, r, http.StatusGone, "autofactura", pg, pg.Nonce)
		case sello.ErrorCode(err) == sello.NotFound:
			pg.Title, pg.NotFound = "Enlace no válido", true
			p.renderWithNonce(w, r, http.StatusNotFound, "autofactura", pg, pg.Nonce)
		default:
			p.log.Error("self-invoice page", "error", err.Error())
			pg.Title, pg.NotFound = "Algo salió mal", true
			p.renderWithNonce(w, r, http.StatusInternalServerError, "autofactura", pg, pg.Nonce)
		}
		return nil, nil, nil
	}
	pg.Team.Name, pg.Team.Logo = firstSet(team.Name, team.LegalName), team.Brand.Logo
	if team.Brand.PrimaryColor != "" {
		pg.Color = expandColor(team.Brand.PrimaryColor)
	}
	return rc, team, pg
}

func firstSet(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// renderSelfInvoice fills the purchase and the state from the receipt and
// renders the page.
func (p *Pages) renderSelfInvoice(w http.ResponseWriter, r *http.Request, status int, pg *selfInvoicePage, rc *sello.Receipt, team *sello.Team) {
	p.fillPurchase(pg, rc)
	switch rc.Status {
	case sello.ReceiptCanceled:
		pg.Title, pg.Canceled = "Compra cancelada", true
		if status == http.StatusOK {
			status = http.StatusGone
		}
	case sello.ReceiptCompleted:
		pg.Title, pg.Invoiced = "Compra facturada", true
		inv, err := p.svc.FindInvoice(r.Context(), rc.TeamID, rc.Livemode, rc.InvoiceRef)
		switch {
		case err != nil:
			p.log.Warn("self-invoice invoice", "receipt", rc.ID, "error", err.Error())
		case inv.ReceiptID != rc.ID:
			pg.Global = true
		default:
			links, err := p.svc.InvoiceFiles(r.Context(), rc.TeamID, rc.Livemode, inv.ID, "pdf", "xml")
			if err != nil {
				p.log.Warn("self-invoice files", "receipt", rc.ID, "error", err.Error())
			}
			for _, l := range links {
				if l.Kind == "pdf" {
					pg.PDF = l.Path
				} else if l.Kind == "xml" {
					pg.XML = l.Path
				}
			}
		}
		if pg.Done {
			pg.Title = "¡Tu factura está lista!"
		}
	default:
		settings, err := p.svc.TeamSettings(r.Context(), team.ID)
		if err != nil {
			p.log.Warn("self-invoice settings", "team", team.ID, "error", err.Error())
			settings = &sello.TeamSettings{}
		}
		pg.Regimes = sat.Entries(sat.RegimenFiscal)
		pg.Uses = useOptions(settings.UsesOnSelfInvoicePortal, pg.Regimes)
		if pg.Form["use"] == "" {
			pg.Form["use"] = "G03"
		}
	}
	p.renderWithNonce(w, r, status, "autofactura", pg, pg.Nonce)
}

// useOptions lists the usos offered (the team's uses_on_self_invoice_portal,
// or all) with the régimenes each is allowed for.
func useOptions(only []string, regimes []sat.Entry) []useOption {
	var out []useOption
	for _, u := range sat.Entries(sat.UsoCFDI) {
		if len(only) > 0 && !contains(only, u.Code) {
			continue
		}
		o := useOption{Entry: u}
		var f, m []string
		for _, rg := range regimes {
			if sat.UsoAllowed(u.Code, rg.Code, true) {
				f = append(f, rg.Code)
			}
			if sat.UsoAllowed(u.Code, rg.Code, false) {
				m = append(m, rg.Code)
			}
		}
		o.Fisica, o.Moral = strings.Join(f, " "), strings.Join(m, " ")
		out = append(out, o)
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// fillPurchase writes the receipt's lines and totals the Mexican way.
func (p *Pages) fillPurchase(pg *selfInvoicePage, rc *sello.Receipt) {
	pg.Currency = rc.Currency
	pg.Date, pg.ValidUntil = fechaMexico(rc.CreatedAt), fechaMexico(rc.ValidUntil)
	pg.Items = pg.Items[:0]
	for _, it := range rc.Items {
		pg.Items = append(pg.Items, purchaseLine{Description: it.Description, Quantity: it.Quantity.String(), Amount: pesos(it.Total)})
	}
	pg.Subtotal, pg.Taxes, pg.Total = pesos(rc.Subtotal.Sub(rc.Discount)), pesos(rc.Taxes), pesos(rc.Total)
	if rc.Withheld.IsPositive() {
		pg.Withheld = pesos(rc.Withheld)
	}
}

// fechaMexico writes a date the Spanish way in Mexico City time.
func fechaMexico(t time.Time) string {
	t = t.In(mexico)
	return t.Format("2") + " de " + meses[t.Month()-1] + " de " + t.Format("2006")
}

// pesos writes an amount as $1,234.56 (two decimals, as the receipt pages
// show it).
func pesos(d decimal.Decimal) string {
	s := money(d, "MXN")
	if neg := strings.HasPrefix(s, "-"); neg {
		return "-$" + s[1:]
	}
	return "$" + s
}

// mexico is the time zone dates are shown in.
var mexico = func() *time.Location {
	loc, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return time.FixedZone("CST", -6*3600)
	}
	return loc
}()

// nonce is a fresh value for the page's Content-Security-Policy, which
// lets only the page's own script run.
func nonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// renderWithNonce writes the template name with the given status as UTF-8
// HTML, allowing only the page's own script, by its nonce.
func (p *Pages) renderWithNonce(w http.ResponseWriter, r *http.Request, status int, name string, data any, nonce string) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		p.log.Error("render page", "path", r.URL.Path, "error", err.Error())
		status, buf = http.StatusInternalServerError, bytes.Buffer{}
		buf.WriteString(`<!doctype html><html lang="es"><meta charset="utf-8"><title>Error</title><p>Algo salió mal. Intenta de nuevo más tarde.</p></html>`)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; form-action 'self'; script-src 'nonce-"+nonce+"'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
