package cfdi

// CadenaTFD returns the cadena original of a TimbreFiscalDigital 1.1
// (cadenaoriginal_TFD_1_1.xslt): ||Version|UUID|FechaTimbrado|RfcProvCertif|
// Leyenda?|SelloCFD|NoCertificadoSAT||. SelloSAT signs it. Leyenda, the only
// optional field, is written when non-empty.
func CadenaTFD(t *TimbreFiscalDigital) string {
	w := cadenaWriter{buf: make([]byte, 0, 512)}
	w.buf = append(w.buf, '|')
	w.field(t.Version)
	w.field(t.UUID)
	w.field(t.FechaTimbrado)
	w.field(t.RfcProvCertif)
	if t.Leyenda != "" {
		w.field(t.Leyenda)
	}
	w.field(t.SelloCFD)
	w.field(t.NoCertificadoSAT)
	w.buf = append(w.buf, '|', '|')
	return string(w.buf)
}

// tfdSheet is cadenaoriginal_TFD_1_1.xslt, used on received documents so
// that a present-but-empty Leyenda is honoured.
var tfdSheet = stylesheet{}.add(NSTFD, map[string][]op{
	"TimbreFiscalDigital": {
		req("Version"), req("UUID"), req("FechaTimbrado"), req("RfcProvCertif"),
		opt("Leyenda"), req("SelloCFD"), req("NoCertificadoSAT"),
	},
})

// CadenaTFD returns the TFD cadena of the document's first
// TimbreFiscalDigital exactly as received, and false when it is not stamped.
func (d *Document) CadenaTFD() (string, bool) {
	if d.root == nil {
		return "", false
	}
	t := firstTFD(d.root)
	if t == nil {
		return "", false
	}
	return string(cadena(nil, t, tfdSheet)), true
}

// firstTFD finds the first TimbreFiscalDigital in document order, as the
// XPath (//tfd:TimbreFiscalDigital)[1] does.
func firstTFD(n *node) *node {
	for _, k := range n.kids {
		if k.local == "TimbreFiscalDigital" && k.space == NSTFD {
			return k
		}
		if t := firstTFD(k); t != nil {
			return t
		}
	}
	return nil
}
