package sello

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/sat"
)

// The receptor of an invoice to the general public (CFDI.md §9).
const (
	PublicRFC        = "XAXX010101000"
	ForeignRFC       = "XEXX010101000"
	publicName       = "PUBLICO EN GENERAL"
	publicTaxSystem  = "616"
	publicUse        = "S01"
	defaultProduct   = "01010101"
	defaultUnit      = "E48"
	defaultSeriesFor = "A"
)

var taxCodes = map[string]string{"ISR": cfdi.ImpuestoISR, "IVA": cfdi.ImpuestoIVA, "IEPS": cfdi.ImpuestoIEPS}

// invoicePlan is an invoice request resolved against the stored data: the
// document to compute and what the Invoice keeps besides it.
type invoicePlan struct {
	inv   *Invoice
	draft *cfdi.Draft
	// build, when set, makes the document instead of computing draft: for
	// documents the engine builds itself (payment complements with
	// cfdi.BuildPayment, global invoices with cfdi.BuildGlobal). It gets
	// the Fecha to write; the folio is set after it returns.
	build func(fecha string) (*cfdi.Comprobante, error)
	// touched are other invoices the new one changes (the balances a
	// payment complement lowers), stored in the same transaction.
	touched []*Invoice
	// reserved says the folio came from ReserveFolio (give it back on
	// failure), in the process's epoch (service_recover.go).
	reserved bool
	epoch    int64
	// receipts, when set, are the claimed receipts the invoice completes in
	// the same transaction (a receipt's own invoice, or with run a global
	// invoice).
	receipts []*Receipt
	run      *GlobalRun
	// jobs are opened by the invoice's own commit (the payment its
	// automation asks for) and run right after it.
	jobs []*Job
	// creations are the client and services the request creates, stored
	// with the invoice.
	creations Creations
}

