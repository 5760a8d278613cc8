package sello

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
)

// ComputeItems resolves lines (services by id or SKU search, the team's
// defaults) and computes them with the CFDI engine, exactly as an invoice
// of those lines would be, without issuing anything. Invalid names each bad
// field. A search with auto_create adds its new service to cr (stored with
// the object the items are for; nil: not kept).
func (s *Service) ComputeItems(ctx context.Context, team *Team, livemode bool, currency string, reqs []ItemRequest, cr *Creations) ([]InvoiceItem, Totals, error) {
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, Totals{}, err
	}
	var p Problems
	if len(reqs) == 0 {
		p.Missing("items")
	}
	if cr == nil {
		cr = &Creations{} // what they would create is not kept
	}
	lines, items, err := s.resolveItems(ctx, team, livemode, reqs, settings, &p, cr)
	if err != nil {
		return nil, Totals{}, err
	}
	if currency == "" {
		currency = "MXN"
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, Totals{}, err
	}
	d := &cfdi.Draft{Moneda: currency, TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", FormaPago: "03",
		LugarExpedicion: team.Zip, Fecha: fecha(s.now()),
		Emisor:   cfdi.Emisor{Rfc: team.TaxID, Nombre: team.LegalName, RegimenFiscal: team.TaxSystem},
		Receptor: cfdi.Receptor{Rfc: PublicRFC, Nombre: publicName, DomicilioFiscalReceptor: team.Zip, RegimenFiscalReceptor: publicTaxSystem, UsoCFDI: publicUse},
		Lines:    lines}
	if currency != "MXN" && currency != "XXX" {
		d.TipoCambio = "1"
	}
	c, err := cfdi.Compute(d)
	if err != nil {
		return nil, Totals{}, computeProblem(err)
	}
	inv := &Invoice{Items: items}
	fillFromDocument(inv, c)
	return inv.Items, Totals{Subtotal: inv.Subtotal, Discount: inv.Discount, Taxes: inv.Taxes, Withheld: inv.Withheld, Total: inv.Total}, nil
}

// ItemRequests turns computed items back into requests (a payment's or a
// receipt's lines becoming an invoice's): the same services, quantities,
// prices, discounts and taxes.
func ItemRequests(items []InvoiceItem) []ItemRequest {
	out := make([]ItemRequest, len(items))
	for i, it := range items {
		taxes := make([]Tax, len(it.Taxes))
		for j, t := range it.Taxes {
			taxes[j] = t.Tax
			taxes[j].Inclusive = false // the unit price is already pre-tax
		}
		out[i] = ItemRequest{ServiceID: it.ServiceID, Description: it.Description,
			Quantity: decimal.NewNullDecimal(it.Quantity), UnitPrice: decimal.NewNullDecimal(it.UnitPrice),
			Discount: decimal.NewNullDecimal(it.Discount), ProductKey: it.ProductKey, UnitKey: it.UnitKey,
			UnitName: it.UnitName, SKU: it.SKU, Taxability: it.Taxability, Taxes: taxes, ThirdParty: it.ThirdParty}
	}
	return out
}
