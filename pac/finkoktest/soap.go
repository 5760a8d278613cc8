package finkoktest

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// The namespaces Finkok's services use (see pac/finkok).
const (
	envelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
	stampNamespace    = "http://facturacion.finkok.com/stamp"
	cancelNamespace   = "http://facturacion.finkok.com/cancel"
	typesNamespace    = "apps.services.soap.core.views"
)

// call is a decoded SOAP call: the operation and its parameters.
type call struct {
	op     string
	params map[string]string // by local name, the text of each parameter
	uuids  []uuidParam       // cancel's UUIDS
}

// uuidParam is one UUID of cancel's UUIDS.
type uuidParam struct {
	UUID             string `xml:"UUID,attr"`
	Motivo           string `xml:"Motivo,attr"`
	FolioSustitucion string `xml:"FolioSustitucion,attr"`
}

// envelope is the shape of a document/literal SOAP call.
type envelope struct {
	Body struct {
		Op struct {
			XMLName xml.Name
			Params  []struct {
				XMLName xml.Name
				Text    string      `xml:",chardata"`
				UUIDs   []uuidParam `xml:"UUID"`
			} `xml:",any"`
		} `xml:",any"`
	} `xml:"Body"`
}

// readCall decodes a SOAP call.
func readCall(r io.Reader) (*call, bool) {
	var env envelope
	if err := xml.NewDecoder(io.LimitReader(r, 32<<20)).Decode(&env); err != nil || env.Body.Op.XMLName.Local == "" {
		return nil, false
	}
	c := &call{op: env.Body.Op.XMLName.Local, params: map[string]string{}}
	for _, p := range env.Body.Op.Params {
		c.params[p.XMLName.Local] = strings.TrimSpace(p.Text)
		c.uuids = append(c.uuids, p.UUIDs...)
	}
	return c, true
}

// answer writes a SOAP answer the way Finkok's server (spyne) does: senv,
// tns and s0 prefixes, the result's fields in the types namespace.
type answer struct {
	b  bytes.Buffer
	op string
}

// newAnswer starts the answer to op of the service in namespace ns.
func newAnswer(ns, op string) *answer {
	a := &answer{op: op}
	a.b.WriteString(`<?xml version='1.0' encoding='UTF-8'?>` + "\n")
	a.b.WriteString(`<senv:Envelope xmlns:senv="` + envelopeNamespace + `" xmlns:s0="` + typesNamespace + `" xmlns:tns="` + ns + `">`)
	a.b.WriteString(`<senv:Body><tns:` + op + `Response><tns:` + op + `Result>`)
	return a
}

// field writes <s0:name>text</s0:name>.
func (a *answer) field(name, text string) {
	a.b.WriteString("<s0:" + name + ">")
	_ = xml.EscapeText(&a.b, []byte(text))
	a.b.WriteString("</s0:" + name + ">")
}

// open and close write the tags of a complex field.
func (a *answer) open(name string)  { a.b.WriteString("<s0:" + name + ">") }
func (a *answer) close(name string) { a.b.WriteString("</s0:" + name + ">") }

// write sends the answer with HTTP 200.
func (a *answer) write(w http.ResponseWriter) {
	a.b.WriteString(`</tns:` + a.op + `Result></tns:` + a.op + `Response></senv:Body></senv:Envelope>`)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = w.Write(a.b.Bytes())
}

// writeFault answers HTTP 500 with a SOAP fault, as Finkok's server does
// when it fails.
func writeFault(w http.ResponseWriter, message string) {
	var b bytes.Buffer
	b.WriteString(`<?xml version='1.0' encoding='UTF-8'?>` + "\n")
	b.WriteString(`<senv:Envelope xmlns:senv="` + envelopeNamespace + `"><senv:Body><senv:Fault><faultcode>senv:Server</faultcode><faultstring>`)
	_ = xml.EscapeText(&b, []byte(message))
	b.WriteString(`</faultstring><faultactor></faultactor></senv:Fault></senv:Body></senv:Envelope>`)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(b.Bytes())
}

// operation handles one decoded call and writes its answer.
type operation func(s *Server, r *http.Request, c *call, w http.ResponseWriter)

// serve returns the handler of a service with the given operations.
func (s *Server) serve(ops map[string]operation) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := readCall(r.Body)
		if !ok {
			writeFault(w, "not a SOAP call")
			return
		}
		op, ok := ops[c.op]
		if !ok {
			writeFault(w, "unknown operation "+c.op)
			return
		}
		failure := s.nextFailure(c.op)
		switch failure {
		case Fail500:
			writeFault(w, "injected failure")
			return
		case FailHang:
			select {
			case <-r.Context().Done():
			case <-s.closing:
			}
			return
		}
		if c.params["username"] != s.user || c.params["password"] != s.pass {
			refuseCredentials(c, w)
			return
		}
		if failure == FailLost {
			op(s, r, c, httptest.NewRecorder())
			writeFault(w, "injected failure after the work was done")
			return
		}
		op(s, r, c, w)
	}
}
