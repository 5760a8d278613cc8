package cfdi

import "slices"

// readComprobante maps a Comprobante tree (4.0 or 3.3) onto the model.
// Attributes the model has no field for are left out; the cadena of a
// received document comes from the tree, not from this model.
func readComprobante(root *node) *Comprobante {
	ns := root.space
	c := &Comprobante{
		Version: root.get("Version"), Serie: root.get("Serie"), Folio: root.get("Folio"),
		Fecha: root.get("Fecha"), Sello: root.get("Sello"), FormaPago: root.get("FormaPago"),
		NoCertificado: root.get("NoCertificado"), Certificado: root.get("Certificado"),
		CondicionesDePago: root.get("CondicionesDePago"), SubTotal: root.get("SubTotal"),
		Descuento: root.get("Descuento"), Moneda: root.get("Moneda"), TipoCambio: root.get("TipoCambio"),
		Total: root.get("Total"), TipoDeComprobante: root.get("TipoDeComprobante"),
		Exportacion: root.get("Exportacion"), MetodoPago: root.get("MetodoPago"),
		LugarExpedicion: root.get("LugarExpedicion"), Confirmacion: root.get("Confirmacion"),
	}
	if g := root.child(ns, "InformacionGlobal"); g != nil {
		c.InformacionGlobal = &InformacionGlobal{Periodicidad: g.get("Periodicidad"), Meses: g.get("Meses"), Año: g.get("Año")}
	}
	for _, r := range root.children(ns, "CfdiRelacionados") {
		rel := CfdiRelacionados{TipoRelacion: r.get("TipoRelacion")}
		for _, u := range r.children(ns, "CfdiRelacionado") {
			rel.UUIDs = append(rel.UUIDs, u.get("UUID"))
		}
		c.CfdiRelacionados = append(c.CfdiRelacionados, rel)
	}
	if e := root.child(ns, "Emisor"); e != nil {
		c.Emisor = Emisor{Rfc: e.get("Rfc"), Nombre: e.get("Nombre"), RegimenFiscal: e.get("RegimenFiscal"), FacAtrAdquirente: e.get("FacAtrAdquirente")}
	}
	if r := root.child(ns, "Receptor"); r != nil {
		c.Receptor = Receptor{
			Rfc: r.get("Rfc"), Nombre: r.get("Nombre"), DomicilioFiscalReceptor: r.get("DomicilioFiscalReceptor"),
			ResidenciaFiscal: r.get("ResidenciaFiscal"), NumRegIdTrib: r.get("NumRegIdTrib"),
			RegimenFiscalReceptor: r.get("RegimenFiscalReceptor"), UsoCFDI: r.get("UsoCFDI"),
		}
	}
	if cs := root.child(ns, "Conceptos"); cs != nil {
		ks := cs.children(ns, "Concepto")
		if len(ks) > 0 {
			c.Conceptos = make([]Concepto, 0, len(ks))
		}
		for _, k := range ks {
			c.Conceptos = append(c.Conceptos, readConcepto(ns, k, &c.Complemento))
		}
	}
	if im := root.child(ns, "Impuestos"); im != nil {
		c.Impuestos = readImpuestos(ns, im)
	}
	if comp := root.child(ns, "Complemento"); comp != nil {
		readComplemento(comp, &c.Complemento)
	}
	return c
}

