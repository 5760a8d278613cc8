package portal

import (
	"bytes"
	"net/http"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/sat"
)

// payPage is what the hosted payment page shows (API.md §11.5): the
// amount, the lines, the team's brand and the ways to pay.
type payPage struct {
	Title, Color string
	Team         struct{ Name, Logo string }
	Found        bool
	Status       string // pending, paid, canceled, refunded
	Total        string // "1,160.00 MXN"
	Reference    string // the payment id: the bank transfer's concept
	Lines        []payLine
	Bank         *sello.BankAccount // bank transfer instructions, nil when not offered
	Processor    []string           // methods through Stripe (card, oxxo, stripe-spei) when connected
	Checkout     string             // Stripe's hosted checkout of the payment
	NoMethod     bool               // nothing to offer: the team has no bank account nor Stripe
}

// methodNames are the methods collected through Stripe, in Spanish.
var methodNames = map[string]string{"card": "Tarjeta de crédito o débito", "oxxo": "Efectivo en OXXO", "stripe-spei": "Transferencia SPEI con referencia"}

type payLine struct {
	Description, Quantity, Total string
}

// pay answers GET /pay/{token}: the page of a requested payment, or a
// clear 404 page for an unknown or forged link.
func (p *Pages) pay(w http.ResponseWriter, r *http.Request) {
	pg := &payPage{Title: "Pago", Color: defaultColor}
	pay, team, err := p.svc.OpenPayLink(r.Context(), r.PathValue("token"))
	if err != nil {
		if sello.ErrorCode(err) != sello.NotFound {
			p.log.Error("payment page", "error", err.Error())
		}
		pg.Title = "Enlace de pago no válido"
		p.renderPay(w, r, http.StatusNotFound, pg)
		return
	}
	pg.Found = true
	pg.Team.Name, pg.Team.Logo = team.Name, team.Brand.Logo
	if pg.Team.Name == "" {
		pg.Team.Name = team.LegalName
	}
	if team.Brand.PrimaryColor != "" {
		pg.Color = expandColor(team.Brand.PrimaryColor)
	}
	pg.Title = "Pago a " + pg.Team.Name
	pg.Total, pg.Reference = money(pay.Total, pay.Currency)+" "+pay.Currency, pay.ID
	for _, it := range pay.Items {
		pg.Lines = append(pg.Lines, payLine{Description: it.Description, Quantity: it.Quantity.String(), Total: money(it.Total, pay.Currency)})
	}
	pg.Status = map[sello.PaymentStatus]string{sello.PaymentSucceeded: "paid", sello.PaymentCanceled: "canceled",
		sello.PaymentRefunded: "refunded"}[pay.Status]
	if pg.Status == "" {
		pg.Status = "pending"
		if settings, err := p.svc.TeamSettings(r.Context(), team.ID); err == nil && settings.BankAccount != nil &&
			settings.BankAccount.CLABE != "" && (slices.Contains(pay.AllowedMethods, "bank") || slices.Contains(pay.AllowedMethods, "spei")) {
			pg.Bank = settings.BankAccount
		}
		if pay.CheckoutURL != "" { // the team connected Stripe: its checkout exists
			pg.Checkout = pay.CheckoutURL
			for _, m := range pay.AllowedMethods {
				if name := methodNames[m]; name != "" {
					pg.Processor = append(pg.Processor, name)
				}
			}
		}
		pg.NoMethod = pg.Bank == nil && len(pg.Processor) == 0
	}
	p.renderPay(w, r, http.StatusOK, pg)
}

// money writes an amount with thousands separators and the currency's
// decimals: 1234.5 MXN is "1,234.50".
func money(d decimal.Decimal, currency string) string {
	s := d.StringFixed(int32(sat.CurrencyDecimals(currency)))
	intPart, frac, _ := bytes.Cut([]byte(s), []byte("."))
	neg := len(intPart) > 0 && intPart[0] == '-'
	if neg {
		intPart = intPart[1:]
	}
	var out []byte
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if neg {
		out = append([]byte{'-'}, out...)
	}
	if len(frac) > 0 {
		out = append(append(out, '.'), frac...)
	}
	return string(out)
}

// renderPay writes the payment page with the headers of every public page.
func (p *Pages) renderPay(w http.ResponseWriter, r *http.Request, status int, pg *payPage) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, "pay", pg); err != nil {
		p.log.Error("render page", "path", r.URL.Path, "error", err.Error())
		http.Error(w, "Algo salió mal. Intenta de nuevo más tarde.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
