package httpapi

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// serviceAliases are the input spellings of API.md §3.4 for services (OLD
// and the vendor blog: price, unit, isActive, taxRate; retained for taxes).
var serviceAliases = aliasTable{
	"price": "unit_price", "unit": "unit_name", "is_active": "active", "isActive": "active",
	"taxRate": "tax_rate", "retained": "withholding",
}

// serviceView is the Service of API.md §9.3 in the dual view.
type serviceView struct {
	ID          string         `json:"id"`
	Description string         `json:"description"`
	Name        string         `json:"name"`
	UnitPrice   json.Number    `json:"unit_price"`
	UnitPriceC  json.Number    `json:"unitPrice"`
	Price       json.Number    `json:"price"`
	ProductKey  string         `json:"product_key"`
	ProductKeyC string         `json:"productKey"`
	UnitKey     string         `json:"unit_key"`
	UnitKeyC    string         `json:"unitKey"`
	UnitName    string         `json:"unit_name"`
	UnitNameC   string         `json:"unitName"`
	Unit        string         `json:"unit"`
	SKU         *string        `json:"sku"`
	Taxes       []taxView      `json:"taxes"`
	TaxRate     json.Number    `json:"taxRate"`
	Taxability  string         `json:"taxability"`
	Quantity    json.Number    `json:"quantity"`
	Category    *string        `json:"category"`
	Currency    string         `json:"currency"`
	Active      bool           `json:"active"`
	IsActive    bool           `json:"isActive"`
	Metadata    map[string]any `json:"metadata"`
	Livemode    bool           `json:"livemode"`
	Team        string         `json:"team"`
	Owner       *string        `json:"owner"`
	From        string         `json:"from"`
	CreatedAt   int64          `json:"created_at"`
	CreatedAtC  string         `json:"createdAt"`
	Timestamp   string         `json:"timestamp"`
}

// taxView is a Tax of API.md §9.5 on a service.
type taxView struct {
	Type        string      `json:"type"`
	Rate        json.Number `json:"rate"`
	Factor      string      `json:"factor"`
	Withholding bool        `json:"withholding"`
	Inclusive   bool        `json:"inclusive"`
}

func newServiceView(p *sello.Product) *serviceView {
	created := p.CreatedAt.Unix()
	price := number(p.UnitPrice)
	v := &serviceView{
		ID: p.ID, Description: p.Description, Name: p.Name,
		UnitPrice: price, UnitPriceC: price, Price: price,
		ProductKey: p.ProductKey, ProductKeyC: p.ProductKey, UnitKey: p.UnitKey, UnitKeyC: p.UnitKey,
		UnitName: p.UnitName, UnitNameC: p.UnitName, Unit: p.UnitName,
		Taxes: make([]taxView, len(p.Taxes)), TaxRate: "0", Taxability: p.Taxability,
		Quantity: number(p.Quantity), Currency: p.Currency, Active: p.Active, IsActive: p.Active,
		Metadata: p.Metadata, Livemode: p.Livemode, Team: string(p.TeamID), From: p.From,
		CreatedAt: created, CreatedAtC: isoTime(created), Timestamp: isoTime(created),
	}
	if p.SKU != "" {
		v.SKU = &p.SKU
	}
	if p.Category != "" {
		v.Category = &p.Category
	}
	taxRateSet := false
	for i, t := range p.Taxes {
		v.Taxes[i] = taxView{Type: t.Type, Rate: number(t.Rate), Factor: t.Factor, Withholding: t.Withholding, Inclusive: t.Inclusive}
		if !taxRateSet && t.Type == "IVA" && !t.Withholding {
			v.TaxRate, taxRateSet = number(t.Rate), true
		}
	}
	if v.Metadata == nil {
		v.Metadata = map[string]any{}
	}
	return v
}

// serviceRequest is the body of POST and PUT /v2/services (API.md §9.3):
// on create the new service's fields, on PUT the fields to change.
type serviceRequest struct {
	Description opt[string]          `json:"description"`
	Name        opt[string]          `json:"name"`
	UnitPrice   opt[decimal.Decimal] `json:"unit_price" doc:"alias price"`
	ProductKey  opt[string]          `json:"product_key"`
	UnitKey     opt[string]          `json:"unit_key"`
	UnitName    opt[string]          `json:"unit_name"`
	SKU         opt[string]          `json:"sku"`
	Taxes       opt[[]taxInput]      `json:"taxes" must:"an array of taxes"`
	TaxRate     opt[decimal.Decimal] `json:"tax_rate" doc:"an IVA rate, when taxes is absent"`
	Taxability  opt[string]          `json:"taxability"`
	Quantity    opt[decimal.Decimal] `json:"quantity"`
	Category    opt[string]          `json:"category"`
	Currency    opt[string]          `json:"currency"`
	Active      opt[bool]            `json:"active"`
	Metadata    opt[map[string]any]  `json:"metadata"`
}