func readConcepto(ns string, n *node, comp *Complemento) Concepto {
	c := Concepto{
		ClaveProdServ: n.get("ClaveProdServ"), NoIdentificacion: n.get("NoIdentificacion"),
		Cantidad: n.get("Cantidad"), ClaveUnidad: n.get("ClaveUnidad"), Unidad: n.get("Unidad"),
		Descripcion: n.get("Descripcion"), ValorUnitario: n.get("ValorUnitario"), Importe: n.get("Importe"),
		Descuento: n.get("Descuento"), ObjetoImp: n.get("ObjetoImp"),
	}
	if im := n.child(ns, "Impuestos"); im != nil {
		for _, ts := range im.children(ns, "Traslados") {
			for _, t := range ts.children(ns, "Traslado") {
				c.Traslados = append(c.Traslados, readTraslado(t))
			}
		}
		for _, rs := range im.children(ns, "Retenciones") {
			for _, r := range rs.children(ns, "Retencion") {
				c.Retenciones = append(c.Retenciones, Retencion(readTraslado(r)))
			}
		}
	}
	if t := n.child(ns, "ACuentaTerceros"); t != nil {
		c.ACuentaTerceros = &ACuentaTerceros{
			RfcACuentaTerceros: t.get("RfcACuentaTerceros"), NombreACuentaTerceros: t.get("NombreACuentaTerceros"),
			RegimenFiscalACuentaTerceros:   t.get("RegimenFiscalACuentaTerceros"),
			DomicilioFiscalACuentaTerceros: t.get("DomicilioFiscalACuentaTerceros"),
		}
	}
	for _, a := range n.children(ns, "InformacionAduanera") {
		c.InformacionAduanera = append(c.InformacionAduanera, a.get("NumeroPedimento"))
	}
	for _, p := range n.children(ns, "CuentaPredial") {
		c.CuentaPredial = append(c.CuentaPredial, p.get("Numero"))
	}
	for _, cc := range n.children(ns, "ComplementoConcepto") {
		noteUnknown(cc, comp, nil)
	}
	for _, p := range n.children(ns, "Parte") {
		parte := Parte{
			ClaveProdServ: p.get("ClaveProdServ"), NoIdentificacion: p.get("NoIdentificacion"),
			Cantidad: p.get("Cantidad"), Unidad: p.get("Unidad"), Descripcion: p.get("Descripcion"),
			ValorUnitario: p.get("ValorUnitario"), Importe: p.get("Importe"),
		}
		for _, a := range p.children(ns, "InformacionAduanera") {
			parte.InformacionAduanera = append(parte.InformacionAduanera, a.get("NumeroPedimento"))
		}
		c.Partes = append(c.Partes, parte)
	}
	return c
}

func readTraslado(t *node) Traslado {
	return Traslado{Base: t.get("Base"), Impuesto: t.get("Impuesto"), TipoFactor: t.get("TipoFactor"),
		TasaOCuota: t.get("TasaOCuota"), Importe: t.get("Importe")}
}

func readImpuestos(ns string, n *node) *Impuestos {
	im := &Impuestos{TotalImpuestosRetenidos: n.get("TotalImpuestosRetenidos"), TotalImpuestosTrasladados: n.get("TotalImpuestosTrasladados")}
	for _, rs := range n.children(ns, "Retenciones") {
		for _, r := range rs.children(ns, "Retencion") {
			im.Retenciones = append(im.Retenciones, Retencion{Impuesto: r.get("Impuesto"), Importe: r.get("Importe")})
		}
	}
	for _, ts := range n.children(ns, "Traslados") {
		for _, t := range ts.children(ns, "Traslado") {
			im.Traslados = append(im.Traslados, readTraslado(t))
		}
	}
	return im
}

// readComplemento fills the complements the model knows (the first of each)
// and lists the namespaces of the others in Unknown.
func readComplemento(n *node, comp *Complemento) {
	noteUnknown(n, comp, func(k *node) bool {
		switch {
		case k.space == NSTFD && k.local == "TimbreFiscalDigital" && comp.TFD == nil:
			comp.TFD = readTFD(k)
			return true
		case k.space == NSPagos && k.local == "Pagos" && comp.Pagos == nil:
			comp.Pagos = readPagos(k)
			return true
		}
		return false
	})
}

// noteUnknown adds to comp.Unknown the namespace of every element child of n
// that known does not take, once each.
func noteUnknown(n *node, comp *Complemento, known func(*node) bool) {
	for _, k := range n.kids {
		if k.local == "" || (known != nil && known(k)) {
			continue
		}
		if !slices.Contains(comp.Unknown, k.space) {
			comp.Unknown = append(comp.Unknown, k.space)
		}
	}
}

func readTFD(n *node) *TimbreFiscalDigital {
	return &TimbreFiscalDigital{
		Version: n.get("Version"), UUID: n.get("UUID"), FechaTimbrado: n.get("FechaTimbrado"),
		RfcProvCertif: n.get("RfcProvCertif"), Leyenda: n.get("Leyenda"), SelloCFD: n.get("SelloCFD"),
		NoCertificadoSAT: n.get("NoCertificadoSAT"), SelloSAT: n.get("SelloSAT"),
	}
}

