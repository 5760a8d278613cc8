package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// catalogMeta is the fixed part of a catalog's description (API.md §12).
type catalogMeta struct {
	name    string
	aliases []string
	// fields maps CSV column names to the entry's camel fields; a kind of
	// "bool", "int", "number" or "list" changes the JSON type.
	fields map[string]catalogField
}

type catalogField struct {
	name, kind string
}

var catalogMetas = map[string]catalogMeta{
	"c_RegimenFiscal": {"Régimen fiscal", []string{"tax_systems", "regimen_fiscal"}, map[string]catalogField{
		"aplica_fisica": {"appliesToPersonaFisica", "bool"}, "aplica_moral": {"appliesToPersonaMoral", "bool"}}},
	"c_UsoCFDI": {"Uso del CFDI", []string{"cfdi_uses"}, map[string]catalogField{
		"aplica_fisica": {"appliesToPersonaFisica", "bool"}, "aplica_moral": {"appliesToPersonaMoral", "bool"},
		"regimenes_fiscales_receptores": {"compatibleTaxSystems", "list"}}},
	"c_FormaPago": {"Forma de pago", []string{"payment_forms"}, map[string]catalogField{
		"es_bancarizado": {"banked", "bool"}, "requiere_numero_operacion": {"requiresOperationNumber", "bool"},
		"patron_cuenta_ordenante": {"payerAccountPattern", ""}, "patron_cuenta_beneficiario": {"payeeAccountPattern", ""}}},
	"c_MetodoPago": {"Método de pago", []string{"payment_methods"}, nil},
	"c_Moneda": {"Moneda", []string{"currencies"}, map[string]catalogField{
		"decimales": {"decimals", "int"}, "porcentaje_variacion": {"variationPercent", "number"}}},
	"c_Pais": {"País", []string{"countries"}, map[string]catalogField{
		"patron_codigo_postal": {"postalCodePattern", ""}, "patron_identidad_tributaria": {"taxIdPattern", ""},
		"validacion_identidad_tributaria": {"taxIdValidation", ""}, "agrupaciones": {"groupings", ""}}},
	"c_Impuesto": {"Impuesto", []string{"taxes"}, map[string]catalogField{
		"traslado": {"transfer", "bool"}, "retencion": {"withholding", "bool"}, "ambito": {"scope", ""}}},
	"c_TipoFactor": {"Tipo de factor", []string{"tax_factors"}, nil},
	"c_TasaOCuota": {"Tasa o cuota", []string{"tax_rates"}, map[string]catalogField{
		"tipo": {"kind", ""}, "minimo": {"minValue", "number"}, "valor": {"value", "number"}, "impuesto": {"tax", ""},
		"factor": {"factor", ""}, "traslado": {"transfer", "bool"}, "retencion": {"withholding", "bool"}}},
	"c_ObjetoImp":         {"Objeto de impuesto", []string{"taxability"}, nil},
	"c_Exportacion":       {"Exportación", []string{"exports"}, nil},
	"c_TipoRelacion":      {"Tipo de relación", []string{"relationships"}, nil},
	"c_Periodicidad":      {"Periodicidad", []string{"periodicities", "periodicity"}, nil},
	"c_Meses":             {"Meses", []string{"months"}, nil},
	"c_TipoDeComprobante": {"Tipo de comprobante", []string{"invoice_types"}, map[string]catalogField{"valor_maximo": {"maxAmount", ""}}},
	"c_MotivoCancelacion": {"Motivo de cancelación", []string{"cancellation_motives"}, map[string]catalogField{
		"requiere_folio_sustitucion": {"requiresSubstitution", "bool"}}},
	"c_ClaveUnidad": {"Clave de unidad", []string{"unit_keys"}, map[string]catalogField{
		"descripcion": {"details", ""}, "notas": {"notes", ""}, "simbolo": {"symbol", ""}}},
	"c_ClaveProdServ": {"Clave de producto o servicio", []string{"product_keys"}, map[string]catalogField{
		"incluir_iva_trasladado": {"ivaTransfer", ""}, "incluir_ieps_trasladado": {"iepsTransfer", ""},
		"complemento_que_debe_incluir": {"complement", ""}, "palabras_similares": {"similarWords", ""}}},
	"c_CodigoPostal": {"Código postal", []string{"postal_codes", "zip_codes"}, map[string]catalogField{
		"estado": {"state", ""}, "municipio": {"municipality", ""}, "localidad": {"locality", ""},
		"estimulo_franja_fronteriza": {"borderZoneIncentive", "bool"}}},
	"c_Estado": {"Estado", []string{"states"}, map[string]catalogField{"pais": {"country", ""}}},
}

// catalogView is a Catalog of API.md §12 (surface S, camelCase).
type catalogView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	RowCount    int      `json:"rowCount"`
	Aliases     []string `json:"aliases"`
	Imported    bool     `json:"imported"`
}

