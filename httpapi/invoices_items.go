package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// itemInput is an item of an invoice, a payment or a receipt (API.md §9.4):
// a service by id or search, or the item's own fields, or both (the
// fields given override the service's).
type itemInput struct {
	ID          string               `json:"id,omitempty" doc:"a service id (alias service_id)"`
	Search      *itemSearchInput     `json:"search,omitempty"`
	Description opt[string]          `json:"description"`
	Name        opt[string]          `json:"name" doc:"OLD: the description"`
	Quantity    opt[decimal.Decimal] `json:"quantity" doc:"default 1"`
	UnitPrice   opt[decimal.Decimal] `json:"unit_price" doc:"alias price"`
	Total       opt[decimal.Decimal] `json:"total" doc:"the line's total; the unit price is derived"`
	Discount    opt[decimal.Decimal] `json:"discount"`
	ProductKey  string               `json:"product_key,omitempty"`
	UnitKey     string               `json:"unit_key,omitempty"`
	UnitName    string               `json:"unit_name,omitempty"`
	SKU         string               `json:"sku,omitempty"`
	Taxability  string               `json:"taxability,omitempty" doc:"c_ObjetoImp"`
	Taxes       opt[[]itemTaxInput]  `json:"taxes" must:"an array of taxes"`
	ThirdParty  *thirdPartyInput     `json:"third_party,omitempty" doc:"ACuentaTerceros"`
}

// itemSearchInput finds the item's service by SKU.
type itemSearchInput struct {
	OnKey      opt[string] `json:"on_key" doc:"sku (the default)"`
	OnValue    opt[string] `json:"on_value"`
	AutoCreate bool        `json:"auto_create,omitempty"`
}

// itemTaxInput is a tax of an item: a service's tax and an optional base.
type itemTaxInput struct {
	taxInput
	Base taxBase `json:"base,omitempty" doc:"a numeric base overrides the computed one; a string is ignored"`
}

// taxBase is a tax's base override: a number; anything else is ignored,
// as the vendor's documentation shows a string there.
type taxBase struct {
	d  decimal.Decimal
	ok bool
}

func (b *taxBase) fromBody(d *decoder, raw any, path string) bool {
	n, isNum := raw.(json.Number)
	if !isNum {
		return true
	}
	v, err := sello.ParseDecimal(n.String())
	if err != nil {
		d.bad(path, "%v", err)
		return true
	}
	b.d, b.ok = v, true
	return true
}

func (taxBase) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": "number"}
}

// thirdPartyInput is the third party an item is billed for.
type thirdPartyInput struct {
	LegalName string `json:"legal_name"`
	TaxID     string `json:"tax_id"`
	TaxSystem string `json:"tax_system"`
	Zip       string `json:"zip"`
}

// items checks the items of a body; a draft needs none.
func (c *call) items(p *sello.Problems, in opt[[]itemInput], draft bool) []sello.ItemRequest {
	switch {
	case in.Bad:
		return nil
	case !in.valued():
		if !draft {
			p.Missing(c.fieldName("items"))
		}
		return nil
	case len(in.V) == 0 && !draft && !problemUnder(*p, c.fieldName("items")+"["):
		p.Add(c.fieldName("items"), "must hold at least one item") // unless its items were refused
	}
	out := make([]sello.ItemRequest, 0, len(in.V))
	for i := range in.V {
		out = append(out, c.item(p, &in.V[i], "items["+strconv.Itoa(i)+"]"))
	}
	return out
}

// problemUnder reports whether a problem names a field under prefix.
func problemUnder(p sello.Problems, prefix string) bool {
	for _, pr := range p {
		if strings.HasPrefix(pr.Field, prefix) {
			return true
		}
	}
	return false
}

func (c *call) item(p *sello.Problems, in *itemInput, path string) sello.ItemRequest {
	it := sello.ItemRequest{ServiceID: in.ID, ProductKey: in.ProductKey, UnitKey: in.UnitKey,
		UnitName: in.UnitName, SKU: in.SKU, Taxability: in.Taxability}
	if s := in.Search; s != nil {
		q := &sello.ItemSearch{OnKey: "sku", AutoCreate: s.AutoCreate}
		if s.OnKey.Set && !s.OnKey.Bad {
			if q.OnKey = strings.ToLower(s.OnKey.V); q.OnKey != "sku" {
				p.Add(c.fieldName(path+".search.on_key"), "must be sku")
			}
		}
		if q.OnValue = s.OnValue.V; q.OnValue == "" && !s.OnValue.Bad {
			p.Missing(c.fieldName(path + ".search.on_value"))
		}
		it.Search = q
	}
	if it.Description = in.Description.V; it.Description == "" {
		it.Description = in.Name.V // OLD
	}
	it.Quantity = c.amount(p, path+".quantity", in.Quantity, false)
	it.UnitPrice = c.amount(p, path+".unit_price", in.UnitPrice, true)
	it.Total = c.amount(p, path+".total", in.Total, true)
	it.Discount = c.amount(p, path+".discount", in.Discount, true)
	if in.Taxes.Set {
		it.Taxes, it.Bases = c.itemTaxes(p, in.Taxes.V, path)
	}
	if tp := in.ThirdParty; tp != nil {
		it.ThirdParty = &sello.ThirdParty{LegalName: tp.LegalName, TaxID: tp.TaxID, TaxSystem: tp.TaxSystem, Zip: tp.Zip}
	}
	return it
}

// itemTaxes checks an item's taxes (type and factor) and keeps each
// numeric base as an override (API.md §9.5).
func (c *call) itemTaxes(p *sello.Problems, in []itemTaxInput, item string) ([]sello.Tax, map[int]decimal.Decimal) {
	var bases map[int]decimal.Decimal
	taxes := make([]sello.Tax, 0, len(in))
	for i, t := range in {
		if t.Base.ok {
			if bases == nil {
				bases = map[int]decimal.Decimal{}
			}
			bases[i] = t.Base.d
		}
		tax := sello.Tax{Type: strings.ToUpper(strings.TrimSpace(t.Type)), Rate: t.Rate, Factor: t.Factor,
			Withholding: t.Withholding, Inclusive: t.Inclusive}
		path := item + ".taxes[" + strconv.Itoa(i) + "]"
		switch tax.Type {
		case "IVA", "ISR", "IEPS":
		case "":
			p.Missing(c.fieldName(path + ".type"))
		default:
			p.Rule(c.fieldName(path+".type"), map[bool]string{true: "CFDI40182", false: "CFDI40175"}[tax.Withholding], "must be IVA, ISR or IEPS")
		}
		switch strings.ToLower(tax.Factor) {
		case "", "tasa":
			tax.Factor = "Tasa"
		case "cuota":
			tax.Factor = "Cuota"
		case "exento":
			tax.Factor = "Exento"
		default:
			p.Rule(c.fieldName(path+".factor"), map[bool]string{true: "CFDI40183", false: "CFDI40176"}[tax.Withholding], "must be Tasa, Cuota or Exento")
		}
		if tax.Rate.IsNegative() {
			p.Add(c.fieldName(path+".rate"), "must not be negative")
		}
		taxes = append(taxes, tax)
	}
	return taxes, bases
}