func readPagos(n *node) *Pagos {
	p := &Pagos{Version: n.get("Version")}
	if t := n.child(NSPagos, "Totales"); t != nil {
		p.Totales = PagosTotales{
			TotalRetencionesIVA: t.get("TotalRetencionesIVA"), TotalRetencionesISR: t.get("TotalRetencionesISR"),
			TotalRetencionesIEPS:        t.get("TotalRetencionesIEPS"),
			TotalTrasladosBaseIVA16:     t.get("TotalTrasladosBaseIVA16"),
			TotalTrasladosImpuestoIVA16: t.get("TotalTrasladosImpuestoIVA16"),
			TotalTrasladosBaseIVA8:      t.get("TotalTrasladosBaseIVA8"),
			TotalTrasladosImpuestoIVA8:  t.get("TotalTrasladosImpuestoIVA8"),
			TotalTrasladosBaseIVA0:      t.get("TotalTrasladosBaseIVA0"),
			TotalTrasladosImpuestoIVA0:  t.get("TotalTrasladosImpuestoIVA0"),
			TotalTrasladosBaseIVAExento: t.get("TotalTrasladosBaseIVAExento"),
			MontoTotalPagos:             t.get("MontoTotalPagos"),
		}
	}
	for _, k := range n.children(NSPagos, "Pago") {
		p.Pago = append(p.Pago, readPago(k))
	}
	return p
}

func readPago(n *node) Pago {
	p := Pago{
		FechaPago: n.get("FechaPago"), FormaDePagoP: n.get("FormaDePagoP"), MonedaP: n.get("MonedaP"),
		TipoCambioP: n.get("TipoCambioP"), Monto: n.get("Monto"), NumOperacion: n.get("NumOperacion"),
		RfcEmisorCtaOrd: n.get("RfcEmisorCtaOrd"), NomBancoOrdExt: n.get("NomBancoOrdExt"),
		CtaOrdenante: n.get("CtaOrdenante"), RfcEmisorCtaBen: n.get("RfcEmisorCtaBen"),
		CtaBeneficiario: n.get("CtaBeneficiario"), TipoCadPago: n.get("TipoCadPago"),
		CertPago: n.get("CertPago"), CadPago: n.get("CadPago"), SelloPago: n.get("SelloPago"),
	}
	for _, d := range n.children(NSPagos, "DoctoRelacionado") {
		dr := DoctoRelacionado{
			IdDocumento: d.get("IdDocumento"), Serie: d.get("Serie"), Folio: d.get("Folio"),
			MonedaDR: d.get("MonedaDR"), EquivalenciaDR: d.get("EquivalenciaDR"),
			NumParcialidad: d.get("NumParcialidad"), ImpSaldoAnt: d.get("ImpSaldoAnt"),
			ImpPagado: d.get("ImpPagado"), ImpSaldoInsoluto: d.get("ImpSaldoInsoluto"),
			ObjetoImpDR: d.get("ObjetoImpDR"),
		}
		for _, im := range d.children(NSPagos, "ImpuestosDR") {
			dr.RetencionesDR = append(dr.RetencionesDR, readImpuestosDR(im, "RetencionesDR", "RetencionDR")...)
			dr.TrasladosDR = append(dr.TrasladosDR, readImpuestosDR(im, "TrasladosDR", "TrasladoDR")...)
		}
		p.DoctoRelacionado = append(p.DoctoRelacionado, dr)
	}
	if ip := n.child(NSPagos, "ImpuestosP"); ip != nil {
		p.ImpuestosP = &ImpuestosP{}
		for _, g := range ip.children(NSPagos, "RetencionesP") {
			for _, r := range g.children(NSPagos, "RetencionP") {
				p.ImpuestosP.RetencionesP = append(p.ImpuestosP.RetencionesP, readImpuestoP(r))
			}
		}
		for _, g := range ip.children(NSPagos, "TrasladosP") {
			for _, t := range g.children(NSPagos, "TrasladoP") {
				p.ImpuestosP.TrasladosP = append(p.ImpuestosP.TrasladosP, readImpuestoP(t))
			}
		}
	}
	return p
}

func readImpuestosDR(n *node, group, item string) []ImpuestoDR {
	var out []ImpuestoDR
	for _, g := range n.children(NSPagos, group) {
		for _, t := range g.children(NSPagos, item) {
			out = append(out, ImpuestoDR{BaseDR: t.get("BaseDR"), ImpuestoDR: t.get("ImpuestoDR"),
				TipoFactorDR: t.get("TipoFactorDR"), TasaOCuotaDR: t.get("TasaOCuotaDR"), ImporteDR: t.get("ImporteDR")})
		}
	}
	return out
}

func readImpuestoP(n *node) ImpuestoP {
	return ImpuestoP{BaseP: n.get("BaseP"), ImpuestoP: n.get("ImpuestoP"), TipoFactorP: n.get("TipoFactorP"),
		TasaOCuotaP: n.get("TasaOCuotaP"), ImporteP: n.get("ImporteP")}
}
