package sello

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/sat"
)

// CreateComplement issues a payment complement (a CFDI of type P with
// Pagos 2.0) over stored PPD invoices: POST /v2/invoices/payment. Every
// invoice must be valid, PPD, of one client and one currency, and each
// amount at most its last_balance; the installment numbers and balances
// come from storage, and the paid invoices' balances and complement counts
// change in the same transaction as the complement is stored. Errors:
// Invalid (naming each bad field), NotFound (an unknown invoice), Rejected
// (a complement rule), StampRejected.
func (s *Service) CreateComplement(ctx context.Context, team *Team, livemode bool, req *ComplementRequest) (*Invoice, error) {
	id, done, err := s.keyedInvoice(ctx, team.ID, livemode)
	if err != nil || done != nil {
		return done, err
	}
	inv, err := s.issueComplement(ctx, team, livemode, req, id)
	if err != nil {
		return nil, err
	}
	if settings, err := s.TeamSettings(ctx, team.ID); err == nil {
		s.sendAfterIssue(ctx, team, inv, settings)
	}
	return inv, nil
}

// issueComplement checks, builds and issues a complement with the given id.
// Complements of one process are issued one at a time, so that two of them
// never read the same balance.
func (s *Service) issueComplement(ctx context.Context, team *Team, livemode bool, req *ComplementRequest, id string) (*Invoice, error) {
	var p Problems
	if len(req.Invoices) == 0 {
		p.Missing("invoices")
	}
	checkPaymentForm(&p, req.PaymentForm)
	currency := strings.ToUpper(req.Currency)
	if currency != "" && (!inCatalog(sat.MonedaCatalog, currency) || currency == "XXX") {
		p.Add("currency", "is not a c_Moneda code")
	}
	for i, pi := range req.Invoices {
		if pi.Invoice == "" {
			p.Missing(fmt.Sprintf("invoices[%d].uuid", i))
		}
		if !pi.Amount.IsPositive() {
			p.Add(fmt.Sprintf("invoices[%d].amount", i), "must be greater than 0")
		}
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if err := team.CheckIssuer(); err != nil {
		return nil, err
	}
	s.balances.Lock()
	defer s.balances.Unlock()
	paid, err := s.paidInvoices(ctx, team.ID, livemode, req.Invoices)
	if err != nil {
		return nil, err
	}
	if currency == "" {
		currency = paid[0].Currency
	}
	rate := decimal.NewFromInt(1)
	if currency != "MXN" {
		if !req.ExchangeRate.Valid || !req.ExchangeRate.Decimal.IsPositive() {
			return nil, invalidMissing("exchange_rate", req.ExchangeRate.Valid)
		}
		rate = req.ExchangeRate.Decimal
	}
	plan, err := s.complementPlan(ctx, team, livemode, req, paid, currency, rate)
	if err != nil {
		return nil, err
	}
	plan.inv.ID = id
	return s.issue(ctx, team, livemode, plan, req.Folio, nil)
}

// invalidMissing reports exchange_rate missing, or not positive.
func invalidMissing(field string, present bool) error {
	var p Problems
	if present {
		p.Add(field, "must be greater than 0")
	} else {
		p.Missing(field)
	}
	return p.Err("Invalid request body")
}

// paidInvoices loads the invoices a complement pays and checks the
// complement rules of API.md §11.4.
func (s *Service) paidInvoices(ctx context.Context, team TeamID, livemode bool, reqs []PaidInvoice) ([]*Invoice, error) {
	out := make([]*Invoice, len(reqs))
	for i, r := range reqs {
		field := fmt.Sprintf("invoices[%d]", i)
		inv, err := s.store.FindInvoice(ctx, team, livemode, r.Invoice)
		if ErrorCode(err) == NotFound {
			return nil, invalidField(field+".uuid", "no invoice of the team has this UUID or id")
		} else if err != nil {
			return nil, err
		}
		switch {
		case inv.Status != InvoiceValid:
			return nil, fieldRule(field, "the invoice is "+string(inv.Status)+"; only valid invoices are paid")
		case inv.Type != "I" || inv.PaymentMethod != "PPD":
			return nil, fieldRule(field, "only PPD income invoices take payment complements")
		case i > 0 && (inv.ClientID != out[0].ClientID || inv.Client.TaxID != out[0].Client.TaxID):
			return nil, fieldRule(field, "every invoice of a complement must be of the same client")
		case i > 0 && inv.Currency != out[0].Currency:
			return nil, fieldRule(field, "every invoice of a complement must be in the same currency")
		}
		for _, prev := range out[:i] {
			if prev.ID == inv.ID {
				return nil, fieldRule(field, "the invoice is listed twice")
			}
		}
		out[i] = inv
	}
	return out, nil
}

// complementPlan builds the plan of a complement: the Pagos 2.0 document
// (installment numbers and balances from storage), the Invoice with its
// payment_details, and the paid invoices with their new balances.
func (s *Service) complementPlan(ctx context.Context, team *Team, livemode bool, req *ComplementRequest, paid []*Invoice, currency string, rate decimal.Decimal) (*invoicePlan, error) {
	now := s.now()
	date := req.Date
	if date.IsZero() {
		date = now
	}
	pay := cfdi.PaymentReceived{FechaPago: fecha(date), FormaDePagoP: req.PaymentForm,
		MonedaP: currency, TipoCambioP: rate}
	details := &PaymentDetails{Date: date, PaymentForm: req.PaymentForm, Currency: currency, ExchangeRate: rate}
	touched := make([]*Invoice, len(paid))
	for i, inv := range paid {
		field := fmt.Sprintf("invoices[%d]", i)
		doc, err := cfdi.Parse(inv.XML)
		if err != nil {
			return nil, Wrap(DataIntegrity, err, "the stored invoice "+inv.UUID+" is unreadable")
		}
		pd, err := cfdi.PaidDocumentOf(doc.Comprobante, inv.UUID)
		if err != nil {
			return nil, Wrap(DataIntegrity, err, "the stored invoice "+inv.UUID+" is unreadable")
		}
		amount := req.Invoices[i].Amount
		dec := currencyDecimals(inv.Currency)
		paidDR := amount
		if inv.Currency != currency {
			// EquivalenciaDR: units of the invoice's currency per unit of
			// the payment's, from both rates to MXN.
			invRate := inv.ExchangeRate
			if inv.Currency == "MXN" || !invRate.IsPositive() {
				invRate = decimal.NewFromInt(1)
			}
			eq := rate.DivRound(invRate, 10)
			pd.EquivalenciaDR = eq
			paidDR = amount.Mul(eq).Round(dec)
			if over := paidDR.Sub(inv.LastBalance); over.IsPositive() && over.LessThanOrEqual(decimal.New(1, -dec)) {
				paidDR = inv.LastBalance // rounding of the conversion: pay the balance exactly
			}
		}
		if paidDR.GreaterThan(inv.LastBalance) {
			return nil, fieldRule(field+".amount", fmt.Sprintf("is above the invoice's last_balance (%s %s)",
				inv.LastBalance.StringFixed(dec), inv.Currency))
		}
		pd.NumParcialidad = inv.PaymentComplements + 1
		pd.ImpSaldoAnt, pd.ImpPagado = inv.LastBalance, paidDR
		pay.Documents = append(pay.Documents, pd)
		pay.Monto = pay.Monto.Add(amount)
		details.Amount = details.Amount.Add(amount)
		details.Documents = append(details.Documents, PaidInvoiceLine{UUID: inv.UUID, InvoiceID: inv.ID, Series: inv.Series,
			Folio: inv.Folio, Installment: pd.NumParcialidad, PreviousBalance: inv.LastBalance, AmountPaid: paidDR,
			RemainingBalance: inv.LastBalance.Sub(paidDR)})
		t := *inv
		t.LastBalance, t.PaymentComplements, t.UpdatedAt = inv.LastBalance.Sub(paidDR), inv.PaymentComplements+1, now
		touched[i] = &t
	}
	first := paid[0]
	settings := &TeamSettings{}
	series := req.Series
	if series == "" {
		if st, err := s.TeamSettings(ctx, team.ID); err == nil {
			settings = st
		}
		series = defaultSeries(settings, "P")
	}
	d := &cfdi.PaymentDraft{Serie: series, Folio: "1", LugarExpedicion: team.Zip,
		Emisor:   cfdi.Emisor{Rfc: team.TaxID, Nombre: team.LegalName, RegimenFiscal: team.TaxSystem},
		Receptor: receptorOf(first.Client, team, "CP01"), Payments: []cfdi.PaymentReceived{pay}}
	client := first.Client
	client.Use = "CP01"
	inv := &Invoice{TeamID: team.ID, Livemode: livemode, Type: "P", Client: client, ClientID: first.ClientID,
		Series: series, Currency: "XXX", ExchangeRate: decimal.NewFromInt(1), Use: "CP01", Exports: "01",
		Items: []InvoiceItem{}, PaymentDetails: details, AutomationType: "none", PaymentID: req.PaymentID,
		SendEmail: req.SendEmail, Emails: req.Emails, Metadata: req.Metadata, IdempotencyKey: req.IdempotencyKey, From: "api"}
	build := func(fecha string) (*cfdi.Comprobante, error) {
		d.Fecha = fecha
		if d.Payments[0].FechaPago > fecha {
			d.Payments[0].FechaPago = fecha // money cannot arrive after the receipt of it
		}
		return cfdi.BuildPayment(d)
	}
	return &invoicePlan{inv: inv, build: build, touched: touched}, nil
}
