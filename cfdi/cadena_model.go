package cfdi

// appendCadena appends the cadena original of a CFDI 4.0 Comprobante that
// Sello issues, walking the model in the order of cadenaoriginal_4_0.xslt and
// Pagos20.xslt (CFDI.md §5.3, §8.3). An empty string is an absent attribute:
// required fields still write "|", optional ones write nothing. It must equal
// the stylesheet run over Marshal's output; TestCadenaRoundTrip and
// FuzzCadena hold it to that, and the oracle tests hold both to xsltproc.
func appendCadena(b []byte, c *Comprobante) []byte {
	w := cadenaWriter{buf: b}
	w.buf = append(w.buf, '|')
	w.req(c.Version)
	w.opt(c.Serie)
	w.opt(c.Folio)
	w.req(c.Fecha)
	w.opt(c.FormaPago)
	w.req(c.NoCertificado) // Sello and Certificado are not signed
	w.opt(c.CondicionesDePago)
	w.req(c.SubTotal)
	w.opt(c.Descuento)
	w.req(c.Moneda)
	w.opt(c.TipoCambio)
	w.req(c.Total)
	w.req(c.TipoDeComprobante)
	w.req(c.Exportacion)
	w.opt(c.MetodoPago)
	w.req(c.LugarExpedicion)
	w.opt(c.Confirmacion)
	if g := c.InformacionGlobal; g != nil {
		w.req(g.Periodicidad)
		w.req(g.Meses)
		w.req(g.Año)
	}
	for _, r := range c.CfdiRelacionados {
		w.req(r.TipoRelacion)
		for _, u := range r.UUIDs {
			w.req(u)
		}
	}
	w.req(c.Emisor.Rfc)
	w.req(c.Emisor.Nombre)
	w.req(c.Emisor.RegimenFiscal)
	w.opt(c.Emisor.FacAtrAdquirente)
	r := &c.Receptor
	w.req(r.Rfc)
	w.req(r.Nombre)
	w.req(r.DomicilioFiscalReceptor)
	w.opt(r.ResidenciaFiscal)
	w.opt(r.NumRegIdTrib)
	w.req(r.RegimenFiscalReceptor)
	w.req(r.UsoCFDI)
	for i := range c.Conceptos {
		w.concepto(&c.Conceptos[i])
	}
	if im := c.Impuestos; im != nil {
		for _, r := range im.Retenciones {
			w.req(r.Impuesto)
			w.req(r.Importe)
		}
		w.opt(im.TotalImpuestosRetenidos)
		for _, t := range im.Traslados {
			w.traslado(&t)
		}
		w.opt(im.TotalImpuestosTrasladados)
	}
	if p := c.Complemento.Pagos; p != nil {
		w.pagos(p)
	}
	// The TimbreFiscalDigital and the Addenda add nothing.
	w.buf = append(w.buf, '|', '|')
	return w.buf
}

func (w *cadenaWriter) req(v string) { w.field(v) }

func (w *cadenaWriter) opt(v string) {
	if v != "" {
		w.field(v)
	}
}

func (w *cadenaWriter) traslado(t *Traslado) {
	w.req(t.Base)
	w.req(t.Impuesto)
	w.req(t.TipoFactor)
	w.opt(t.TasaOCuota)
	w.opt(t.Importe)
}

