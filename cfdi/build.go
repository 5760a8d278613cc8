package cfdi

// This file writes a Comprobante as XML, streaming: elements in the order of
// the SAT XSD (CFDI.md §2), attributes in the XSD's order, empty strings
// omitted. cadena_model.go walks the same model in the XSLT's order.

// root writes the namespace declarations and schema locations with the
// Comprobante attributes.
func (w *xmlWriter) comprobante(c *Comprobante) {
	xmlnsPago, schema := "", NS+" "+SchemaLocation
	if c.Complemento.Pagos != nil {
		xmlnsPago = NSPagos
		schema += " " + NSPagos + " " + SchemaLocationPagos
	}
	w.open("cfdi:Comprobante",
		"xmlns:cfdi", NS, "xmlns:xsi", NSXSI, "xmlns:pago20", xmlnsPago, "xsi:schemaLocation", schema,
		"Version", c.Version, "Serie", c.Serie, "Folio", c.Folio, "Fecha", c.Fecha,
		"Sello", c.Sello, "FormaPago", c.FormaPago, "NoCertificado", c.NoCertificado,
		"Certificado", c.Certificado, "CondicionesDePago", c.CondicionesDePago,
		"SubTotal", c.SubTotal, "Descuento", c.Descuento, "Moneda", c.Moneda,
		"TipoCambio", c.TipoCambio, "Total", c.Total, "TipoDeComprobante", c.TipoDeComprobante,
		"Exportacion", c.Exportacion, "MetodoPago", c.MetodoPago,
		"LugarExpedicion", c.LugarExpedicion, "Confirmacion", c.Confirmacion)
	if g := c.InformacionGlobal; g != nil {
		w.leaf("cfdi:InformacionGlobal", "Periodicidad", g.Periodicidad, "Meses", g.Meses, "Año", g.Año)
	}
	for _, r := range c.CfdiRelacionados {
		w.open("cfdi:CfdiRelacionados", "TipoRelacion", r.TipoRelacion)
		for _, u := range r.UUIDs {
			w.leaf("cfdi:CfdiRelacionado", "UUID", u)
		}
		w.close()
	}
	e := &c.Emisor
	w.leaf("cfdi:Emisor", "Rfc", e.Rfc, "Nombre", e.Nombre, "RegimenFiscal", e.RegimenFiscal,
		"FacAtrAdquirente", e.FacAtrAdquirente)
	r := &c.Receptor
	w.leaf("cfdi:Receptor", "Rfc", r.Rfc, "Nombre", r.Nombre,
		"DomicilioFiscalReceptor", r.DomicilioFiscalReceptor, "ResidenciaFiscal", r.ResidenciaFiscal,
		"NumRegIdTrib", r.NumRegIdTrib, "RegimenFiscalReceptor", r.RegimenFiscalReceptor, "UsoCFDI", r.UsoCFDI)
	w.open("cfdi:Conceptos")
	for i := range c.Conceptos {
		w.concepto(&c.Conceptos[i])
	}
	w.close()
	if c.Impuestos != nil {
		w.impuestos(c.Impuestos)
	}
	if c.Complemento.Pagos != nil || c.Complemento.TFD != nil {
		w.open("cfdi:Complemento")
		if p := c.Complemento.Pagos; p != nil {
			w.pagos(p)
		}
		if t := c.Complemento.TFD; t != nil {
			w.tfd(t)
		}
		w.close()
	}
	if len(c.Addenda) > 0 {
		w.open("cfdi:Addenda")
		w.inner(c.Addenda)
		w.close()
	}
	w.close()
}

