package finkok

import (
	"context"
	"fmt"
	"strings"
	"time"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac"
)

// codeNoSAT is Finkok's CodEstatus when it could not reach the SAT: the
// request was not presented, so trying again later is safe.
const codeNoSAT = "708"

// cancelaCFDResult is Finkok's CancelaCFDResult, the result of cancel.
type cancelaCFDResult struct {
	Folios     []folio `xml:"Folios>Folio"`
	Acuse      string  `xml:"Acuse"`
	Fecha      string  `xml:"Fecha"`
	RfcEmisor  string  `xml:"RfcEmisor"`
	CodEstatus string  `xml:"CodEstatus"`
}

// folio is the SAT's answer for one UUID: EstatusUUID 201 (request
// received) or 202 (requested before), or a refusal ("203", "205",
// "no_cancelable"…).
type folio struct {
	UUID               string `xml:"UUID"`
	EstatusUUID        string `xml:"EstatusUUID"`
	EstatusCancelacion string `xml:"EstatusCancelacion"`
}

// Cancel asks Finkok's cancel to cancel one CFDI. Finkok signs the SAT
// request itself, so the call carries the issuer's CSD: the certificate as
// PEM and the key as an encrypted PKCS#8 PEM whose password is the Finkok
// account's password (docs/PAC.md), both base64.
//
// The answer is accepted when the SAT says the CFDI is cancelled
// (EstatusCancelacion "Cancelado…"), rejected when it says "Solicitud
// rechazada", and pending otherwise (the receiver must accept). Errors:
// Rejected when the request lacks the CSD or the UUID, or when the SAT
// refuses it (FieldError.SATCode = EstatusUUID or CodEstatus);
// StampUnavailable when Finkok cannot be reached or cannot reach the SAT
// (708).
func (p *PAC) Cancel(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	cer, key, err := p.csdPEM(req)
	if err != nil {
		return nil, err
	}
	r := newRequest(cancelNamespace, "cancel")
	r.b.WriteString(`<tns:UUIDS><apps:UUID UUID="`)
	escape(&r.b, strings.ToUpper(req.UUID))
	r.b.WriteString(`" FolioSustitucion="`)
	escape(&r.b, strings.ToUpper(req.Substitution))
	r.b.WriteString(`" Motivo="`)
	escape(&r.b, req.Motive)
	r.b.WriteString(`"/></tns:UUIDS>`)
	r.param("username", p.username)
	r.param("password", p.password)
	r.param("taxpayer_id", req.EmisorRFC)
	r.param("cer", cer)
	r.param("key", key)
	r.param("store_pending", "false")
	var res cancelaCFDResult
	if err := p.call(ctx, p.cancelURL, r, &res); err != nil {
		return nil, err
	}
	return p.cancellationOf(req.UUID, &res)
}

// cancellationOf maps the result of cancel onto a Cancellation.
func (p *PAC) cancellationOf(uuid string, res *cancelaCFDResult) (*sello.Cancellation, error) {
	var f *folio
	for i := range res.Folios {
		if strings.EqualFold(res.Folios[i].UUID, uuid) {
			f = &res.Folios[i]
		}
	}
	if f == nil {
		code := strings.TrimSpace(res.CodEstatus)
		if code == codeNoSAT {
			return nil, pac.Unavailable(fmt.Errorf("finkok cancel: 708, the SAT could not be reached"))
		}
		return nil, refuse(code, "the SAT or the PAC refused the cancellation: "+code)
	}
	switch strings.TrimSpace(f.EstatusUUID) {
	case "201", "202":
	default:
		return nil, refuse(f.EstatusUUID, "the SAT refused the cancellation: "+f.EstatusUUID+" "+f.EstatusCancelacion)
	}
	c := &sello.Cancellation{Status: statusOf("", f.EstatusCancelacion), SATStatus: f.EstatusCancelacion}
	if res.Acuse != "" {
		c.Acuse = []byte(res.Acuse)
	}
	if c.Status == sello.CancellationAccepted {
		c.At = p.parseTime(res.Fecha)
	}
	return c, nil
}

// statusOf reads the SAT's Estado and EstatusCancelacion (CFDI.md §10).
func statusOf(estado, estatus string) string {
	switch {
	case strings.EqualFold(estado, "Cancelado"), strings.HasPrefix(strings.ToLower(estatus), "cancelado"):
		return sello.CancellationAccepted
	case strings.EqualFold(estatus, "Solicitud rechazada"):
		return sello.CancellationRejected
	}
	return sello.CancellationPending
}

// refuse is the Rejected error of a refused cancellation.
func refuse(code, problem string) error {
	return &sello.Error{Code: sello.Rejected, Message: "the cancellation was refused",
		Fields: []sello.FieldError{{Field: "UUID", Problem: problem, SATCode: strings.TrimSpace(code)}}}
}

// parseTime reads the SAT's local dates as Finkok writes them
// ("2020-01-13T14:11:05.3366563", "2019-04-05 16:29:47.138032"); zero when
// it cannot.
func (p *PAC) parseTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), p.mexico); err == nil {
			return t
		}
	}
	return time.Time{}
}
