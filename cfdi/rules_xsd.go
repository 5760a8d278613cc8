package cfdi

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// valField is one attribute to check: where it is, its value, and whether
// the XSD requires it.
type valField struct {
	path, value string
}

// valRequired reports required attributes that are missing and amounts that
// do not match their XSD type (t_Importe: [0-9]{1,18}(\.[0-9]{1,6})?).
func valRequired(v *valCtx) {
	c := v.c
	if c.Version != "4.0" {
		v.add("XSD", "Version", "must be 4.0, got %q", c.Version)
	}
	valMissing(v, []valField{
		{"Fecha", c.Fecha}, {"SubTotal", c.SubTotal}, {"Moneda", c.Moneda}, {"Total", c.Total},
		{"TipoDeComprobante", c.TipoDeComprobante}, {"Exportacion", c.Exportacion},
		{"LugarExpedicion", c.LugarExpedicion},
		{"Emisor.Rfc", c.Emisor.Rfc}, {"Emisor.Nombre", c.Emisor.Nombre}, {"Emisor.RegimenFiscal", c.Emisor.RegimenFiscal},
		{"Receptor.Rfc", c.Receptor.Rfc}, {"Receptor.Nombre", c.Receptor.Nombre},
		{"Receptor.DomicilioFiscalReceptor", c.Receptor.DomicilioFiscalReceptor},
		{"Receptor.RegimenFiscalReceptor", c.Receptor.RegimenFiscalReceptor}, {"Receptor.UsoCFDI", c.Receptor.UsoCFDI},
	})
	valAmounts(v, []valField{{"SubTotal", c.SubTotal}, {"Descuento", c.Descuento}, {"Total", c.Total}})
	valPattern(v, "Receptor.DomicilioFiscalReceptor", c.Receptor.DomicilioFiscalReceptor, valIsDigits(5))
	valPattern(v, "Emisor.FacAtrAdquirente", c.Emisor.FacAtrAdquirente, valIsDigits(10))
	valPattern(v, "Confirmacion", c.Confirmacion, valIsAlnum(5, 5))
	if g := c.InformacionGlobal; g != nil {
		valMissing(v, []valField{{"InformacionGlobal.Periodicidad", g.Periodicidad}, {"InformacionGlobal.Meses", g.Meses}})
		if !valIsDigits(4)(g.Año) {
			v.add("XSD", "InformacionGlobal.Año", "must be a four-digit year, got %q", g.Año)
		}
	}
	for i, r := range c.CfdiRelacionados {
		path := fmt.Sprintf("CfdiRelacionados[%d]", i)
		valMissing(v, []valField{{path + ".TipoRelacion", r.TipoRelacion}})
		if len(r.UUIDs) == 0 {
			v.add("XSD", path+".UUIDs", "at least one CfdiRelacionado is required")
		}
		for j, u := range r.UUIDs {
			if !valUUID(u) {
				v.add("XSD", fmt.Sprintf("%s.UUIDs[%d]", path, j), "%q is not a UUID", u)
			}
		}
	}
	if len(c.Conceptos) == 0 {
		v.add("XSD", "Conceptos", "at least one Concepto is required")
	}
	for i := range c.Conceptos {
		if !valConceptoComplete(&c.Conceptos[i]) {
			valRequiredConcepto(v, &c.Conceptos[i], fmt.Sprintf("Conceptos[%d]", i))
		}
	}
	if imp := c.Impuestos; imp != nil {
		valAmounts(v, []valField{{"Impuestos.TotalImpuestosRetenidos", imp.TotalImpuestosRetenidos},
			{"Impuestos.TotalImpuestosTrasladados", imp.TotalImpuestosTrasladados}})
		for i, r := range imp.Retenciones {
			path := fmt.Sprintf("Impuestos.Retenciones[%d]", i)
			valMissing(v, []valField{{path + ".Impuesto", r.Impuesto}, {path + ".Importe", r.Importe}})
			valAmounts(v, []valField{{path + ".Importe", r.Importe}})
		}
		for i, t := range imp.Traslados {
			path := fmt.Sprintf("Impuestos.Traslados[%d]", i)
			valMissing(v, []valField{{path + ".Base", t.Base}, {path + ".Impuesto", t.Impuesto}, {path + ".TipoFactor", t.TipoFactor}})
			valAmounts(v, []valField{{path + ".Base", t.Base}, {path + ".Importe", t.Importe}, {path + ".TasaOCuota", t.TasaOCuota}})
		}
	}
}

