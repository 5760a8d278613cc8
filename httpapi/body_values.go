package httpapi

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// The shapes of body values that invoices, payments and receipts share.

// clientRef is the client of an invoice, a payment or a receipt: a client
// id, {id}, {search: {on_key, on_value, auto_create}} or the client's own
// fields (API.md §9.4).
type clientRef struct {
	ref      sello.ClientRef
	isObject bool // sent as an object, even {}
}

// clientSearchRef is the search of a client reference.
type clientSearchRef struct {
	OnKey      opt[string] `json:"on_key" doc:"tax_id (alias rfc), email or name"`
	OnValue    opt[string] `json:"on_value"`
	AutoCreate bool        `json:"auto_create,omitempty" doc:"create the client from the other fields when none matches"`
}

// clientRefObject is a client reference sent as an object: the client's
// fields, or an id, or a search.
type clientRefObject struct {
	ID     string           `json:"id,omitempty"`
	Search *clientSearchRef `json:"search,omitempty"`
	clientFields
}

func (r *clientRef) fromBody(d *decoder, raw any, path string) bool {
	switch x := raw.(type) {
	case string:
		r.ref.ID = x
		return true
	case map[string]any:
		r.isObject = true
		var obj clientRefObject
		d.object(reflect.ValueOf(&obj).Elem(), x, path)
		r.ref.ID = obj.ID
		if s := obj.Search; s != nil {
			q := &sello.ClientSearch{AutoCreate: s.AutoCreate}
			at := joinPath(path, "search")
			switch {
			case !s.OnKey.Set:
				d.p.Missing(d.c.fieldName(joinPath(at, "on_key")))
			case s.OnKey.Bad:
			default:
				if q.OnKey = clientSearchKeys[strings.ToLower(s.OnKey.V)]; q.OnKey == "" {
					d.p.Add(d.c.fieldName(joinPath(at, "on_key")), "must be tax_id, email or name")
				}
			}
			if q.OnValue = s.OnValue.V; q.OnValue == "" && !s.OnValue.Bad {
				d.p.Missing(d.c.fieldName(joinPath(at, "on_value")))
			}
			r.ref.Search = q
		}
		for k := range x {
			if k != "id" && k != "search" { // the client's own fields too
				r.ref.Inline = &sello.Client{}
				obj.apply(r.ref.Inline, false)
				break
			}
		}
		return true
	}
	d.bad(path, "must be an object or a client id")
	return false
}

func (clientRef) jsonSchema(g *schemaGen) map[string]any {
	return map[string]any{"oneOf": []any{
		map[string]any{"type": "string", "description": "a client id"},
		g.of(reflect.TypeFor[clientRefObject]()),
	}}
}

// clientOf is the client of a body: client, or OLD's top-level client_id.
// required adds a problem when neither names one.
func (c *call) clientOf(p *sello.Problems, client opt[clientRef], clientID opt[string], required bool) sello.ClientRef {
	ref := client.V.ref
	if client.Bad {
		return ref
	}
	present := client.valued() && (ref.ID != "" || client.V.isObject)
	top := clientID.V
	switch {
	case clientID.Set && top != "" && ref.ID != "" && top != ref.ID:
		p.Add(c.fieldName("client_id"), "conflicting values for client_id and client.id")
	case clientID.Set && top != "" && ref.ID == "":
		ref.ID = top
	case !present && top == "" && required:
		p.Missing(c.fieldName("client"))
	}
	return ref
}

// when is a date of API.md §3.1: unix seconds or milliseconds, or ISO 8601.
type when struct {
	t time.Time
}

func (w *when) fromBody(d *decoder, raw any, path string) bool {
	var s string
	switch x := raw.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		d.bad(path, "%s", errBadTime.Error())
		return false
	}
	t, err := parseTime(s, false)
	if err != nil {
		d.bad(path, "%s", err.Error())
		return false
	}
	w.t = t
	return true
}

func (when) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": []string{"string", "integer"}, "description": "unix seconds or milliseconds, or an ISO 8601 date"}
}

// folio is a folio number: a positive integer, as a number or a string of
// digits.
type folio int64

func (f *folio) fromBody(d *decoder, raw any, path string) bool {
	var s string
	switch x := raw.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		d.bad(path, "must be a positive integer")
		return false
	}
	*f = folio(n)
	return true
}

func (folio) jsonSchema(*schemaGen) map[string]any {
	return map[string]any{"type": []string{"integer", "string"}, "description": "a positive integer"}
}

// amount checks an optional amount at path: absent, null or of the wrong
// type is not Valid. Quantities and exchange rates must be positive, other
// amounts at least 0.
func (c *call) amount(p *sello.Problems, path string, o opt[decimal.Decimal], zeroOK bool) decimal.NullDecimal {
	if !o.valued() {
		return decimal.NullDecimal{}
	}
	code := map[string]string{"exchange_rate": "CFDI40117"}[path] // TipoCambio's pattern: positive
	switch {
	case o.V.IsNegative():
		p.Rule(c.fieldName(path), code, "must not be negative")
	case o.V.IsZero() && !zeroOK:
		p.Rule(c.fieldName(path), code, "must be greater than 0")
	}
	return decimal.NullDecimal{Decimal: o.V, Valid: true}
}

// invoiceConfigInput is invoice_config {serie, folio} of a payment or a
// receipt.
type invoiceConfigInput struct {
	Serie string     `json:"serie,omitempty" doc:"the series of the invoice the automation issues"`
	Folio opt[int64] `json:"folio" doc:"its folio, a positive integer"`
}

// config is the invoice configuration a body asks for, nil when none.
func (c *call) config(p *sello.Problems, in opt[invoiceConfigInput]) *sello.InvoiceConfig {
	if !in.valued() {
		return nil
	}
	ic := &sello.InvoiceConfig{Serie: in.V.Serie}
	if f := in.V.Folio; f.valued() {
		if f.V < 1 {
			p.Add(c.fieldName("invoice_config.folio"), "must be a positive integer")
		}
		ic.Folio = f.V
	}
	return ic
}
