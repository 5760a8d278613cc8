package cfdi

// treeBuilder turns a Comprobante into the node tree that Marshal writes and
// CadenaOriginal walks. Attributes go in the order of the SAT XSD; empty
// strings are absent attributes. Nodes and attributes come from slabs to keep
// allocations low (a slab that grows leaves earlier nodes where they were).
type treeBuilder struct {
	nodes []node
	attrs []attr
}

// elem returns a new element with the non-empty attributes of kv, given as
// name, value pairs.
func (b *treeBuilder) elem(space, local string, kv ...string) *node {
	start := len(b.attrs)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			b.attrs = append(b.attrs, attr{local: kv[i], value: kv[i+1]})
		}
	}
	b.nodes = append(b.nodes, node{space: space, local: local, attrs: b.attrs[start:len(b.attrs):len(b.attrs)]})
	return &b.nodes[len(b.nodes)-1]
}

// add appends k to the children of n and returns k.
func add(n, k *node) *node {
	n.kids = append(n.kids, k)
	return k
}

// buildTree returns the tree of c with the root's namespace declarations and
// schema locations (CFDI.md §2).
func buildTree(c *Comprobante) *node {
	b := &treeBuilder{
		nodes: make([]node, 0, 16+8*len(c.Conceptos)),
		attrs: make([]attr, 0, 48+16*len(c.Conceptos)),
	}
	root := b.comprobante(c)
	b.root(c, root)
	return root
}

func (b *treeBuilder) root(c *Comprobante, root *node) {
	schema := NS + " " + SchemaLocation
	decl := []attr{{space: "xmlns", local: "cfdi", value: NS}, {space: "xmlns", local: "xsi", value: NSXSI}}
	if c.Complemento.Pagos != nil {
		decl = append(decl, attr{space: "xmlns", local: "pago20", value: NSPagos})
		schema += " " + NSPagos + " " + SchemaLocationPagos
	}
	decl = append(decl, attr{space: NSXSI, local: "schemaLocation", value: schema})
	root.attrs = append(decl, root.attrs...)
}

func (b *treeBuilder) comprobante(c *Comprobante) *node {
	n := b.elem(NS, "Comprobante",
		"Version", c.Version, "Serie", c.Serie, "Folio", c.Folio, "Fecha", c.Fecha,
		"Sello", c.Sello, "FormaPago", c.FormaPago, "NoCertificado", c.NoCertificado,
		"Certificado", c.Certificado, "CondicionesDePago", c.CondicionesDePago,
		"SubTotal", c.SubTotal, "Descuento", c.Descuento, "Moneda", c.Moneda,
		"TipoCambio", c.TipoCambio, "Total", c.Total, "TipoDeComprobante", c.TipoDeComprobante,
		"Exportacion", c.Exportacion, "MetodoPago", c.MetodoPago,
		"LugarExpedicion", c.LugarExpedicion, "Confirmacion", c.Confirmacion)
	if g := c.InformacionGlobal; g != nil {
		add(n, b.elem(NS, "InformacionGlobal", "Periodicidad", g.Periodicidad, "Meses", g.Meses, "Año", g.Año))
	}
	for _, r := range c.CfdiRelacionados {
		rel := add(n, b.elem(NS, "CfdiRelacionados", "TipoRelacion", r.TipoRelacion))
		for _, u := range r.UUIDs {
			add(rel, b.elem(NS, "CfdiRelacionado", "UUID", u))
		}
	}
	e := &c.Emisor
	add(n, b.elem(NS, "Emisor", "Rfc", e.Rfc, "Nombre", e.Nombre, "RegimenFiscal", e.RegimenFiscal,
		"FacAtrAdquirente", e.FacAtrAdquirente))
	r := &c.Receptor
	add(n, b.elem(NS, "Receptor", "Rfc", r.Rfc, "Nombre", r.Nombre,
		"DomicilioFiscalReceptor", r.DomicilioFiscalReceptor, "ResidenciaFiscal", r.ResidenciaFiscal,
		"NumRegIdTrib", r.NumRegIdTrib, "RegimenFiscalReceptor", r.RegimenFiscalReceptor, "UsoCFDI", r.UsoCFDI))
	cs := add(n, b.elem(NS, "Conceptos"))
	cs.kids = make([]*node, 0, len(c.Conceptos))
	for i := range c.Conceptos {
		add(cs, b.concepto(&c.Conceptos[i]))
	}
	if c.Impuestos != nil {
		add(n, b.impuestos(c.Impuestos))
	}
	if c.Complemento.Pagos != nil || c.Complemento.TFD != nil {
		comp := add(n, b.elem(NS, "Complemento"))
		if p := c.Complemento.Pagos; p != nil {
			add(comp, b.pagos(p))
		}
		if t := c.Complemento.TFD; t != nil {
			add(comp, b.tfd(t))
		}
	}
	if len(c.Addenda) > 0 {
		a := add(n, b.elem(NS, "Addenda"))
		a.raw = c.Addenda
	}
	return n
}

