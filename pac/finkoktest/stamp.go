package finkoktest

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
)

// The incidencias the fake answers with besides the sandbox's codes. The
// texts are Finkok's as docs/PAC.md quotes them; 300 for bad credentials is
// an assumption.
const (
	codeCredentials = "300"
	codeStructure   = "705"
	codeNotStamped  = "603"
	textStamped     = "El CFDI contiene un timbre previo"
	textNotStamped  = "El CFDI no contiene un timbre previo"
)

// stampOps are the operations of the stamp service.
var stampOps = map[string]operation{
	"stamp":       (*Server).stamp,
	"quick_stamp": (*Server).stamp,
	"stamped":     (*Server).stamped,
}

// stamp stamps the document through the sandbox. Like Finkok's stamp as
// observed, a document stamped before gets the incidencia 307 and no XML:
// the caller asks stamped for it.
func (s *Server) stamp(r *http.Request, c *call, w http.ResponseWriter) {
	xml, err := base64.StdEncoding.DecodeString(c.params["xml"])
	if err != nil {
		incidencias(w, c.op, [2]string{codeStructure, "XML Estructura inválida"})
		return
	}
	st, err := s.pac.Stamp(r.Context(), xml)
	if err != nil {
		s.refuse(w, c.op, err)
		return
	}
	s.mu.Lock()
	s.stamps++
	if doc, err := cfdi.Parse(st.XML); err == nil {
		s.docs[st.UUID] = document{emisor: doc.Comprobante.Emisor.Rfc, receptor: doc.Comprobante.Receptor.Rfc, total: doc.Comprobante.Total}
	}
	s.mu.Unlock()
	acuse(w, c.op, st, "Comprobante timbrado satisfactoriamente")
}

// stamped returns the stamp the sandbox made of the document, or 603.
func (s *Server) stamped(r *http.Request, c *call, w http.ResponseWriter) {
	xml, err := base64.StdEncoding.DecodeString(c.params["xml"])
	if err != nil {
		incidencias(w, c.op, [2]string{codeStructure, "XML Estructura inválida"})
		return
	}
	st, err := s.pac.Stamped(r.Context(), xml)
	if err != nil {
		if sello.ErrorCode(err) == sello.NotFound {
			incidencias(w, c.op, [2]string{codeNotStamped, textNotStamped})
			return
		}
		s.refuse(w, c.op, err)
		return
	}
	acuse(w, c.op, st, "Comprobante recuperado satisfactoriamente")
}

// refuse answers the sandbox's refusal as incidencias, and its failures as
// a fault.
func (s *Server) refuse(w http.ResponseWriter, op string, err error) {
	var e *sello.Error
	if !errors.As(err, &e) || e.Code != sello.StampRejected {
		writeFault(w, err.Error())
		return
	}
	var in [][2]string
	for _, f := range e.Fields {
		text := f.Problem
		if f.SATCode == "307" {
			text = textStamped
		}
		in = append(in, [2]string{f.SATCode, text})
	}
	incidencias(w, op, in...)
}

// acuse writes an AcuseRecepcionCFDI with a stamp.
func acuse(w http.ResponseWriter, op string, st *sello.Stamp, status string) {
	a := newAnswer(stampNamespace, op)
	a.field("xml", string(st.XML))
	a.field("UUID", st.UUID)
	a.field("Fecha", st.FechaTimbrado)
	a.field("CodEstatus", status)
	a.field("SatSeal", st.SelloSAT)
	a.b.WriteString("<s0:Incidencias/>")
	a.field("NoCertificadoSAT", st.NoCertificadoSAT)
	a.write(w)
}

// incidencias writes an AcuseRecepcionCFDI without a stamp, with the
// incidencias given as code and message.
func incidencias(w http.ResponseWriter, op string, in ...[2]string) {
	a := newAnswer(stampNamespace, op)
	a.field("xml", "")
	a.open("Incidencias")
	for _, i := range in {
		a.open("Incidencia")
		a.field("IdIncidencia", "fake")
		a.field("CodigoError", i[0])
		a.field("MensajeIncidencia", i[1])
		a.close("Incidencia")
	}
	a.close("Incidencias")
	a.write(w)
}

// refuseCredentials answers a call with wrong credentials.
func refuseCredentials(c *call, w http.ResponseWriter) {
	const text = "Usuario o contraseña inválidos"
	switch {
	case stampOps[c.op] != nil:
		incidencias(w, c.op, [2]string{codeCredentials, text})
	case c.op == "cancel":
		a := newAnswer(cancelNamespace, c.op)
		a.field("CodEstatus", codeCredentials)
		a.write(w)
	default:
		a := newAnswer(cancelNamespace, c.op)
		a.field("error", text)
		a.write(w)
	}
}

// upper is strings.ToUpper, trimmed.
func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