// taxInput is a tax of a service or an item in a body (API.md §9.3).
type taxInput struct {
	Type        string          `json:"type"`
	Rate        decimal.Decimal `json:"rate"`
	Factor      string          `json:"factor"`
	Withholding bool            `json:"withholding"`
	Inclusive   bool            `json:"inclusive"`
}

// taxes is the taxes of a body.
func taxes(in []taxInput) []sello.Tax {
	if in == nil {
		return nil
	}
	out := make([]sello.Tax, len(in))
	for i, t := range in {
		out[i] = sello.Tax{Type: t.Type, Rate: t.Rate, Factor: t.Factor, Withholding: t.Withholding, Inclusive: t.Inclusive}
	}
	return out
}

// apply copies the body's service fields onto p (create or PUT) and
// reports whether unit_price was sent.
func (r *serviceRequest) apply(p *sello.Product, update bool) (pricePresent bool) {
	for _, f := range []struct {
		in  opt[string]
		dst *string
	}{
		{r.Description, &p.Description}, {r.Name, &p.Name}, {r.ProductKey, &p.ProductKey},
		{r.UnitKey, &p.UnitKey}, {r.UnitName, &p.UnitName}, {r.SKU, &p.SKU}, {r.Taxability, &p.Taxability},
		{r.Category, &p.Category}, {r.Currency, &p.Currency},
	} {
		f.in.to(f.dst)
	}
	if update && r.UnitKey.Set && !r.UnitName.Set {
		p.UnitName = "" // the default name of the new unit
	}
	pricePresent = r.UnitPrice.to(&p.UnitPrice)
	r.Quantity.toOr(&p.Quantity, decimal.NewFromInt(1))
	r.Active.toOr(&p.Active, true)
	if r.Taxes.Set {
		p.Taxes = taxes(r.Taxes.V)
		if update && !r.Taxability.Set {
			p.Taxability = ""
		}
	} else if r.TaxRate.Set { // null: IVA at 0
		p.Taxes = []sello.Tax{{Type: "IVA", Rate: r.TaxRate.V, Factor: "Tasa"}}
	}
	applyMetadata(r.Metadata, &p.Metadata, update)
	return pricePresent
}

// createService answers POST /v2/services.
func (s *Server) createService(c *call) (*reply, error) {
	var req serviceRequest
	var pr sello.Problems
	c.decode(&req, &pr)
	p := &sello.Product{Active: true}
	if !req.apply(p, false) {
		pr.Missing(c.fieldName("unit_price"))
	}
	if p.Description == "" && p.Name == "" {
		pr.Missing(c.fieldName("description"))
	}
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if err := s.svc.CreateProduct(c.ctx(), c.target.ID, c.auth.Livemode, p); err != nil {
		return nil, err
	}
	return created("Service created successfully", newServiceView(p)), nil
}

// listServices answers GET /v2/services with the filters of API.md §6.
func (s *Server) listServices(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	f := sello.ProductFilter{TeamID: c.target.ID, Livemode: c.auth.Livemode, Name: c.query["name"],
		Category: c.query["category"], SKU: c.query["sku"], ProductKey: c.query["product_key"],
		Metadata: c.metadataFilters(), ListOptions: opts}
	var p sello.Problems
	if f.Active, err = c.query.boolean("active"); err != nil {
		return nil, err
	}
	for key, dst := range map[string]**decimal.Decimal{"min_price": &f.MinPrice, "max_price": &f.MaxPrice} {
		if v, ok := c.query[key]; ok {
			d, err := sello.ParseDecimal(strings.TrimSpace(v))
			if err != nil {
				p.Add(key, "%v", err)
				continue
			}
			*dst = &d
		}
	}
	if err := p.Err("Invalid query parameters"); err != nil {
		return nil, err
	}
	ps, more, total, err := s.svc.FindProducts(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	out := make([]*serviceView, len(ps))
	for i, p := range ps {
		out[i] = newServiceView(p)
	}
	last := lastCursor(ps, opts, func(p *sello.Product) (time.Time, string, string) {
		return p.CreatedAt, p.ID, p.Description
	})
	return c.page("Services retrieved successfully", out, more, total, last)
}

// getService answers GET /v2/services/{id}.
func (s *Server) getService(c *call) (*reply, error) {
	p, err := s.svc.FindProductByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Service retrieved successfully", newServiceView(p)), nil
}

// updateService answers PUT /v2/services/{id}: a partial update.
func (s *Server) updateService(c *call) (*reply, error) {
	p, err := s.svc.FindProductByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	var req serviceRequest
	var pr sello.Problems
	c.decode(&req, &pr)
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	req.apply(p, true)
	if err := s.svc.UpdateProduct(c.ctx(), p); err != nil {
		return nil, err
	}
	return ok("Service updated successfully", newServiceView(p)), nil
}

// deleteService answers DELETE /v2/services/{id} (a soft delete).
func (s *Server) deleteService(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if err := s.svc.DeleteProduct(c.ctx(), c.target.ID, c.auth.Livemode, id); err != nil {
		return nil, err
	}
	return ok("Service deleted successfully", deletedView{ID: id, Deleted: true}), nil
}
