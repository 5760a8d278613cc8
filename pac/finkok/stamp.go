package finkok

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pac"
)

// codeNotStamped is Finkok's incidencia of stamped for a document it has not
// stamped: "El CFDI no contiene un timbre previo".
const codeNotStamped = "603"

// acuseRecepcion is Finkok's AcuseRecepcionCFDI, the result of stamp,
// quick_stamp and stamped. xml is the stamped CFDI, escaped as text.
type acuseRecepcion struct {
	XML              string       `xml:"xml"`
	UUID             string       `xml:"UUID"`
	Fecha            string       `xml:"Fecha"`
	CodEstatus       string       `xml:"CodEstatus"`
	SatSeal          string       `xml:"SatSeal"`
	NoCertificadoSAT string       `xml:"NoCertificadoSAT"`
	Incidencias      []incidencia `xml:"Incidencias>Incidencia"`
}

// incidencia is one reason Finkok gives for not stamping.
type incidencia struct {
	IDIncidencia      string `xml:"IdIncidencia"`
	CodigoError       string `xml:"CodigoError"`
	MensajeIncidencia string `xml:"MensajeIncidencia"`
	ExtraInfo         string `xml:"ExtraInfo"`
}

// Stamp sends the sealed CFDI to Finkok's stamp (quick_stamp with
// Config.Quick) and returns the stamped XML exactly as Finkok wrote it,
// with its TimbreFiscalDigital read by cfdi.Parse. When Finkok answers 307
// (already stamped) without the XML, Stamp asks stamped for it and returns
// that stamp: a document is never stamped twice.
//
// Errors: StampRejected with one FieldError per distinct incidencia, whose
// SATCode is Finkok's CodigoError ("301"…"308", "401", "705"…);
// StampUnavailable on a transport error, a timeout, an HTTP status other
// than 200, a SOAP fault or an answer that cannot be read, and when Finkok
// says 307 but stamped does not return the stamp yet; Internal when the
// stamped XML Finkok returns is not the document sent.
func (p *PAC) Stamp(ctx context.Context, sealedXML []byte) (*sello.Stamp, error) {
	op := "stamp"
	if p.quick {
		op = "quick_stamp"
	}
	res, err := p.stampCall(ctx, op, sealedXML)
	if err != nil {
		return nil, err
	}
	switch {
	case res.XML != "":
		return stampOf(sealedXML, res)
	case hasCode(res.Incidencias, pac.CodeStamped):
		st, err := p.Stamped(ctx, sealedXML)
		if sello.ErrorCode(err) == sello.NotFound {
			return nil, pac.Unavailable(fmt.Errorf("finkok %s: 307 (already stamped), but stamped does not return the stamp yet", op))
		}
		return st, err
	case len(res.Incidencias) > 0:
		return nil, reject(res.Incidencias)
	}
	return nil, pac.Unavailable(fmt.Errorf("finkok %s: neither a stamp nor an incidencia in the answer", op))
}

// Stamped asks Finkok's stamped whether it stamped this sealed CFDI and
// returns that stamp. Errors: NotFound when Finkok answers 603 (no previous
// stamp); StampUnavailable as for Stamp, and for any other incidencia — a
// caller must not take "cannot tell" for "not stamped", nor for a refusal
// of the document; Internal when the XML returned is not the document sent.
func (p *PAC) Stamped(ctx context.Context, sealedXML []byte) (*sello.Stamp, error) {
	res, err := p.stampCall(ctx, "stamped", sealedXML)
	if err != nil {
		return nil, err
	}
	switch {
	case res.XML != "":
		return stampOf(sealedXML, res)
	case hasCode(res.Incidencias, codeNotStamped):
		return nil, sello.Errorf(sello.NotFound, "Finkok has not stamped this document")
	case len(res.Incidencias) > 0:
		return nil, pac.Unavailable(fmt.Errorf("finkok stamped: %w", reject(res.Incidencias)))
	}
	return nil, pac.Unavailable(fmt.Errorf("finkok stamped: neither a stamp nor an incidencia in the answer"))
}

// stampCall calls op of the stamp service with the sealed CFDI.
func (p *PAC) stampCall(ctx context.Context, op string, sealedXML []byte) (*acuseRecepcion, error) {
	req := newRequest(stampNamespace, op)
	req.param("xml", base64.StdEncoding.EncodeToString(sealedXML))
	req.param("username", p.username)
	req.param("password", p.password)
	var res acuseRecepcion
	if err := p.call(ctx, p.stampURL, req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// stampOf reads the stamp out of Finkok's answer, and checks that the
// stamped document is the one sent: same Sello, and a TFD sealing it.
func stampOf(sealedXML []byte, res *acuseRecepcion) (*sello.Stamp, error) {
	out := []byte(res.XML)
	doc, err := cfdi.Parse(out)
	if err != nil {
		return nil, pac.Unavailable(fmt.Errorf("finkok: the stamped CFDI does not parse: %w", err))
	}
	if doc.TFD == nil {
		return nil, pac.Unavailable(fmt.Errorf("finkok: the stamped CFDI has no TimbreFiscalDigital"))
	}
	sent, err := cfdi.Parse(sealedXML)
	if err != nil || sent.Comprobante.Sello != doc.Comprobante.Sello || doc.TFD.SelloCFD != sent.Comprobante.Sello {
		return nil, sello.Wrap(sello.Internal, fmt.Errorf("finkok returned CFDI %s, which is not the document sent", doc.TFD.UUID), "the PAC returned another document")
	}
	t := doc.TFD
	return &sello.Stamp{
		XML: bytes.Clone(out), UUID: strings.ToUpper(t.UUID), FechaTimbrado: t.FechaTimbrado,
		RfcProvCertif: t.RfcProvCertif, NoCertificadoSAT: t.NoCertificadoSAT, SelloSAT: t.SelloSAT,
	}, nil
}

// hasCode reports whether one of the incidencias has the code.
func hasCode(in []incidencia, code string) bool {
	for _, i := range in {
		if strings.TrimSpace(i.CodigoError) == code {
			return true
		}
	}
	return false
}

// reject turns incidencias into a StampRejected error, one FieldError per
// distinct code and message (Finkok may repeat an incidencia).
func reject(in []incidencia) error {
	var fields []sello.FieldError
	seen := map[[2]string]bool{}
	for _, i := range in {
		code, msg := strings.TrimSpace(i.CodigoError), strings.TrimSpace(i.MensajeIncidencia)
		if seen[[2]string{code, msg}] {
			continue
		}
		seen[[2]string{code, msg}] = true
		if extra := strings.TrimSpace(i.ExtraInfo); extra != "" {
			msg += " (" + extra + ")"
		}
		fields = append(fields, sello.FieldError{Problem: msg, SATCode: code})
	}
	return pac.RejectFields(fields)
}