// planInvoice resolves req into a computable draft and the Invoice shell.
// Every bad field is reported at once (Invalid); business rules are
// Rejected. It writes nothing: a client or service the request asks to
// create (search with auto_create, or an inline client) is in the plan's
// creations, stored with the invoice.
func (s *Service) planInvoice(ctx context.Context, team *Team, livemode bool, req *InvoiceRequest, settings *TeamSettings) (*invoicePlan, error) {
	var p Problems
	typ := strings.ToUpper(req.Type)
	switch typ {
	case "":
		typ = "I"
	case "I", "E":
	default:
		p.Rule("invoice_type", "CFDI40121", "must be I or E")
	}
	if len(req.Items) == 0 {
		p.Missing("items")
	}
	var cr Creations
	client, err := s.resolveClient(ctx, team, livemode, req.Client, &p, &cr)
	if err != nil {
		return nil, err
	}
	lines, items, err := s.resolveItems(ctx, team, livemode, req.Items, settings, &p, &cr)
	if err != nil {
		return nil, err
	}

	method := strings.ToUpper(req.PaymentMethod)
	if method == "" {
		method = "PUE"
	} else if method != "PUE" && method != "PPD" {
		p.Rule("payment_method", "CFDI40124", "must be PUE or PPD")
	}
	form := req.PaymentForm
	if form == "" {
		form = map[bool]string{true: "99", false: "03"}[method == "PPD"]
	} else if !inCatalog(sat.FormaPagoCatalog, form) {
		p.Rule("payment_form", "CFDI40104", "is not a c_FormaPago code")
	}
	currency := strings.ToUpper(req.Currency)
	if currency == "" {
		currency = "MXN"
	} else if !inCatalog(sat.MonedaCatalog, currency) {
		p.Rule("currency", "CFDI40113", "is not a c_Moneda code")
	}
	rate := decimal.NewFromInt(1)
	switch given := req.ExchangeRate; {
	case currency == "MXN":
		if given.Valid && !given.Decimal.Equal(rate) { // never stamped as asked: refuse, not rewrite
			p.Rule("exchange_rate", "CFDI40114", "must be 1 or absent when the currency is MXN")
		}
	case currency == "XXX":
		if given.Valid {
			p.Rule("exchange_rate", "CFDI40116", "must be absent when the currency is XXX")
		}
	case !given.Valid:
		p.MissingRule("exchange_rate", "CFDI40115")
	case !given.Decimal.IsPositive():
		p.Rule("exchange_rate", "CFDI40117", "must be greater than 0")
	default:
		rate = given.Decimal
	}
	exports := req.Exports
	if exports == "" {
		exports = "01"
	} else if !inCatalog(sat.Exportacion, exports) {
		p.Rule("exports", "CFDI40123", "is not a c_Exportacion code")
	}
	use := pickUse(req.Use, client, settings, typ)
	if use != "" && !inCatalog(sat.UsoCFDI, use) {
		p.Rule("use", "CFDI40160", "is not a c_UsoCFDI code")
	}
	if req.Global != nil && client.TaxID != PublicRFC {
		p.Rule("global", "CFDI40130", "is only for invoices to the general public (no client tax_id)")
	}
	if len(req.Complements) > 0 && len(p) == 0 { // a business rule (422), once the request is well formed
		return nil, fieldRule("complements", "complements of this type are not supported")
	}
	if req.Addenda != "" {
		if err := checkAddenda(req.Addenda); err != nil {
			p.Add("addenda", "%v", err)
		}
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if method == "PPD" && form != "99" {
		return nil, satRule("payment_form", "CFDI40105", "a PPD invoice has payment_form 99 (por definir)")
	}

	related, err := s.checkRelated(ctx, team.ID, livemode, typ, req.Related)
	if err != nil {
		return nil, err
	}
	series := req.Series
	if series == "" {
		series = defaultSeries(settings, typ)
	}

	d := &cfdi.Draft{
		Serie:             series,
		Folio:             "1", // replaced by the reserved folio before sealing
		Moneda:            currency,
		TipoDeComprobante: typ,
		Exportacion:       exports,
		MetodoPago:        method,
		FormaPago:         form,
		LugarExpedicion:   team.Zip,
		Emisor:            cfdi.Emisor{Rfc: team.TaxID, Nombre: team.LegalName, RegimenFiscal: team.TaxSystem},
		Receptor:          receptorOf(client, team, use),
		Lines:             lines,
	}
	if currency != "MXN" && currency != "XXX" {
		d.TipoCambio = rate.String()
	}
	for _, r := range related {
		d.CfdiRelacionados = append(d.CfdiRelacionados, cfdi.CfdiRelacionados{TipoRelacion: r.Relationship, UUIDs: r.Documents})
	}
	global := req.Global
	if global == nil && typ == "I" && client.TaxID == PublicRFC {
		// An income invoice to the general public is a global invoice
		// (CFDI40130): without a period, the month of its date.
		now := s.now().In(mexico)
		global = &GlobalPeriod{Periodicity: "04", Months: fmt.Sprintf("%02d", now.Month()), Year: fmt.Sprint(now.Year())}
	}
	if g := global; g != nil {
		d.InformacionGlobal = &cfdi.InformacionGlobal{Periodicidad: g.Periodicity, Meses: g.Months, Año: g.Year}
	}
	client.Use = d.Receptor.UsoCFDI
	notes := ""
	if req.PDFNotes != nil {
		notes = *req.PDFNotes
	} else if settings.InvoicePDFNotes != nil {
		notes = *settings.InvoicePDFNotes
	}
	automation := req.AutomationType
	if automation == "" {
		automation = "none"
	}
	from := req.From
	if from == "" {
		from = "api"
	}
	inv := &Invoice{
		TeamID: team.ID, Livemode: livemode, Type: typ, Client: client, ClientID: client.ID,
		Series: series, Currency: currency, ExchangeRate: rate, PaymentMethod: method, PaymentForm: form,
		Use: d.Receptor.UsoCFDI, Exports: exports, Items: items, Related: related, Global: global,
		Complements: req.Complements, Addenda: req.Addenda, PDFNotes: notes, AutomationType: automation,
		PaymentID: req.PaymentID, ReceiptID: req.ReceiptID, SendEmail: req.SendEmail, Emails: req.Emails,
		Metadata: req.Metadata, IdempotencyKey: req.IdempotencyKey, From: from,
	}
	return &invoicePlan{inv: inv, draft: d, creations: cr}, nil
}

// fieldRule is a business rule broken by one field (422).
func fieldRule(field, problem string) error { return satRule(field, "", problem) }

// satRule is a business rule broken by one field (422) that is the row
// satCode of the SAT's error matrix ("": none).
func satRule(field, satCode, problem string) error {
	return &Error{Code: Rejected, Message: "The request breaks a business rule",
		Fields: []FieldError{{Field: field, Problem: problem, SATCode: satCode}}}
}

func defaultSeries(settings *TeamSettings, typ string) string {
	key := map[string]string{"I": "income", "E": "credit_note", "P": "complements"}[typ]
	for _, k := range []string{key, typ} {
		if ref, ok := settings.DefaultSeries[k]; ok && ref.Serie != "" {
			return ref.Serie
		}
	}
	return map[string]string{"I": defaultSeriesFor, "E": "NC", "P": "P"}[typ]
}

// pickUse applies the c_UsoCFDI defaults of API.md §11.4.
func pickUse(asked string, c InvoiceClient, settings *TeamSettings, typ string) string {
	if c.TaxID == PublicRFC || c.TaxID == ForeignRFC {
		return publicUse
	}
	use := strings.ToUpper(asked)
	if use == "" && typ == "E" && sat.UsoAllowed("G02", c.TaxSystem, len(c.TaxID) == 13) {
		use = "G02" // a credit note: devoluciones, descuentos o bonificaciones (guía de llenado), not the client's usual use
	}
	if use == "" {
		use = c.Use
	}
	if use == "" && settings.Use != nil {
		use = *settings.Use
	}
	if use == "" {
		use = map[bool]string{true: "G02", false: "G03"}[typ == "E"]
	}
	if use == "P01" {
		use = publicUse
	}
	return use
}

func receptorOf(c InvoiceClient, team *Team, use string) cfdi.Receptor {
	r := cfdi.Receptor{Rfc: c.TaxID, Nombre: c.LegalName, DomicilioFiscalReceptor: c.Zip,
		RegimenFiscalReceptor: c.TaxSystem, UsoCFDI: use}
	if c.TaxID == PublicRFC || c.TaxID == ForeignRFC {
		r.DomicilioFiscalReceptor = team.Zip
		r.RegimenFiscalReceptor = publicTaxSystem
		if c.TaxID == ForeignRFC {
			r.ResidenciaFiscal = c.Country
			r.NumRegIdTrib = c.ForeignID
		}
	}
	return r
}

// resolveClient finds or builds the receptor; a client the request creates
// (inline, or a search with auto_create) is added to cr, not stored.
func (s *Service) resolveClient(ctx context.Context, team *Team, livemode bool, ref ClientRef, p *Problems, cr *Creations) (InvoiceClient, error) {
	public := InvoiceClient{LegalName: publicName, TaxID: PublicRFC, TaxSystem: publicTaxSystem, Use: publicUse, Zip: team.Zip}
	var c *Client
	switch {
	case ref.ID != "":
		found, err := s.store.FindClientByID(ctx, team.ID, livemode, ref.ID)
		if ErrorCode(err) == NotFound {
			p.Add("client.id", "no client has this id")
			return public, nil
		} else if err != nil {
			return public, fmt.Errorf("find client: %w", err)
		}
		c = found
	case ref.Search != nil:
		q := *ref.Search
		in := ref.Inline
		if in == nil {
			in = &Client{}
		}
		if k := strings.ToLower(q.OnKey); q.AutoCreate && in.TaxID == "" && (k == "tax_id" || k == "rfc") {
			in.TaxID = strings.ToUpper(q.OnValue)
		}
		if q.AutoCreate && in.Email == "" && strings.EqualFold(q.OnKey, "email") {
			in.Email = q.OnValue
		}
		if q.AutoCreate && in.Name == "" && strings.EqualFold(q.OnKey, "name") {
			in.Name = q.OnValue
		}
		found, f, err := s.matchClient(ctx, team.ID, livemode, q)
		if err != nil {
			return public, prefixFields(err, "client")
		}
		if found == nil {
			if err := s.prepareClient(ctx, team.ID, livemode, in); err != nil {
				return public, prefixFields(err, "client")
			}
			cr.Clients = append(cr.Clients, in)
			if cr.Searched == nil {
				cr.Searched = map[string]ClientFilter{}
			}
			cr.Searched[in.ID] = f
			found = in
		}
		c = found
	case ref.Inline != nil && (ref.Inline.TaxID != "" || ref.Inline.Name != "" || ref.Inline.LegalName != "" || ref.Inline.Email != ""):
		in := *ref.Inline
		if err := s.prepareClient(ctx, team.ID, livemode, &in); err != nil {
			return public, prefixFields(err, "client")
		}
		cr.Clients = append(cr.Clients, &in)
		c = &in
	default:
		return public, nil
	}
	snap := InvoiceClient{ID: c.ID, Name: c.Name, LegalName: c.LegalName, TaxID: c.TaxID, TaxSystem: c.TaxSystem,
		Use: c.Use, Email: c.Email, Zip: c.Address.Zip, Country: c.Address.Country}
	if ref.Inline != nil && ref.Inline.Use != "" && ref.ID != "" {
		snap.Use = ref.Inline.Use
	}
	switch snap.TaxID {
	case "", PublicRFC:
		public.ID, public.Name, public.Email = c.ID, c.Name, c.Email
		return public, nil
	case ForeignRFC:
		snap.TaxSystem, snap.Use, snap.Zip = publicTaxSystem, publicUse, team.Zip
		if snap.LegalName == "" {
			snap.LegalName = strings.ToUpper(c.Name)
		}
		return snap, nil
	}
	// A client with an RFC that lacks what a CFDI needs of it is a business
	// rule (API.md §11.4: 422 listing the missing fields), not a bad request.
	lacks := &Error{Code: Rejected, Message: "The client lacks data needed for a CFDI"}
	for _, f := range []struct{ field, value string }{
		{"client.tax_system", snap.TaxSystem}, {"client.address.zip", snap.Zip}, {"client.legal_name", snap.LegalName},
	} {
		if f.value == "" {
			lacks.Fields = append(lacks.Fields, FieldError{Field: f.field, Problem: "is required for a client with an RFC", Missing: true})
		}
	}
	if len(lacks.Fields) > 0 {
		return snap, lacks
	}
	return snap, nil
}

// prefixFields puts prefix before the field paths of an *Error.
func prefixFields(err error, prefix string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	out := *e
	out.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Field != "" {
			f.Field = prefix + "." + f.Field
		}
		out.Fields[i] = f
	}
	return &out
}

