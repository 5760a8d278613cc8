package sello

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// normalizeProduct fills a service's defaults (API.md §9.3).
func normalizeProduct(p *Product) {
	p.Description, p.Name = strings.TrimSpace(p.Description), strings.TrimSpace(p.Name)
	if p.Description == "" {
		p.Description = p.Name
	}
	if p.Name == "" {
		p.Name = p.Description
	}
	p.ProductKey, p.UnitKey = strings.TrimSpace(p.ProductKey), strings.ToUpper(strings.TrimSpace(p.UnitKey))
	if p.ProductKey == "" {
		p.ProductKey = "01010101"
	}
	if p.UnitKey == "" {
		p.UnitKey = "E48"
	}
	if p.UnitName == "" {
		p.UnitName = unitName(p.UnitKey)
	}
	p.SKU = strings.TrimSpace(p.SKU)
	p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
	if p.Currency == "" {
		p.Currency = "MXN"
	}
	if p.Quantity.IsZero() {
		p.Quantity = decimal.NewFromInt(1)
	}
	for i := range p.Taxes {
		t := &p.Taxes[i]
		t.Type = strings.ToUpper(strings.TrimSpace(t.Type))
		t.Factor = factorName(t.Factor)
	}
	if p.Taxability == "" {
		p.Taxability = "01"
		if len(p.Taxes) > 0 {
			p.Taxability = "02"
		}
	}
}

func factorName(f string) string {
	switch strings.ToLower(strings.TrimSpace(f)) {
	case "", "tasa":
		return "Tasa"
	case "cuota":
		return "Cuota"
	case "exento":
		return "Exento"
	}
	return f
}

// checkProduct returns Invalid with every problem of a service to be
// stored. units and keys are c_ClaveUnidad and c_ClaveProdServ when
// imported (nil otherwise).
func checkProduct(p *Product, units, keys sat.Codes) error {
	var pr Problems
	if p.Description == "" {
		pr.Missing("description")
	}
	// Free text: the name defaults to the description.
	if msg := TextProblem(p.Description, true); msg != "" {
		pr.Add("description", "%s", msg)
	}
	if msg := TextProblem(p.Name, true); msg != "" {
		pr.Add("name", "%s", msg)
	}
	checkText(&pr, map[string]string{"sku": p.SKU, "unit_name": p.UnitName, "category": p.Category,
		"unit_key": p.UnitKey, "currency": p.Currency})
	if p.UnitPrice.IsNegative() {
		pr.Add("unit_price", "must be at least 0")
	}
	if err := CheckDecimal(p.UnitPrice); err != nil {
		pr.Add("unit_price", "%v", err)
	}
	if err := CheckDecimal(p.Quantity); err != nil {
		pr.Add("quantity", "%v", err)
	} else if !p.Quantity.IsPositive() {
		pr.Add("quantity", "must be greater than 0")
	}
	switch {
	case !sat.ValidClaveProdServShape(p.ProductKey):
		pr.Add("product_key", "must be a c_ClaveProdServ code of 8 digits")
	case !sat.CheckCode(keys, p.ProductKey, sat.ValidClaveProdServShape):
		pr.Add("product_key", "is not a code of c_ClaveProdServ")
	}
	if !unitExists(units, p.UnitKey) {
		pr.Add("unit_key", "is not a code of c_ClaveUnidad")
	}
	if _, ok := sat.LookupMoneda(p.Currency); !ok {
		pr.Add("currency", "must be a c_Moneda code (for example MXN)")
	}
	if _, ok := sat.Lookup(sat.ObjetoImp, p.Taxability); !ok {
		pr.Add("taxability", "must be a c_ObjetoImp code (01 to 08)")
	}
	for i, t := range p.Taxes {
		checkTax(&pr, "taxes["+strconv.Itoa(i)+"]", t)
	}
	if err := checkMetadata(p.Metadata); err != nil {
		pr.Add("metadata", "%s", err.Error())
	}
	return pr.Err("Invalid request body")
}

func unitExists(units sat.Codes, code string) bool {
	if units != nil {
		return units.Has(code)
	}
	_, ok := sat.Lookup(sat.ClaveUnidad, code)
	return ok
}

// unitName is the default Unidad of a unit key: the c_ClaveUnidad text,
// when it fits the 20 characters cfdv40.xsd allows (else none: Unidad is
// optional).
func unitName(key string) string {
	if name := sat.Description(sat.ClaveUnidad, key); utf8.RuneCountInString(name) <= 20 {
		return name
	}
	return ""
}

// checkExento refuses a rate on an Exento tax (CFDI40177: an Exento
// Traslado has no TasaOCuota): stamping it without the rate would show the
// client a tax other than the one asked for.
func checkExento(p *Problems, path string, rate decimal.Decimal) {
	if !rate.IsZero() {
		p.Rule(path+".rate", "CFDI40177", "must be 0 or absent: an Exento tax has no rate")
	}
}

// checkTax validates one tax against c_Impuesto, c_TipoFactor and
// c_TasaOCuota.
func checkTax(p *Problems, path string, t Tax) {
	switch t.Type {
	case "IVA", "ISR", "IEPS":
	default:
		p.Rule(path+".type", map[bool]string{true: "CFDI40182", false: "CFDI40175"}[t.Withholding], "must be IVA, ISR or IEPS")
		return
	}
	switch t.Factor {
	case "Tasa", "Cuota":
	case "Exento":
		if t.Withholding {
			p.Rule(path+".factor", "CFDI40184", "Exento applies to transferred taxes only")
		}
		checkExento(p, path, t.Rate)
		return
	default:
		p.Rule(path+".factor", map[bool]string{true: "CFDI40183", false: "CFDI40176"}[t.Withholding], "must be Tasa, Cuota or Exento")
		return
	}
	if t.Rate.IsNegative() || CheckDecimal(t.Rate) != nil {
		p.Add(path+".rate", "must be at least 0 with at most 6 decimals")
		return
	}
	if !sat.TasaOCuotaAllowed(t.Type, t.Factor, t.Rate.StringFixed(6), !t.Withholding) {
		kind := "transferred"
		if t.Withholding {
			kind = "withheld"
		}
		p.Add(path+".rate", "%s is not a c_TasaOCuota value for %s %s %s", t.Rate.String(), kind, t.Type, t.Factor)
	}
}
