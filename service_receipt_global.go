package sello

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
)

// errNoPendingReceipt is wrapped by the refusal of a global invoice for a
// period without pending receipts.
var errNoPendingReceipt = errors.New("no pending receipt")

// GlobalInvoice makes the global invoice of the period of periodicity p
// (the team's settings when empty) that contains day (API.md §11.6): one
// CFDI with InformacionGlobal to the general public, one concept per
// receipt still pending whose valid_until falls in the period, those
// receipts completed with it, in one transaction with invoice.created,
// invoice.stamped and receipt.completed for each receipt. It is made once
// per team, mode and period, also by several replicas at once: created is
// false when the period already had it. Rejected when the period has not
// ended or had no pending receipt; Conflict while another process makes it.
func (s *Service) GlobalInvoice(ctx context.Context, team *Team, livemode bool, p string, day time.Time) (inv *Invoice, created bool, err error) {
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, false, err
	}
	if p == "" {
		p = settings.Periodicity.Value
	}
	if p == "" {
		p = "month"
	}
	if !ValidPeriodicity(p) {
		return nil, false, invalidField("periodicity", "must be day, week, two_weeks, month or two_months")
	}
	if p == "two_months" && team.TaxSystem != "621" {
		return nil, false, invalidField("periodicity", "CFDI40132: two_months is only for issuers in régimen 621")
	}
	now := s.now()
	if day.IsZero() {
		day = PeriodOf(p, now).Start.Add(-time.Second) // the last period that has ended
	}
	period := PeriodOf(p, day)
	if !now.After(period.End) {
		return nil, false, fieldRule("date", "the period has not ended yet: its receipts can still be self-invoiced")
	}
	if err := team.CheckIssuer(); err != nil {
		return nil, false, err // before the run and its receipts are claimed
	}
	run := &GlobalRun{TeamID: team.ID, Livemode: livemode, Periodicity: p, Start: period.Start.UTC(), End: period.End.UTC(),
		Holder: s.ids.New("invoice_")}
	got, err := s.store.ClaimGlobalRun(ctx, run, now, now.Add(receiptLease))
	if err != nil {
		return nil, false, fmt.Errorf("global invoice: %w", err)
	}
	if got.Done {
		if got.InvoiceID == "" {
			return nil, false, Wrap(Rejected, errNoPendingReceipt, "The period had no pending receipt")
		}
		inv, err := s.FindInvoice(ctx, team.ID, livemode, got.InvoiceID)
		return inv, false, err
	}
	rs, err := s.store.ClaimPeriodReceipts(ctx, team.ID, livemode, run.Start, run.End, got.Holder, now, now.Add(receiptLease))
	if err != nil {
		return nil, false, fmt.Errorf("global invoice receipts: %w", err)
	}
	rs = s.keepTickets(ctx, team.ID, livemode, got.Holder, rs)
	if len(rs) == 0 {
		if err := s.store.FinishGlobalRun(ctx, got); err != nil {
			return nil, false, fmt.Errorf("global invoice: %w", err)
		}
		return nil, false, Wrap(Rejected, errNoPendingReceipt, "The period had no pending receipt")
	}
	inv, err = s.issueGlobal(ctx, team, livemode, period, got, rs, settings)
	if errors.Is(err, errIssuingLeft) {
		return nil, false, err // recovery completes the receipts and the run
	}
	if err != nil {
		s.releaseReceipts(ctx, team.ID, livemode, got.Holder, receiptIDs(rs)...)
		return nil, false, err
	}
	return inv, true, nil
}

// keepTickets drops (and releases) receipts that cannot be a concept of a
// global invoice, whose amount before taxes is not positive (a concept's
// ValorUnitario must be), so that one of them never blocks its period.
func (s *Service) keepTickets(ctx context.Context, team TeamID, livemode bool, holder string, rs []*Receipt) []*Receipt {
	var keep []*Receipt
	var drop []string
	for _, r := range rs {
		if r.Subtotal.IsPositive() {
			keep = append(keep, r)
		} else {
			drop = append(drop, r.ID)
		}
	}
	if len(drop) > 0 {
		s.logger().Warn("receipts left out of a global invoice: no amount", "receipts", drop)
		s.releaseReceipts(ctx, team, livemode, holder, drop...)
	}
	return keep
}

// issueGlobal builds the global invoice of claimed receipts with
// cfdi.BuildGlobal and issues it through the invoice flow.
func (s *Service) issueGlobal(ctx context.Context, team *Team, livemode bool, period Period, run *GlobalRun, rs []*Receipt, settings *TeamSettings) (*Invoice, error) {
	g := period.Global()
	series := defaultSeries(settings, "I")
	d := &cfdi.GlobalDraft{Serie: series, Folio: "1", LugarExpedicion: team.Zip,
		Emisor:       cfdi.Emisor{Rfc: team.TaxID, Nombre: team.LegalName, RegimenFiscal: team.TaxSystem},
		Periodicidad: g.Periodicity, Meses: g.Months, Año: g.Year}
	inv := &Invoice{ID: run.Holder, TeamID: team.ID, Livemode: livemode, Type: "I",
		Client: InvoiceClient{LegalName: publicName, TaxID: PublicRFC, TaxSystem: publicTaxSystem, Use: publicUse, Zip: team.Zip},
		Series: series, Currency: "MXN", ExchangeRate: decimal.NewFromInt(1), PaymentMethod: "PUE", Use: publicUse,
		Exports: "01", Global: &g, AutomationType: "none", From: "automation"}
	for _, r := range rs {
		t, item := ticketOf(r)
		d.Tickets = append(d.Tickets, t)
		inv.Items = append(inv.Items, item)
	}
	plan := &invoicePlan{inv: inv}
	plan.build = func(fecha string) (*cfdi.Comprobante, error) {
		d.Fecha = fecha
		c, err := cfdi.BuildGlobal(d)
		if err == nil {
			inv.PaymentForm = c.FormaPago
		}
		return c, err
	}
	plan.receipts, plan.run = rs, run
	out, err := s.issue(ctx, team, livemode, plan, 0, nil)
	if err != nil {
		return nil, fmt.Errorf("global invoice %s: %w", period.Start.Format("2006-01-02"), err)
	}
	return out, nil
}