// checkRelated checks that every related UUID is a stamped invoice of the
// team that a document of type typ may relate with its TipoRelacion.
func (s *Service) checkRelated(ctx context.Context, team TeamID, livemode bool, typ string, rel []RelatedDocuments) ([]RelatedDocuments, error) {
	var p Problems
	var out []RelatedDocuments
	for i, r := range rel {
		path := fmt.Sprintf("related_documents[%d]", i)
		kind := r.Relationship
		if kind == "" && typ == "E" {
			kind = "01"
		}
		if kind == "" {
			p.Missing(path + ".relationship")
		} else if !inCatalog(sat.TipoRelacion, kind) {
			p.Rule(path+".relationship", "CFDI40137", "is not a c_TipoRelacion code")
		}
		if len(r.Documents) == 0 {
			p.Missing(path + ".documents")
		}
		var uuids []string
		for j, u := range r.Documents {
			inv, err := s.store.FindInvoice(ctx, team, livemode, u)
			switch {
			case ErrorCode(err) == NotFound:
				p.Add(fmt.Sprintf("%s.documents[%d]", path, j), "no invoice of the team has this UUID")
			case err != nil:
				return nil, fmt.Errorf("related invoice: %w", err)
			case inv.UUID == "" || inv.Status == InvoiceDraft || inv.Status == InvoicePending:
				p.Add(fmt.Sprintf("%s.documents[%d]", path, j), "the invoice is not stamped")
			case kind != "" && cfdi.RelationProblem(kind, typ, inv.Type) != "":
				p.Add(fmt.Sprintf("%s.documents[%d]", path, j), "%s", cfdi.RelationProblem(kind, typ, inv.Type))
			default:
				uuids = append(uuids, inv.UUID)
			}
		}
		out = append(out, RelatedDocuments{Relationship: kind, Documents: uuids})
	}
	return out, p.Err("Invalid request body")
}