// valConceptoComplete reports, without building paths, that
// valRequiredConcepto would find nothing in a concept of the common shape:
// every required attribute present, amounts of the t_Importe shape,
// Cantidad above zero, no third party, customs, property or parts.
func valConceptoComplete(k *Concepto) bool {
	if k.ACuentaTerceros != nil || len(k.InformacionAduanera) > 0 || len(k.CuentaPredial) > 0 || len(k.Partes) > 0 {
		return false
	}
	if !valPresent(k.ClaveProdServ, k.Cantidad, k.ClaveUnidad, k.Descripcion, k.ValorUnitario, k.Importe, k.ObjetoImp) ||
		!valShapes(k.Cantidad, k.ValorUnitario, k.Importe, k.Descuento) || strings.Trim(k.Cantidad, "0.") == "" {
		return false
	}
	for _, t := range k.Traslados {
		if !valPresent(t.Base, t.Impuesto, t.TipoFactor) || !valShapes(t.Base, t.TasaOCuota, t.Importe) {
			return false
		}
	}
	for _, r := range k.Retenciones {
		if !valPresent(r.Base, r.Impuesto, r.TipoFactor, r.TasaOCuota, r.Importe) || !valShapes(r.Base, r.TasaOCuota, r.Importe) {
			return false
		}
	}
	return true
}

// valPresent reports whether no value is empty (valMissing finds nothing).
func valPresent(values ...string) bool {
	for _, s := range values {
		if s == "" {
			return false
		}
	}
	return true
}

// valShapes reports whether every value is absent or a t_Importe
// (valAmounts finds nothing).
func valShapes(values ...string) bool {
	for _, s := range values {
		if s != "" && !calcAmountShape(s) {
			return false
		}
	}
	return true
}

func valRequiredConcepto(v *valCtx, k *Concepto, path string) {
	valMissing(v, []valField{
		{path + ".ClaveProdServ", k.ClaveProdServ}, {path + ".Cantidad", k.Cantidad},
		{path + ".ClaveUnidad", k.ClaveUnidad}, {path + ".Descripcion", k.Descripcion},
		{path + ".ValorUnitario", k.ValorUnitario}, {path + ".Importe", k.Importe}, {path + ".ObjetoImp", k.ObjetoImp},
	})
	valAmounts(v, []valField{{path + ".Cantidad", k.Cantidad}, {path + ".ValorUnitario", k.ValorUnitario},
		{path + ".Importe", k.Importe}, {path + ".Descuento", k.Descuento}})
	if q, ok := v.amount(k.Cantidad); ok && !q.IsPositive() {
		v.add("XSD", path+".Cantidad", "must be greater than 0")
	}
	for j, t := range k.Traslados {
		tp := fmt.Sprintf("%s.Traslados[%d]", path, j)
		valMissing(v, []valField{{tp + ".Base", t.Base}, {tp + ".Impuesto", t.Impuesto}, {tp + ".TipoFactor", t.TipoFactor}})
		valAmounts(v, []valField{{tp + ".Base", t.Base}, {tp + ".TasaOCuota", t.TasaOCuota}, {tp + ".Importe", t.Importe}})
	}
	for j, r := range k.Retenciones {
		rp := fmt.Sprintf("%s.Retenciones[%d]", path, j)
		valMissing(v, []valField{{rp + ".Base", r.Base}, {rp + ".Impuesto", r.Impuesto}, {rp + ".TipoFactor", r.TipoFactor},
			{rp + ".TasaOCuota", r.TasaOCuota}, {rp + ".Importe", r.Importe}})
		valAmounts(v, []valField{{rp + ".Base", r.Base}, {rp + ".TasaOCuota", r.TasaOCuota}, {rp + ".Importe", r.Importe}})
	}
	if a := k.ACuentaTerceros; a != nil {
		valMissing(v, []valField{{path + ".ACuentaTerceros.RfcACuentaTerceros", a.RfcACuentaTerceros},
			{path + ".ACuentaTerceros.NombreACuentaTerceros", a.NombreACuentaTerceros},
			{path + ".ACuentaTerceros.RegimenFiscalACuentaTerceros", a.RegimenFiscalACuentaTerceros},
			{path + ".ACuentaTerceros.DomicilioFiscalACuentaTerceros", a.DomicilioFiscalACuentaTerceros}})
		valPattern(v, path+".ACuentaTerceros.DomicilioFiscalACuentaTerceros", a.DomicilioFiscalACuentaTerceros, valIsDigits(5))
	}
	for j, p := range k.InformacionAduanera {
		valPattern(v, fmt.Sprintf("%s.InformacionAduanera[%d]", path, j), p, valPedimento)
	}
	for j, p := range k.CuentaPredial {
		valPattern(v, fmt.Sprintf("%s.CuentaPredial[%d]", path, j), p, valIsAlnum(1, 150))
	}
	for j, p := range k.Partes {
		pp := fmt.Sprintf("%s.Partes[%d]", path, j)
		valMissing(v, []valField{{pp + ".ClaveProdServ", p.ClaveProdServ}, {pp + ".Cantidad", p.Cantidad}, {pp + ".Descripcion", p.Descripcion}})
		valAmounts(v, []valField{{pp + ".Cantidad", p.Cantidad}, {pp + ".ValorUnitario", p.ValorUnitario}, {pp + ".Importe", p.Importe}})
		for n, a := range p.InformacionAduanera {
			valPattern(v, fmt.Sprintf("%s.InformacionAduanera[%d]", pp, n), a, valPedimento)
		}
	}
}