// concepto writes a line; its Traslados come before its Retenciones (Anexo 20).
func (w *xmlWriter) concepto(c *Concepto) {
	w.open("cfdi:Concepto",
		"ClaveProdServ", c.ClaveProdServ, "NoIdentificacion", c.NoIdentificacion,
		"Cantidad", c.Cantidad, "ClaveUnidad", c.ClaveUnidad, "Unidad", c.Unidad,
		"Descripcion", c.Descripcion, "ValorUnitario", c.ValorUnitario, "Importe", c.Importe,
		"Descuento", c.Descuento, "ObjetoImp", c.ObjetoImp)
	if len(c.Traslados) > 0 || len(c.Retenciones) > 0 {
		w.open("cfdi:Impuestos")
		if len(c.Traslados) > 0 {
			w.open("cfdi:Traslados")
			for _, t := range c.Traslados {
				w.leaf("cfdi:Traslado", "Base", t.Base, "Impuesto", t.Impuesto,
					"TipoFactor", t.TipoFactor, "TasaOCuota", t.TasaOCuota, "Importe", t.Importe)
			}
			w.close()
		}
		if len(c.Retenciones) > 0 {
			w.open("cfdi:Retenciones")
			for _, r := range c.Retenciones {
				w.leaf("cfdi:Retencion", "Base", r.Base, "Impuesto", r.Impuesto,
					"TipoFactor", r.TipoFactor, "TasaOCuota", r.TasaOCuota, "Importe", r.Importe)
			}
			w.close()
		}
		w.close()
	}
	if t := c.ACuentaTerceros; t != nil {
		w.leaf("cfdi:ACuentaTerceros", "RfcACuentaTerceros", t.RfcACuentaTerceros,
			"NombreACuentaTerceros", t.NombreACuentaTerceros,
			"RegimenFiscalACuentaTerceros", t.RegimenFiscalACuentaTerceros,
			"DomicilioFiscalACuentaTerceros", t.DomicilioFiscalACuentaTerceros)
	}
	for _, p := range c.InformacionAduanera {
		w.leaf("cfdi:InformacionAduanera", "NumeroPedimento", p)
	}
	for _, p := range c.CuentaPredial {
		w.leaf("cfdi:CuentaPredial", "Numero", p)
	}
	for i := range c.Partes {
		p := &c.Partes[i]
		w.open("cfdi:Parte", "ClaveProdServ", p.ClaveProdServ,
			"NoIdentificacion", p.NoIdentificacion, "Cantidad", p.Cantidad, "Unidad", p.Unidad,
			"Descripcion", p.Descripcion, "ValorUnitario", p.ValorUnitario, "Importe", p.Importe)
		for _, a := range p.InformacionAduanera {
			w.leaf("cfdi:InformacionAduanera", "NumeroPedimento", a)
		}
		w.close()
	}
	w.close()
}

// impuestos writes the summary: Retenciones before Traslados (Anexo 20).
func (w *xmlWriter) impuestos(im *Impuestos) {
	w.open("cfdi:Impuestos", "TotalImpuestosRetenidos", im.TotalImpuestosRetenidos,
		"TotalImpuestosTrasladados", im.TotalImpuestosTrasladados)
	if len(im.Retenciones) > 0 {
		w.open("cfdi:Retenciones")
		for _, r := range im.Retenciones {
			w.leaf("cfdi:Retencion", "Impuesto", r.Impuesto, "Importe", r.Importe)
		}
		w.close()
	}
	if len(im.Traslados) > 0 {
		w.open("cfdi:Traslados")
		for _, t := range im.Traslados {
			w.leaf("cfdi:Traslado", "Base", t.Base, "Impuesto", t.Impuesto,
				"TipoFactor", t.TipoFactor, "TasaOCuota", t.TasaOCuota, "Importe", t.Importe)
		}
		w.close()
	}
	w.close()
}

func (w *xmlWriter) pagos(p *Pagos) {
	w.open("pago20:Pagos", "Version", p.Version)
	t := &p.Totales
	w.leaf("pago20:Totales",
		"TotalRetencionesIVA", t.TotalRetencionesIVA, "TotalRetencionesISR", t.TotalRetencionesISR,
		"TotalRetencionesIEPS", t.TotalRetencionesIEPS,
		"TotalTrasladosBaseIVA16", t.TotalTrasladosBaseIVA16, "TotalTrasladosImpuestoIVA16", t.TotalTrasladosImpuestoIVA16,
		"TotalTrasladosBaseIVA8", t.TotalTrasladosBaseIVA8, "TotalTrasladosImpuestoIVA8", t.TotalTrasladosImpuestoIVA8,
		"TotalTrasladosBaseIVA0", t.TotalTrasladosBaseIVA0, "TotalTrasladosImpuestoIVA0", t.TotalTrasladosImpuestoIVA0,
		"TotalTrasladosBaseIVAExento", t.TotalTrasladosBaseIVAExento, "MontoTotalPagos", t.MontoTotalPagos)
	for i := range p.Pago {
		w.pago(&p.Pago[i])
	}
	w.close()
}