// resolveItems turns the requested lines into engine lines and the shells
// of the invoice items (amounts are filled after computing).
func (s *Service) resolveItems(ctx context.Context, team *Team, livemode bool, reqs []ItemRequest, settings *TeamSettings, p *Problems, cr *Creations) ([]cfdi.Line, []InvoiceItem, error) {
	lines := make([]cfdi.Line, 0, len(reqs))
	items := make([]InvoiceItem, 0, len(reqs))
	for i, r := range reqs {
		path := fmt.Sprintf("items[%d]", i)
		svc, err := s.itemService(ctx, team.ID, livemode, r, path, p, cr)
		if err != nil {
			return nil, nil, err
		}
		it := InvoiceItem{ServiceID: r.ServiceID, Description: r.Description, ProductKey: r.ProductKey,
			UnitKey: r.UnitKey, UnitName: r.UnitName, SKU: r.SKU, Taxability: r.Taxability, ThirdParty: r.ThirdParty}
		qty, price, disc := r.Quantity, r.UnitPrice, r.Discount
		taxes := r.Taxes
		if svc != nil {
			it.ServiceID = svc.ID
			it.Description = firstNonEmpty(it.Description, svc.Description, svc.Name)
			it.ProductKey = firstNonEmpty(it.ProductKey, svc.ProductKey)
			it.UnitKey = firstNonEmpty(it.UnitKey, svc.UnitKey)
			it.UnitName = firstNonEmpty(it.UnitName, svc.UnitName)
			it.SKU = firstNonEmpty(it.SKU, svc.SKU)
			it.Taxability = firstNonEmpty(it.Taxability, svc.Taxability)
			if !qty.Valid && svc.Quantity.IsPositive() {
				qty = decimal.NewNullDecimal(svc.Quantity)
			}
			if !price.Valid && !r.Total.Valid {
				price = decimal.NewNullDecimal(svc.UnitPrice)
			}
			if taxes == nil {
				taxes = svc.Taxes
			}
		}
		if settings.OverrideItemDescription && settings.DefaultDescription != nil {
			it.Description = *settings.DefaultDescription
		} else if it.Description == "" && settings.DefaultDescription != nil {
			it.Description = *settings.DefaultDescription
		}
		if it.ProductKey == "" && settings.ProductKey != nil {
			it.ProductKey = *settings.ProductKey
		}
		if it.UnitKey == "" && settings.UnitKey != nil {
			it.UnitKey = *settings.UnitKey
		}
		it.ProductKey = firstNonEmpty(it.ProductKey, defaultProduct)
		it.UnitKey = firstNonEmpty(it.UnitKey, defaultUnit)
		if it.UnitName == "" {
			it.UnitName = unitName(it.UnitKey) // the catalog's text (API.md §9.3), as for a service
		}
		if it.Description == "" {
			p.Missing(path + ".description")
		}
		if !qty.Valid {
			qty = decimal.NewNullDecimal(decimal.NewFromInt(1))
		} else if !qty.Decimal.IsPositive() {
			p.Add(path+".quantity", "must be greater than 0")
		}
		if !price.Valid && r.Total.Valid && qty.Decimal.IsPositive() {
			price = decimal.NewNullDecimal(r.Total.Decimal.DivRound(qty.Decimal, 6))
		}
		if !price.Valid {
			p.Missing(path + ".unit_price")
		} else if price.Decimal.IsNegative() {
			p.Add(path+".unit_price", "must be 0 or more")
		}
		if disc.Valid && disc.Decimal.IsNegative() {
			p.Add(path+".discount", "must be 0 or more")
		}
		if !digits(it.ProductKey, 8) {
			p.Rule(path+".product_key", "CFDI40162", "must be an 8-digit c_ClaveProdServ code")
		}
		if it.Taxability == "" {
			it.Taxability = map[bool]string{true: "02", false: "01"}[len(taxes) > 0]
		} else if !inCatalog(sat.ObjetoImp, it.Taxability) {
			p.Rule(path+".taxability", "CFDI40170", "is not a c_ObjetoImp code")
		}
		line := cfdi.Line{ClaveProdServ: it.ProductKey, NoIdentificacion: it.SKU, ClaveUnidad: it.UnitKey,
			Unidad: it.UnitName, Descripcion: it.Description, ObjetoImp: it.Taxability,
			Cantidad: qty.Decimal, ValorUnitario: price.Decimal}
		if disc.Valid {
			line.Descuento = disc.Decimal
		}
		for j, t := range taxes {
			tp := fmt.Sprintf("%s.taxes[%d]", path, j)
			code, ok := taxCodes[strings.ToUpper(t.Type)]
			if !ok {
				p.Rule(tp+".type", map[bool]string{true: "CFDI40182", false: "CFDI40175"}[t.Withholding], "must be IVA, ISR or IEPS")
				continue
			}
			factor := t.Factor
			if factor == "" {
				factor = "Tasa"
			}
			lt := cfdi.LineTax{Impuesto: code, TipoFactor: factorName(factor), TasaOCuota: t.Rate,
				Withholding: t.Withholding, Inclusive: t.Inclusive}
			if lt.TipoFactor == cfdi.FactorExento {
				checkExento(p, tp, t.Rate)
			}
			if b, ok := r.Bases[j]; ok {
				lt.Base = decimal.NewNullDecimal(b)
			}
			line.Taxes = append(line.Taxes, lt)
			t.Type, t.Factor = strings.ToUpper(t.Type), lt.TipoFactor
			it.Taxes = append(it.Taxes, ItemTax{Tax: t})
		}
		if tp := r.ThirdParty; tp != nil {
			line.ACuentaTerceros = &cfdi.ACuentaTerceros{RfcACuentaTerceros: tp.TaxID, NombreACuentaTerceros: tp.LegalName,
				RegimenFiscalACuentaTerceros: tp.TaxSystem, DomicilioFiscalACuentaTerceros: tp.Zip}
		}
		lines = append(lines, line)
		items = append(items, it)
	}
	return lines, items, nil
}