func valMissing(v *valCtx, fields []valField) {
	for _, f := range fields {
		if f.value == "" {
			v.add("XSD", f.path, "is required")
		}
	}
}

// valAmounts reports present amounts that are not t_Importe.
func valAmounts(v *valCtx, fields []valField) {
	for _, f := range fields {
		if f.value != "" && !calcAmountShape(f.value) {
			v.add("XSD", f.path, "%q is not a non-negative amount with up to 6 decimals", f.value)
		}
	}
}

// valPattern reports a present value that does not match.
func valPattern(v *valCtx, path, value string, ok func(string) bool) {
	if value != "" && !ok(value) {
		v.add("XSD", path, "%q does not match the pattern of the schema", value)
	}
}

func valIsDigits(n int) func(string) bool {
	return func(s string) bool { return len(s) == n && calcDigits(s) }
}

func valIsAlnum(lo, hi int) func(string) bool {
	return func(s string) bool {
		if len(s) < lo || len(s) > hi {
			return false
		}
		for i := 0; i < len(s); i++ {
			b := s[i]
			if !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
				return false
			}
		}
		return true
	}
}

// valPedimento matches [0-9]{2}  [0-9]{2}  [0-9]{4}  [0-9]{7}: two spaces
// between the groups.
func valPedimento(s string) bool {
	parts := strings.Split(s, "  ")
	if len(parts) != 4 {
		return false
	}
	for i, n := range []int{2, 2, 4, 7} {
		if !valIsDigits(n)(parts[i]) {
			return false
		}
	}
	return true
}

func valUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch i {
		case 8, 13, 18, 23:
			if b != '-' {
				return false
			}
		default:
			if !('0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F') {
				return false
			}
		}
	}
	return true
}

// valTextField is a text attribute with its maximum length in characters.
type valTextField struct {
	path, value string
	max         int
}

// valText reports text attributes with the pipe character (the cadena's
// separator, forbidden by every [^|]{1,n} pattern) or longer than the schema
// allows, counting characters, not bytes.
func valText(v *valCtx) {
	if !valTextClean(v.c) {
		valTextFields(v)
	}
}

// valTextFields is valText without the shortcut.
func valTextFields(v *valCtx) {
	c := v.c
	fields := []valTextField{
		{"Serie", c.Serie, 25}, {"Folio", c.Folio, 40}, {"CondicionesDePago", c.CondicionesDePago, 1000},
		{"Emisor.Nombre", c.Emisor.Nombre, 300}, {"Receptor.Nombre", c.Receptor.Nombre, 300},
		{"Receptor.NumRegIdTrib", c.Receptor.NumRegIdTrib, 40},
	}
	for i, k := range c.Conceptos {
		path := fmt.Sprintf("Conceptos[%d]", i)
		fields = append(fields, valTextField{path + ".NoIdentificacion", k.NoIdentificacion, 100},
			valTextField{path + ".Unidad", k.Unidad, 20}, valTextField{path + ".Descripcion", k.Descripcion, 1000})
		if a := k.ACuentaTerceros; a != nil {
			fields = append(fields, valTextField{path + ".ACuentaTerceros.NombreACuentaTerceros", a.NombreACuentaTerceros, 300})
		}
		for j, p := range k.Partes {
			pp := fmt.Sprintf("%s.Partes[%d]", path, j)
			fields = append(fields, valTextField{pp + ".NoIdentificacion", p.NoIdentificacion, 100},
				valTextField{pp + ".Unidad", p.Unidad, 20}, valTextField{pp + ".Descripcion", p.Descripcion, 1000})
		}
	}
	for _, f := range fields {
		if strings.Contains(f.value, "|") {
			v.add("XSD", f.path, "must not contain the character |")
		}
		if n := utf8.RuneCountInString(f.value); n > f.max {
			v.add("XSD", f.path, "has %d characters, at most %d allowed", n, f.max)
		}
	}
}

// valTextClean reports, without building paths, that valText would find
// nothing: no field valText checks has a pipe or is too long.
func valTextClean(c *Comprobante) bool {
	ok := func(value string, max int) bool {
		return !strings.Contains(value, "|") && (len(value) <= max || utf8.RuneCountInString(value) <= max)
	}
	if !ok(c.Serie, 25) || !ok(c.Folio, 40) || !ok(c.CondicionesDePago, 1000) || !ok(c.Emisor.Nombre, 300) ||
		!ok(c.Receptor.Nombre, 300) || !ok(c.Receptor.NumRegIdTrib, 40) {
		return false
	}
	for i := range c.Conceptos {
		k := &c.Conceptos[i]
		if !ok(k.NoIdentificacion, 100) || !ok(k.Unidad, 20) || !ok(k.Descripcion, 1000) {
			return false
		}
		if a := k.ACuentaTerceros; a != nil && !ok(a.NombreACuentaTerceros, 300) {
			return false
		}
		for j := range k.Partes {
			p := &k.Partes[j]
			if !ok(p.NoIdentificacion, 100) || !ok(p.Unidad, 20) || !ok(p.Descripcion, 1000) {
				return false
			}
		}
	}
	return true
}