func (b *treeBuilder) concepto(c *Concepto) *node {
	n := b.elem(NS, "Concepto",
		"ClaveProdServ", c.ClaveProdServ, "NoIdentificacion", c.NoIdentificacion,
		"Cantidad", c.Cantidad, "ClaveUnidad", c.ClaveUnidad, "Unidad", c.Unidad,
		"Descripcion", c.Descripcion, "ValorUnitario", c.ValorUnitario, "Importe", c.Importe,
		"Descuento", c.Descuento, "ObjetoImp", c.ObjetoImp)
	if len(c.Traslados) > 0 || len(c.Retenciones) > 0 {
		imp := add(n, b.elem(NS, "Impuestos"))
		if len(c.Traslados) > 0 {
			ts := add(imp, b.elem(NS, "Traslados"))
			for _, t := range c.Traslados {
				add(ts, b.elem(NS, "Traslado", "Base", t.Base, "Impuesto", t.Impuesto,
					"TipoFactor", t.TipoFactor, "TasaOCuota", t.TasaOCuota, "Importe", t.Importe))
			}
		}
		if len(c.Retenciones) > 0 {
			rs := add(imp, b.elem(NS, "Retenciones"))
			for _, r := range c.Retenciones {
				add(rs, b.elem(NS, "Retencion", "Base", r.Base, "Impuesto", r.Impuesto,
					"TipoFactor", r.TipoFactor, "TasaOCuota", r.TasaOCuota, "Importe", r.Importe))
			}
		}
	}
	if t := c.ACuentaTerceros; t != nil {
		add(n, b.elem(NS, "ACuentaTerceros", "RfcACuentaTerceros", t.RfcACuentaTerceros,
			"NombreACuentaTerceros", t.NombreACuentaTerceros,
			"RegimenFiscalACuentaTerceros", t.RegimenFiscalACuentaTerceros,
			"DomicilioFiscalACuentaTerceros", t.DomicilioFiscalACuentaTerceros))
	}
	for _, p := range c.InformacionAduanera {
		add(n, b.elem(NS, "InformacionAduanera", "NumeroPedimento", p))
	}
	for _, p := range c.CuentaPredial {
		add(n, b.elem(NS, "CuentaPredial", "Numero", p))
	}
	for i := range c.Partes {
		p := &c.Partes[i]
		pn := add(n, b.elem(NS, "Parte", "ClaveProdServ", p.ClaveProdServ,
			"NoIdentificacion", p.NoIdentificacion, "Cantidad", p.Cantidad, "Unidad", p.Unidad,
			"Descripcion", p.Descripcion, "ValorUnitario", p.ValorUnitario, "Importe", p.Importe))
		for _, a := range p.InformacionAduanera {
			add(pn, b.elem(NS, "InformacionAduanera", "NumeroPedimento", a))
		}
	}
	return n
}

// impuestos builds the summary: Retenciones before Traslados (Anexo 20).
func (b *treeBuilder) impuestos(im *Impuestos) *node {
	n := b.elem(NS, "Impuestos", "TotalImpuestosRetenidos", im.TotalImpuestosRetenidos,
		"TotalImpuestosTrasladados", im.TotalImpuestosTrasladados)
	if len(im.Retenciones) > 0 {
		rs := add(n, b.elem(NS, "Retenciones"))
		for _, r := range im.Retenciones {
			add(rs, b.elem(NS, "Retencion", "Impuesto", r.Impuesto, "Importe", r.Importe))
		}
	}
	if len(im.Traslados) > 0 {
		ts := add(n, b.elem(NS, "Traslados"))
		for _, t := range im.Traslados {
			add(ts, b.elem(NS, "Traslado", "Base", t.Base, "Impuesto", t.Impuesto,
				"TipoFactor", t.TipoFactor, "TasaOCuota", t.TasaOCuota, "Importe", t.Importe))
		}
	}
	return n
}

func (b *treeBuilder) pagos(p *Pagos) *node {
	n := b.elem(NSPagos, "Pagos", "Version", p.Version)
	t := &p.Totales
	add(n, b.elem(NSPagos, "Totales",
		"TotalRetencionesIVA", t.TotalRetencionesIVA, "TotalRetencionesISR", t.TotalRetencionesISR,
		"TotalRetencionesIEPS", t.TotalRetencionesIEPS,
		"TotalTrasladosBaseIVA16", t.TotalTrasladosBaseIVA16, "TotalTrasladosImpuestoIVA16", t.TotalTrasladosImpuestoIVA16,
		"TotalTrasladosBaseIVA8", t.TotalTrasladosBaseIVA8, "TotalTrasladosImpuestoIVA8", t.TotalTrasladosImpuestoIVA8,
		"TotalTrasladosBaseIVA0", t.TotalTrasladosBaseIVA0, "TotalTrasladosImpuestoIVA0", t.TotalTrasladosImpuestoIVA0,
		"TotalTrasladosBaseIVAExento", t.TotalTrasladosBaseIVAExento, "MontoTotalPagos", t.MontoTotalPagos))
	for i := range p.Pago {
		add(n, b.pago(&p.Pago[i]))
	}
	return n
}

