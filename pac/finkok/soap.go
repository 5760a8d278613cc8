package finkok

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/sello-mx/sello/pac"
)

// The XML namespaces of Finkok's SOAP services (from their WSDL): the
// operations live in the service's namespace, the complex types in
// typesNamespace.
const (
	envelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
	stampNamespace    = "http://facturacion.finkok.com/stamp"
	cancelNamespace   = "http://facturacion.finkok.com/cancel"
	typesNamespace    = "apps.services.soap.core.views"
)

// maxResponse bounds a SOAP answer: a stamped CFDI is rarely over a few
// megabytes.
const maxResponse = 32 << 20

// request writes a SOAP 1.1 document/literal call: an Envelope whose Body
// holds the operation element and one child element per parameter.
type request struct {
	b  bytes.Buffer
	op string
}

// newRequest starts the call of op in the service namespace ns.
func newRequest(ns, op string) *request {
	r := &request{op: op}
	r.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	r.b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + envelopeNamespace + `" xmlns:tns="` + ns + `" xmlns:apps="` + typesNamespace + `">`)
	r.b.WriteString(`<soapenv:Body><tns:` + op + `>`)
	return r
}

// param writes the parameter name with text, escaped.
func (r *request) param(name, text string) {
	r.b.WriteString("<tns:" + name + ">")
	escape(&r.b, text)
	r.b.WriteString("</tns:" + name + ">")
}

// body closes the envelope and returns it.
func (r *request) body() []byte {
	r.b.WriteString(`</tns:` + r.op + `></soapenv:Body></soapenv:Envelope>`)
	return r.b.Bytes()
}

// escape writes s as XML character data or attribute value.
func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
}

// fault is a SOAP 1.1 Fault.
type fault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
}

// call posts the request to url and decodes the <op>Result element of the
// answer into result. Every failure to get such an answer — transport
// error, timeout, HTTP status other than 200, SOAP fault, unreadable XML —
// is a StampUnavailable error.
func (p *PAC) call(ctx context.Context, url string, req *request, result any) error {
	op := req.op
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(req.body()))
	if err != nil {
		return pac.Unavailable(fmt.Errorf("finkok %s: %w", op, err))
	}
	hr.Header.Set("Content-Type", "text/xml; charset=utf-8")
	hr.Header.Set("SOAPAction", `"`+op+`"`)
	resp, err := p.client.Do(hr)
	if err != nil {
		return pac.Unavailable(fmt.Errorf("finkok %s: %w", op, err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return pac.Unavailable(fmt.Errorf("finkok %s: read answer: %w", op, err))
	}
	err = decodeResult(data, op+"Result", result)
	if resp.StatusCode != http.StatusOK {
		cause := fmt.Errorf("finkok %s: HTTP %s", op, resp.Status)
		if err != nil {
			cause = fmt.Errorf("%w: %w", cause, err)
		}
		return pac.Unavailable(cause)
	}
	if err != nil {
		return pac.Unavailable(fmt.Errorf("finkok %s: %w", op, err))
	}
	return nil
}

// errNoResult is the error of an answer without the expected result.
var errNoResult = errors.New("the answer has no result")

// decodeResult finds the element named name (in any namespace) or a SOAP
// Fault in a SOAP answer and decodes the former into result.
func decodeResult(data []byte, name string, result any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return errNoResult
		}
		if err != nil {
			return fmt.Errorf("unreadable answer: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case start.Name.Local == "Fault" && start.Name.Space == envelopeNamespace:
			var f fault
			if err := d.DecodeElement(&f, &start); err != nil {
				return fmt.Errorf("unreadable fault: %w", err)
			}
			return fmt.Errorf("SOAP fault %s: %s", f.Code, f.String)
		case start.Name.Local == name:
			if err := d.DecodeElement(result, &start); err != nil {
				return fmt.Errorf("unreadable %s: %w", name, err)
			}
			return nil
		}
	}
}