// itemService finds the service a line names, by id or by SKU search
// (with auto_create, a new service added to cr, or one an earlier line
// of the request added).
func (s *Service) itemService(ctx context.Context, team TeamID, livemode bool, r ItemRequest, path string, p *Problems, cr *Creations) (*Product, error) {
	if r.ServiceID != "" {
		svc, err := s.store.FindProductByID(ctx, team, livemode, r.ServiceID)
		if ErrorCode(err) == NotFound {
			p.Add(path+".id", "no service has this id")
			return nil, nil
		}
		return svc, err
	}
	if r.Search == nil {
		return nil, nil
	}
	if k := strings.ToLower(r.Search.OnKey); k != "sku" && k != "" {
		p.Add(path+".search.on_key", "must be sku")
		return nil, nil
	}
	sku := strings.TrimSpace(r.Search.OnValue) // as a service stores it (normalizeProduct)
	if sku == "" {
		p.Missing(path + ".search.on_value")
		return nil, nil
	}
	found, _, _, err := s.store.FindProducts(ctx, ProductFilter{TeamID: team, Livemode: livemode, SKU: sku, ListOptions: ListOptions{Limit: 1}})
	if err != nil {
		return nil, fmt.Errorf("find service by sku: %w", err)
	}
	if len(found) == 1 {
		return found[0], nil
	}
	for _, np := range cr.Products {
		if np.SKU == sku {
			return np, nil
		}
	}
	if !r.Search.AutoCreate {
		p.Add(path+".search.on_value", "no service has this sku")
		return nil, nil
	}
	np := &Product{Description: r.Description, Name: r.Description, ProductKey: r.ProductKey, UnitKey: r.UnitKey,
		UnitName: r.UnitName, SKU: sku, Taxes: r.Taxes, Taxability: r.Taxability}
	if r.UnitPrice.Valid {
		np.UnitPrice = r.UnitPrice.Decimal
	}
	if np.ProductKey == "" {
		np.ProductKey = defaultProduct
	}
	if np.UnitKey == "" {
		np.UnitKey = defaultUnit
	}
	if err := s.prepareProduct(ctx, team, livemode, np); err != nil {
		return nil, prefixFields(err, path)
	}
	cr.Products = append(cr.Products, np)
	return np, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// fillFromDocument copies the computed amounts of c into inv.
func fillFromDocument(inv *Invoice, c *cfdi.Comprobante) {
	dec := func(s string) decimal.Decimal {
		d, _ := decimal.NewFromString(s)
		return d
	}
	inv.Subtotal, inv.Discount, inv.Total = dec(c.SubTotal), dec(c.Descuento), dec(c.Total)
	inv.Taxes, inv.Withheld = decimal.Zero, decimal.Zero
	if c.Impuestos != nil {
		inv.Taxes, inv.Withheld = dec(c.Impuestos.TotalImpuestosTrasladados), dec(c.Impuestos.TotalImpuestosRetenidos)
	}
	for i := range inv.Items {
		if i >= len(c.Conceptos) {
			break
		}
		k := c.Conceptos[i]
		it := &inv.Items[i]
		it.Quantity, it.UnitPrice, it.Discount, it.Subtotal = dec(k.Cantidad), dec(k.ValorUnitario), dec(k.Descuento), dec(k.Importe)
		total := it.Subtotal.Sub(it.Discount)
		tr, rt := 0, 0
		for j := range it.Taxes {
			t := &it.Taxes[j]
			if t.Withholding && rt < len(k.Retenciones) {
				t.Base, t.Amount = dec(k.Retenciones[rt].Base), dec(k.Retenciones[rt].Importe)
				total = total.Sub(t.Amount)
				rt++
			} else if !t.Withholding && tr < len(k.Traslados) {
				t.Base, t.Amount = dec(k.Traslados[tr].Base), dec(k.Traslados[tr].Importe)
				total = total.Add(t.Amount)
				tr++
			}
		}
		it.Total = total
	}
	if inv.PaymentMethod == "PPD" {
		inv.LastBalance = inv.Total
	}
}

// computeProblem turns an engine computation error into a field error.
func computeProblem(err error) error {
	var ce *cfdi.ComputeError
	if errors.As(err, &ce) {
		return &Error{Code: Invalid, Message: "Invalid request body",
			Fields: []FieldError{{Field: apiPath(ce.Path), Problem: ce.Message, SATCode: ce.Code}}}
	}
	return Wrap(Internal, err, "cannot compute the invoice")
}

// cfdiProblems turns failed CFDI rules into one Invalid error naming each
// SAT code and field.
func cfdiProblems(probs []cfdi.Problem) error {
	e := &Error{Code: Invalid, Message: "The invoice breaks CFDI 4.0 rules"}
	for _, p := range probs {
		e.Fields = append(e.Fields, FieldError{Field: apiPath(p.Path), Problem: p.Message, SATCode: p.Code})
	}
	return e
}

// apiPath maps an engine path ("Lines[2].Taxes[0]", "Conceptos[1].Importe")
// onto the request's names where one exists.
func apiPath(p string) string {
	r := strings.NewReplacer("Lines[", "items[", "Conceptos[", "items[", "Taxes[", "taxes[", "Receptor.", "client.")
	return r.Replace(p)
}