func (b *treeBuilder) pago(p *Pago) *node {
	n := b.elem(NSPagos, "Pago", "FechaPago", p.FechaPago, "FormaDePagoP", p.FormaDePagoP,
		"MonedaP", p.MonedaP, "TipoCambioP", p.TipoCambioP, "Monto", p.Monto,
		"NumOperacion", p.NumOperacion, "RfcEmisorCtaOrd", p.RfcEmisorCtaOrd,
		"NomBancoOrdExt", p.NomBancoOrdExt, "CtaOrdenante", p.CtaOrdenante,
		"RfcEmisorCtaBen", p.RfcEmisorCtaBen, "CtaBeneficiario", p.CtaBeneficiario,
		"TipoCadPago", p.TipoCadPago, "CertPago", p.CertPago, "CadPago", p.CadPago, "SelloPago", p.SelloPago)
	for i := range p.DoctoRelacionado {
		d := &p.DoctoRelacionado[i]
		dn := add(n, b.elem(NSPagos, "DoctoRelacionado", "IdDocumento", d.IdDocumento,
			"Serie", d.Serie, "Folio", d.Folio, "MonedaDR", d.MonedaDR, "EquivalenciaDR", d.EquivalenciaDR,
			"NumParcialidad", d.NumParcialidad, "ImpSaldoAnt", d.ImpSaldoAnt, "ImpPagado", d.ImpPagado,
			"ImpSaldoInsoluto", d.ImpSaldoInsoluto, "ObjetoImpDR", d.ObjetoImpDR))
		if len(d.RetencionesDR) > 0 || len(d.TrasladosDR) > 0 {
			imp := add(dn, b.elem(NSPagos, "ImpuestosDR"))
			b.impuestosDR(imp, "RetencionesDR", "RetencionDR", d.RetencionesDR)
			b.impuestosDR(imp, "TrasladosDR", "TrasladoDR", d.TrasladosDR)
		}
	}
	if ip := p.ImpuestosP; ip != nil {
		in := add(n, b.elem(NSPagos, "ImpuestosP"))
		if len(ip.RetencionesP) > 0 {
			rs := add(in, b.elem(NSPagos, "RetencionesP"))
			for _, r := range ip.RetencionesP {
				add(rs, b.elem(NSPagos, "RetencionP", "ImpuestoP", r.ImpuestoP, "ImporteP", r.ImporteP))
			}
		}
		if len(ip.TrasladosP) > 0 {
			ts := add(in, b.elem(NSPagos, "TrasladosP"))
			for _, t := range ip.TrasladosP {
				add(ts, b.elem(NSPagos, "TrasladoP", "BaseP", t.BaseP, "ImpuestoP", t.ImpuestoP,
					"TipoFactorP", t.TipoFactorP, "TasaOCuotaP", t.TasaOCuotaP, "ImporteP", t.ImporteP))
			}
		}
	}
	return n
}

func (b *treeBuilder) impuestosDR(parent *node, group, item string, taxes []ImpuestoDR) {
	if len(taxes) == 0 {
		return
	}
	g := add(parent, b.elem(NSPagos, group))
	for _, t := range taxes {
		add(g, b.elem(NSPagos, item, "BaseDR", t.BaseDR, "ImpuestoDR", t.ImpuestoDR,
			"TipoFactorDR", t.TipoFactorDR, "TasaOCuotaDR", t.TasaOCuotaDR, "ImporteDR", t.ImporteDR))
	}
}

// tfd builds the stamp with its own namespace declaration and schema
// location, as PACs write it (CFDI.md §7).
func (b *treeBuilder) tfd(t *TimbreFiscalDigital) *node {
	n := b.elem(NSTFD, "TimbreFiscalDigital", "Version", t.Version, "UUID", t.UUID,
		"FechaTimbrado", t.FechaTimbrado, "RfcProvCertif", t.RfcProvCertif, "Leyenda", t.Leyenda,
		"SelloCFD", t.SelloCFD, "NoCertificadoSAT", t.NoCertificadoSAT, "SelloSAT", t.SelloSAT)
	n.attrs = append([]attr{
		{space: "xmlns", local: "tfd", value: NSTFD},
		{space: NSXSI, local: "schemaLocation", value: NSTFD + " " + SchemaLocationTFD},
	}, n.attrs...)
	return n
}