// concepto: attributes, Traslados, Retenciones, ACuentaTerceros,
// InformacionAduanera, CuentaPredial, Partes.
func (w *cadenaWriter) concepto(c *Concepto) {
	w.req(c.ClaveProdServ)
	w.opt(c.NoIdentificacion)
	w.req(c.Cantidad)
	w.req(c.ClaveUnidad)
	w.opt(c.Unidad)
	w.req(c.Descripcion)
	w.req(c.ValorUnitario)
	w.req(c.Importe)
	w.opt(c.Descuento)
	w.req(c.ObjetoImp)
	for i := range c.Traslados {
		w.traslado(&c.Traslados[i])
	}
	for _, r := range c.Retenciones {
		w.req(r.Base)
		w.req(r.Impuesto)
		w.req(r.TipoFactor)
		w.req(r.TasaOCuota)
		w.req(r.Importe)
	}
	if t := c.ACuentaTerceros; t != nil {
		w.req(t.RfcACuentaTerceros)
		w.req(t.NombreACuentaTerceros)
		w.req(t.RegimenFiscalACuentaTerceros)
		w.req(t.DomicilioFiscalACuentaTerceros)
	}
	for _, p := range c.InformacionAduanera {
		w.req(p)
	}
	for _, p := range c.CuentaPredial {
		w.req(p)
	}
	for _, p := range c.Partes {
		w.req(p.ClaveProdServ)
		w.opt(p.NoIdentificacion)
		w.req(p.Cantidad)
		w.opt(p.Unidad)
		w.req(p.Descripcion)
		w.opt(p.ValorUnitario)
		w.opt(p.Importe)
		for _, a := range p.InformacionAduanera {
			w.req(a)
		}
	}
}

// pagos: Version, Totales (MontoTotalPagos last), then each Pago with its
// documents (retentions before transfers) and its ImpuestosP.
func (w *cadenaWriter) pagos(p *Pagos) {
	w.req(p.Version)
	t := &p.Totales
	w.opt(t.TotalRetencionesIVA)
	w.opt(t.TotalRetencionesISR)
	w.opt(t.TotalRetencionesIEPS)
	w.opt(t.TotalTrasladosBaseIVA16)
	w.opt(t.TotalTrasladosImpuestoIVA16)
	w.opt(t.TotalTrasladosBaseIVA8)
	w.opt(t.TotalTrasladosImpuestoIVA8)
	w.opt(t.TotalTrasladosBaseIVA0)
	w.opt(t.TotalTrasladosImpuestoIVA0)
	w.opt(t.TotalTrasladosBaseIVAExento)
	w.req(t.MontoTotalPagos)
	for i := range p.Pago {
		w.pago(&p.Pago[i])
	}
}

func (w *cadenaWriter) pago(p *Pago) {
	w.req(p.FechaPago)
	w.req(p.FormaDePagoP)
	w.req(p.MonedaP)
	w.opt(p.TipoCambioP)
	w.req(p.Monto)
	for _, v := range [...]string{p.NumOperacion, p.RfcEmisorCtaOrd, p.NomBancoOrdExt, p.CtaOrdenante,
		p.RfcEmisorCtaBen, p.CtaBeneficiario, p.TipoCadPago, p.CertPago, p.CadPago, p.SelloPago} {
		w.opt(v)
	}
	for i := range p.DoctoRelacionado {
		d := &p.DoctoRelacionado[i]
		w.req(d.IdDocumento)
		w.opt(d.Serie)
		w.opt(d.Folio)
		w.req(d.MonedaDR)
		w.opt(d.EquivalenciaDR)
		w.req(d.NumParcialidad)
		w.req(d.ImpSaldoAnt)
		w.req(d.ImpPagado)
		w.req(d.ImpSaldoInsoluto)
		w.req(d.ObjetoImpDR)
		for _, r := range d.RetencionesDR {
			w.req(r.BaseDR)
			w.req(r.ImpuestoDR)
			w.req(r.TipoFactorDR)
			w.req(r.TasaOCuotaDR)
			w.req(r.ImporteDR)
		}
		for _, t := range d.TrasladosDR {
			w.req(t.BaseDR)
			w.req(t.ImpuestoDR)
			w.req(t.TipoFactorDR)
			w.opt(t.TasaOCuotaDR)
			w.opt(t.ImporteDR)
		}
	}
	if ip := p.ImpuestosP; ip != nil {
		for _, r := range ip.RetencionesP {
			w.req(r.ImpuestoP)
			w.req(r.ImporteP)
		}
		for _, t := range ip.TrasladosP {
			w.req(t.BaseP)
			w.req(t.ImpuestoP)
			w.req(t.TipoFactorP)
			w.opt(t.TasaOCuotaP)
			w.opt(t.ImporteP)
		}
	}
}
