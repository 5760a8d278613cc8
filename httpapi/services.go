package httpapi

import (
	"encoding/json"
	"strconv"
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

// applyService copies the body's service fields onto p (create or PUT).
// It reports whether unit_price was given.
func applyService(f fields, p *sello.Product, update bool) (pricePresent bool) {
	for key, dst := range map[string]*string{
		"description": &p.Description, "name": &p.Name, "product_key": &p.ProductKey,
		"unit_key": &p.UnitKey, "unit_name": &p.UnitName, "sku": &p.SKU, "taxability": &p.Taxability,
		"category": &p.Category, "currency": &p.Currency,
	} {
		f.str(key, dst)
	}
	if update && f.has("unit_key") && !f.has("unit_name") {
		p.UnitName = "" // the default name of the new unit
	}
	pricePresent = f.decimal("unit_price", &p.UnitPrice, decimal.Zero)
	f.decimal("quantity", &p.Quantity, decimal.NewFromInt(1))
	f.boolean("active", &p.Active, true)
	if f.has("taxes") {
		p.Taxes = readTaxes(f)
		if update && !f.has("taxability") {
			p.Taxability = ""
		}
	} else if f.has("tax_rate") {
		var r decimal.Decimal
		if f.decimal("tax_rate", &r, decimal.Zero) {
			p.Taxes = []sello.Tax{{Type: "IVA", Rate: r, Factor: "Tasa"}}
		}
	}
	f.metadata(&p.Metadata, update)
	return pricePresent
}

// readTaxes reads the taxes array (null clears it).
func readTaxes(f fields) []sello.Tax {
	v := f.m["taxes"]
	if v == nil {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		f.p.Add(f.name("taxes"), "must be an array of taxes")
		return nil
	}
	out := make([]sello.Tax, 0, len(arr))
	for i, e := range arr {
		m, isObj := e.(map[string]any)
		path := "taxes[" + strconv.Itoa(i) + "]"
		if !isObj {
			f.p.Add(f.name(path), "must be an object")
			continue
		}
		tf := fields{c: f.c, m: m, path: path, p: f.p}
		var t sello.Tax
		tf.str("type", &t.Type)
		tf.str("factor", &t.Factor)
		if !tf.decimal("rate", &t.Rate, decimal.Zero) {
			t.Rate = decimal.Zero
		}
		tf.boolean("withholding", &t.Withholding, false)
		tf.boolean("inclusive", &t.Inclusive, false)
		out = append(out, t)
	}
	return out
}

// createService answers POST /v2/services.
func (s *Server) createService(c *call) (*reply, error) {
	var pr sello.Problems
	p := &sello.Product{Active: true}
	if !applyService(c.fields(&pr), p, false) {
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
	var pr sello.Problems
	applyService(c.fields(&pr), p, true)
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
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