func (w *xmlWriter) pago(p *Pago) {
	w.open("pago20:Pago", "FechaPago", p.FechaPago, "FormaDePagoP", p.FormaDePagoP,
		"MonedaP", p.MonedaP, "TipoCambioP", p.TipoCambioP, "Monto", p.Monto,
		"NumOperacion", p.NumOperacion, "RfcEmisorCtaOrd", p.RfcEmisorCtaOrd,
		"NomBancoOrdExt", p.NomBancoOrdExt, "CtaOrdenante", p.CtaOrdenante,
		"RfcEmisorCtaBen", p.RfcEmisorCtaBen, "CtaBeneficiario", p.CtaBeneficiario,
		"TipoCadPago", p.TipoCadPago, "CertPago", p.CertPago, "CadPago", p.CadPago, "SelloPago", p.SelloPago)
	for i := range p.DoctoRelacionado {
		d := &p.DoctoRelacionado[i]
		w.open("pago20:DoctoRelacionado", "IdDocumento", d.IdDocumento,
			"Serie", d.Serie, "Folio", d.Folio, "MonedaDR", d.MonedaDR, "EquivalenciaDR", d.EquivalenciaDR,
			"NumParcialidad", d.NumParcialidad, "ImpSaldoAnt", d.ImpSaldoAnt, "ImpPagado", d.ImpPagado,
			"ImpSaldoInsoluto", d.ImpSaldoInsoluto, "ObjetoImpDR", d.ObjetoImpDR)
		if len(d.RetencionesDR) > 0 || len(d.TrasladosDR) > 0 {
			w.open("pago20:ImpuestosDR")
			w.impuestosDR("pago20:RetencionesDR", "pago20:RetencionDR", d.RetencionesDR)
			w.impuestosDR("pago20:TrasladosDR", "pago20:TrasladoDR", d.TrasladosDR)
			w.close()
		}
		w.close()
	}
	if ip := p.ImpuestosP; ip != nil {
		w.open("pago20:ImpuestosP")
		if len(ip.RetencionesP) > 0 {
			w.open("pago20:RetencionesP")
			for _, r := range ip.RetencionesP {
				w.leaf("pago20:RetencionP", "ImpuestoP", r.ImpuestoP, "ImporteP", r.ImporteP)
			}
			w.close()
		}
		if len(ip.TrasladosP) > 0 {
			w.open("pago20:TrasladosP")
			for _, t := range ip.TrasladosP {
				w.leaf("pago20:TrasladoP", "BaseP", t.BaseP, "ImpuestoP", t.ImpuestoP,
					"TipoFactorP", t.TipoFactorP, "TasaOCuotaP", t.TasaOCuotaP, "ImporteP", t.ImporteP)
			}
			w.close()
		}
		w.close()
	}
	w.close()
}

func (w *xmlWriter) impuestosDR(group, item string, taxes []ImpuestoDR) {
	if len(taxes) == 0 {
		return
	}
	w.open(group)
	for _, t := range taxes {
		w.leaf(item, "BaseDR", t.BaseDR, "ImpuestoDR", t.ImpuestoDR,
			"TipoFactorDR", t.TipoFactorDR, "TasaOCuotaDR", t.TasaOCuotaDR, "ImporteDR", t.ImporteDR)
	}
	w.close()
}

// tfd writes the stamp with its own namespace declaration and schema
// location, as PACs write it (CFDI.md §7).
func (w *xmlWriter) tfd(t *TimbreFiscalDigital) {
	w.leaf("tfd:TimbreFiscalDigital", "xmlns:tfd", NSTFD,
		"xsi:schemaLocation", NSTFD+" "+SchemaLocationTFD,
		"Version", t.Version, "UUID", t.UUID,
		"FechaTimbrado", t.FechaTimbrado, "RfcProvCertif", t.RfcProvCertif, "Leyenda", t.Leyenda,
		"SelloCFD", t.SelloCFD, "NoCertificadoSAT", t.NoCertificadoSAT, "SelloSAT", t.SelloSAT)
}