func newCatalogView(c sello.CatalogSummary) catalogView {
	m := catalogMetas[c.Name]
	v := catalogView{ID: c.Name, Name: m.name, RowCount: c.Rows, Aliases: m.aliases, Imported: c.Imported}
	if v.Name == "" {
		v.Name = strings.TrimPrefix(c.Name, "c_")
	}
	if v.Aliases == nil {
		v.Aliases = []string{}
	}
	v.Description = "Catálogo " + c.Name + " del SAT (CFDI 4.0)"
	return v
}

// catalogEntryView renders an entry: id, description, validFrom, validTo
// and the catalog's extra fields (§12), others in mechanical camelCase.
func catalogEntryView(catalog string, e *sello.CatalogEntry) map[string]any {
	v := map[string]any{"id": e.Code, "description": e.Description, "validFrom": optional(e.From), "validTo": optional(e.To)}
	fields := catalogMetas[catalog].fields
	for col, val := range e.Extra {
		f, ok := fields[col]
		if !ok {
			f = catalogField{name: camelCase(col)}
		}
		v[f.name] = catalogValue(f.kind, val)
	}
	return v
}

func catalogValue(kind, s string) any {
	switch kind {
	case "bool":
		switch strings.ToLower(s) {
		case "1", "true", "sí", "si":
			return true
		}
		return false
	case "int":
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return nil
	case "number":
		// As written when it is a JSON number any reader can hold
		// (ParseFloat takes NaN, Inf and 0x1p3, which JSON does not).
		if sello.NumberStorable(s) && json.Valid([]byte(s)) {
			return json.Number(s)
		}
		return nil
	case "list":
		if s == "" {
			return []string{}
		}
		parts := strings.Split(s, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	}
	return optional(s)
}

// listCatalogs answers GET /v2/catalogs, sorted by id.
func (s *Server) listCatalogs(c *call) (*reply, error) {
	opts, err := c.listOptions(false)
	if err != nil {
		return nil, err
	}
	all, err := s.svc.Catalogs(c.ctx())
	if err != nil {
		return nil, err
	}
	start := min(opts.Offset, len(all))
	if opts.After != nil {
		for start = 0; start < len(all) && all[start].Name <= opts.After.Key; start++ {
		}
	}
	end := min(start+opts.Limit, len(all))
	out := make([]catalogView, 0, end-start)
	for _, cs := range all[start:end] {
		out = append(out, newCatalogView(cs))
	}
	var last sello.Cursor
	if end > start {
		last = sello.Cursor{Key: all[end-1].Name, ID: all[end-1].Name}
	}
	return c.page("Catalogs retrieved successfully", out, end < len(all), len(all), last)
}

// findCatalog resolves a catalog id: its SAT name in any case, or an alias.
func (s *Server) findCatalog(c *call, id string) (sello.CatalogSummary, error) {
	all, err := s.svc.Catalogs(c.ctx())
	if err != nil {
		return sello.CatalogSummary{}, err
	}
	for _, cs := range all {
		if strings.EqualFold(cs.Name, id) || strings.EqualFold(cs.Name, "c_"+id) {
			return cs, nil
		}
		for _, a := range catalogMetas[cs.Name].aliases {
			if strings.EqualFold(a, id) {
				return cs, nil
			}
		}
	}
	return sello.CatalogSummary{}, sello.Errorf(sello.NotFound, "Catalog %s not found", id)
}

// getCatalog answers GET /v2/catalogs/{id}: the entries in code order,
// filtered by q (accent-insensitive) and active.
func (s *Server) getCatalog(c *call) (*reply, error) {
	cs, err := s.findCatalog(c, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	opts, err := c.listOptions(false)
	if err != nil {
		return nil, err
	}
	f := sello.CatalogEntryFilter{Catalog: cs.Name, Query: c.query["q"], ListOptions: opts}
	active, err := c.query.boolean("active")
	if err != nil {
		return nil, err
	}
	if active != nil && *active {
		f.ValidOn = s.svc.Now().In(mexicoCity).Format(time.DateOnly)
	}
	es, more, total, err := s.svc.FindCatalogEntries(c.ctx(), cs.Imported, f)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(es))
	for i, e := range es {
		out[i] = catalogEntryView(cs.Name, e)
	}
	var last sello.Cursor
	if n := len(es); n > 0 {
		last = sello.Cursor{Key: es[n-1].Code, ID: es[n-1].Code}
	}
	return c.page("Catalog entries retrieved successfully", out, more, total, last)
}

// mexicoCity is the zone in which "valid today" is judged; fixed UTC-6
// (Mexico has no daylight saving time since 2022).
var mexicoCity = time.FixedZone("CST", -6*3600)
