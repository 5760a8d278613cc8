package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// decodeItems reads the items array (API.md §9.4).
func decodeItems(f fields, draft bool) []sello.ItemRequest {
	v, present := f.m["items"]
	if !present || v == nil {
		if !draft {
			f.p.Missing(f.name("items"))
		}
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		f.p.Add(f.name("items"), "must be an array of items")
		return nil
	}
	if len(arr) == 0 && !draft {
		f.p.Add(f.name("items"), "must hold at least one item")
	}
	out := make([]sello.ItemRequest, 0, len(arr))
	for i, e := range arr {
		key := "items[" + strconv.Itoa(i) + "]"
		m, isObj := e.(map[string]any)
		if !isObj {
			f.p.Add(f.name(key), "must be an object")
			continue
		}
		out = append(out, decodeItem(f.sub(key, m)))
	}
	return out
}

func decodeItem(f fields) sello.ItemRequest {
	var it sello.ItemRequest
	f.str("id", &it.ServiceID)
	if sf, ok, null := f.object("search"); ok && !null {
		q := &sello.ItemSearch{}
		if sf.str("on_key", &q.OnKey) {
			if q.OnKey = strings.ToLower(q.OnKey); q.OnKey != "sku" {
				sf.p.Add(sf.name("on_key"), "must be sku")
			}
		} else {
			q.OnKey = "sku"
		}
		if !sf.str("on_value", &q.OnValue) || q.OnValue == "" {
			sf.p.Missing(sf.name("on_value"))
		}
		sf.boolean("auto_create", &q.AutoCreate, false)
		it.Search = q
	}
	if !f.str("description", &it.Description) || it.Description == "" {
		f.str("name", &it.Description) // OLD
	}
	it.Quantity = nullDecimal(f, "quantity", false)
	it.UnitPrice = nullDecimal(f, "unit_price", true)
	it.Total = nullDecimal(f, "total", true)
	it.Discount = nullDecimal(f, "discount", true)
	for key, dst := range map[string]*string{"product_key": &it.ProductKey, "unit_key": &it.UnitKey,
		"unit_name": &it.UnitName, "sku": &it.SKU, "taxability": &it.Taxability} {
		f.str(key, dst)
	}
	if f.has("taxes") {
		it.Taxes, it.Bases = decodeItemTaxes(f)
	}
	if tf, ok, null := f.object("third_party"); ok && !null {
		tp := &sello.ThirdParty{}
		for key, dst := range map[string]*string{"legal_name": &tp.LegalName, "tax_id": &tp.TaxID,
			"tax_system": &tp.TaxSystem, "zip": &tp.Zip} {
			tf.str(key, dst)
		}
		it.ThirdParty = tp
	}
	return it
}

// itemTaxes is the taxes field of an item, read as a service's are.
type itemTaxes struct {
	Taxes opt[[]taxInput] `json:"taxes" must:"an array of taxes"`
}

// decodeItemTaxes reads an item's taxes as a service's, names its problems
// under the item's path, checks type and
// factor, and keeps each numeric base as an override; a string base (DOCS
// shows "01") is ignored (API.md §9.5).
func decodeItemTaxes(f fields) ([]sello.Tax, map[int]decimal.Decimal) {
	var in itemTaxes
	f.c.decodeFrom(f.m, f.path, &in, f.p)
	taxes := taxes(in.Taxes.V)
	var bases map[int]decimal.Decimal
	arr, _ := f.m["taxes"].([]any)
	for i, e := range arr {
		m, _ := e.(map[string]any)
		if n, isNum := m["base"].(json.Number); isNum {
			d, err := sello.ParseDecimal(n.String())
			if err != nil {
				f.p.Add(f.name("taxes["+strconv.Itoa(i)+"].base"), "%v", err)
				continue
			}
			if bases == nil {
				bases = map[int]decimal.Decimal{}
			}
			bases[i] = d
		}
	}
	for i := range taxes {
		t := &taxes[i]
		path := "taxes[" + strconv.Itoa(i) + "]"
		t.Type = strings.ToUpper(strings.TrimSpace(t.Type))
		switch t.Type {
		case "IVA", "ISR", "IEPS":
		case "":
			f.p.Missing(f.name(path + ".type"))
		default:
			f.p.Add(f.name(path+".type"), "must be IVA, ISR or IEPS")
		}
		switch strings.ToLower(t.Factor) {
		case "", "tasa":
			t.Factor = "Tasa"
		case "cuota":
			t.Factor = "Cuota"
		case "exento":
			t.Factor = "Exento"
		default:
			f.p.Add(f.name(path+".factor"), "must be Tasa, Cuota or Exento")
		}
		if t.Rate.IsNegative() {
			f.p.Add(f.name(path+".rate"), "must not be negative")
		}
	}
	return taxes, bases
}

// nullDecimal reads an optional amount: absent or null is not Valid.
// Quantities and exchange rates must be positive, other amounts at least 0.
func nullDecimal(f fields, key string, zeroOK bool) decimal.NullDecimal {
	var d decimal.Decimal
	if f.m[key] == nil {
		return decimal.NullDecimal{}
	}
	if n := len(*f.p); !f.decimal(key, &d, decimal.Zero) || len(*f.p) > n {
		return decimal.NullDecimal{}
	}
	switch {
	case d.IsNegative():
		f.p.Add(f.name(key), "must not be negative")
	case d.IsZero() && !zeroOK:
		f.p.Add(f.name(key), "must be greater than 0")
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}