// ticketOf turns a receipt into a ticket of a global invoice (amounts in
// MXN at the receipt's exchange rate) and the invoice line that shows it.
func ticketOf(r *Receipt) (cfdi.Ticket, InvoiceItem) {
	rate := r.ExchangeRate
	if !rate.IsPositive() {
		rate = decimal.NewFromInt(1)
	}
	mxn := func(d decimal.Decimal) decimal.Decimal { return d.Mul(rate).Round(2) }
	t := cfdi.Ticket{Number: r.ID, FormaPago: r.PaymentForm, Subtotal: mxn(r.Subtotal), Descuento: mxn(r.Discount)}
	type key struct {
		typ, factor, rate string
		withholding       bool
	}
	bases := map[key]decimal.Decimal{}
	var order []key
	var taxes []Tax
	for _, it := range r.Items {
		for _, x := range it.Taxes {
			k := key{x.Type, x.Factor, x.Rate.String(), x.Withholding}
			if _, seen := bases[k]; !seen {
				order = append(order, k)
				taxes = append(taxes, Tax{Type: x.Type, Rate: x.Rate, Factor: x.Factor, Withholding: x.Withholding})
			}
			bases[k] = bases[k].Add(x.Base)
		}
	}
	net := t.Subtotal.Sub(t.Descuento)
	for i, k := range order {
		lt := cfdi.LineTax{Impuesto: taxCodes[k.typ], TipoFactor: k.factor, TasaOCuota: taxes[i].Rate, Withholding: k.withholding}
		if b := mxn(bases[k]); !b.Equal(net) {
			lt.Base = decimal.NewNullDecimal(b)
		}
		t.Taxes = append(t.Taxes, lt)
	}
	item := InvoiceItem{Description: "Venta", Quantity: decimal.NewFromInt(1), UnitPrice: t.Subtotal, Discount: t.Descuento,
		ProductKey: defaultProduct, UnitKey: "ACT", SKU: r.ID, Taxability: "02", Taxes: make([]ItemTax, len(taxes))}
	if len(taxes) == 0 {
		item.Taxability = "01"
	}
	for i, x := range taxes {
		item.Taxes[i] = ItemTax{Tax: x}
	}
	return t, item
}

// RunGlobalInvoices makes the global invoices that are due: for every
// pending receipt whose valid_until has passed, the global invoice of its
// team's period once that period has ended. Periods missed while no
// process ran are made on the next run. It reads the receipts limit at a
// time, at most 20 pages a run, and returns how many invoices it made.
func (s *Service) RunGlobalInvoices(ctx context.Context, limit int) (int, error) {
	now := s.now()
	type job struct {
		team     TeamID
		livemode bool
		start    time.Time
	}
	type teamInfo struct {
		team        *Team
		periodicity string
	}
	seen := map[job]bool{}
	teams := map[TeamID]*teamInfo{}
	made := 0
	var errs []error
	var after *Receipt
	for page := 0; page < 20; page++ {
		rs, err := s.store.FindExpiredReceipts(ctx, now, after, limit)
		if err != nil {
			return made, err
		}
		for _, r := range rs {
			info, known := teams[r.TeamID]
			if !known {
				info = &teamInfo{}
				teams[r.TeamID] = info
				if t, err := s.store.FindTeamByID(ctx, r.TeamID); err == nil { // a deleted team makes no invoice
					settings, err := s.TeamSettings(ctx, t.ID)
					if err != nil {
						errs = append(errs, err)
						continue
					}
					info.team, info.periodicity = t, settings.Periodicity.Value
					if !ValidPeriodicity(info.periodicity) {
						info.periodicity = "month"
					}
				}
			}
			if info.team == nil {
				continue
			}
			period := PeriodOf(info.periodicity, r.ValidUntil)
			j := job{r.TeamID, r.Livemode, period.Start}
			if seen[j] || !now.After(period.End) {
				continue
			}
			seen[j] = true
			_, created, err := s.GlobalInvoice(ctx, info.team, r.Livemode, info.periodicity, r.ValidUntil)
			switch {
			case created:
				made++
			case err == nil, ErrorCode(err) == Conflict, errors.Is(err, errNoPendingReceipt):
			default:
				errs = append(errs, err)
			}
		}
		if len(rs) < limit {
			break
		}
		after = rs[len(rs)-1]
	}
	return made, errors.Join(errs...)
}

// GlobalInvoiceWorker runs RunGlobalInvoices every interval until ctx ends,
// logging failures.
func (s *Service) GlobalInvoiceWorker(ctx context.Context, interval time.Duration) {
	s.poll(ctx, "global invoices", interval, 500, s.RunGlobalInvoices)
}
