package cfdi

import "strings"

// RelationProblem says why a document of type tipo may not relate, with
// TipoRelacion relacion, a document of type related ("" when it may), by
// the Anexo 20 guía de llenado (CfdiRelacionados, TipoRelacion):
//
//	01, 02  nota de crédito / débito: never of a T, P or N document
//	03      devolución de mercancía: never of an E, P or N document
//	04      sustitución: an I or E replaces an I or E; any other type, its own type
//	05      traslados facturados previamente: a T relating I or E
//	06      factura de traslados previos: an I or E relating T
//	07      aplicación de anticipo: an I or E relating I or E
func RelationProblem(relacion, tipo, related string) string {
	in := func(t, set string) bool { return t != "" && strings.Contains(set, t) }
	const rule = " (Anexo 20, guía de llenado: CfdiRelacionados, TipoRelacion "
	switch relacion {
	case "01", "02":
		if in(related, "TPN") {
			return "a nota de crédito or débito cannot relate " + typeName(related) + rule + relacion + ")"
		}
	case "03":
		if in(related, "EPN") {
			return "a devolución de mercancía cannot relate " + typeName(related) + rule + "03)"
		}
	case "04":
		switch {
		case in(tipo, "IE") && !in(related, "IE"):
			return typeName(tipo) + " can only replace an ingreso or egreso" + rule + "04)"
		case !in(tipo, "IE") && related != tipo:
			return typeName(tipo) + " can only replace a document of its own type" + rule + "04)"
		}
	case "05":
		if tipo != "T" {
			return "only a traslado relates traslados facturados previamente" + rule + "05)"
		}
		if !in(related, "IE") {
			return "traslados facturados previamente relate an ingreso or egreso, not " + typeName(related) + rule + "05)"
		}
	case "06", "07":
		if !in(tipo, "IE") {
			return "only an ingreso or egreso can use it" + rule + relacion + ")"
		}
		if want := map[string]string{"06": "T", "07": "IE"}[relacion]; !in(related, want) {
			return "it relates " + map[string]string{"06": "a traslado", "07": "an ingreso or egreso"}[relacion] +
				", not " + typeName(related) + rule + relacion + ")"
		}
	}
	return ""
}

// typeName names a TipoDeComprobante in a sentence, with its article.
func typeName(tipo string) string {
	switch tipo {
	case "I":
		return "an ingreso"
	case "E":
		return "an egreso"
	case "T":
		return "a traslado"
	case "P":
		return "a pago"
	case "N":
		return "a nómina"
	}
	return "a document of type " + tipo
}
