package finkoktest

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/csd"
)

// The SAT's answers the fake gives on cancellations and queries.
const (
	codeCertificate = "711" // Finkok: error with the certificate when cancelling
	codeUnknownUUID = "205" // SAT: UUID not found
	fechaLayout     = "2006-01-02T15:04:05"
)

// cancelOps are the operations of the cancel service.
var cancelOps = map[string]operation{
	"cancel":         (*Server).cancel,
	"get_sat_status": (*Server).satStatus,
	"get_receipt":    (*Server).receipt,
}

// cancel checks the CSD as Finkok would (a certificate, and a key encrypted
// with the account's password that belongs to it, for taxpayer_id), then
// cancels each UUID the fake stamped through the sandbox.
func (s *Server) cancel(r *http.Request, c *call, w http.ResponseWriter) {
	rfc := upper(c.params["taxpayer_id"])
	if err := s.checkCSD(c, rfc); err != nil {
		a := newAnswer(cancelNamespace, c.op)
		a.field("CodEstatus", codeCertificate)
		a.write(w)
		return
	}
	a := newAnswer(cancelNamespace, c.op)
	a.open("Folios")
	var acuse []byte
	for _, u := range c.uuids {
		uuid := upper(u.UUID)
		status, text := codeUnknownUUID, ""
		if s.stampedUUID(uuid) {
			ans, err := s.pac.Cancel(r.Context(), sello.CancelRequest{UUID: uuid, EmisorRFC: rfc, Motive: u.Motivo, Substitution: u.FolioSustitucion})
			if err != nil {
				status = satCode(err)
			} else {
				status, text, acuse = "201", ans.SATStatus, ans.Acuse
			}
		}
		a.open("Folio")
		a.field("UUID", uuid)
		a.field("EstatusUUID", status)
		a.field("EstatusCancelacion", text)
		a.close("Folio")
	}
	a.close("Folios")
	a.field("Acuse", string(acuse))
	a.field("Fecha", s.now().In(s.mexico).Format(fechaLayout))
	a.field("RfcEmisor", rfc)
	a.write(w)
}

// checkCSD decodes cer and key and checks they form the CSD of rfc.
func (s *Server) checkCSD(c *call, rfc string) error {
	cer, err1 := base64.StdEncoding.DecodeString(c.params["cer"])
	key, err2 := base64.StdEncoding.DecodeString(c.params["key"])
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	cert, err := csd.ParseCertificate(cer)
	if err != nil {
		return err
	}
	k, err := csd.ParsePrivateKey(key, []byte(s.pass))
	if err != nil {
		return err
	}
	if !k.PublicKey.Equal(cert.X509.PublicKey) {
		return errors.New("the key is not the certificate's")
	}
	return cert.CheckRFC(rfc)
}

// satCode is the SAT code of the sandbox's refusal.
func satCode(err error) string {
	var e *sello.Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			if f.SATCode != "" {
				return f.SATCode
			}
		}
	}
	return "no_cancelable"
}

// stampedUUID reports whether the fake stamped uuid.
func (s *Server) stampedUUID(uuid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.docs[uuid]
	return ok
}

// satStatus answers as the SAT's query service: the CFDI must be one the
// fake stamped, named with its emisor, receptor and total.
func (s *Server) satStatus(r *http.Request, c *call, w http.ResponseWriter) {
	uuid := upper(c.params["uuid"])
	s.mu.Lock()
	doc, ok := s.docs[uuid]
	s.mu.Unlock()
	a := newAnswer(cancelNamespace, c.op)
	a.open("sat")
	switch {
	case !ok:
		a.field("CodigoEstatus", "N - 602: Comprobante no encontrado.")
		a.field("Estado", "No encontrado")
	case doc.emisor != upper(c.params["taxpayer_id"]) || doc.receptor != upper(c.params["rtaxpayer_id"]) || doc.total != strings.TrimSpace(c.params["total"]):
		a.field("CodigoEstatus", "N - 601: La expresión impresa proporcionada no es válida.")
		a.field("Estado", "No encontrado")
	default:
		estado, cancelable, estatus := "Vigente", "Cancelable sin aceptación", ""
		ans, err := s.pac.CancellationStatus(r.Context(), sello.CancelRequest{UUID: uuid})
		switch {
		case err == nil && ans.Status == sello.CancellationAccepted:
			estado, estatus = "Cancelado", ans.SATStatus
		case err == nil:
			cancelable, estatus = "Cancelable con aceptación", ans.SATStatus
		}
		a.field("CodigoEstatus", "S - Comprobante obtenido satisfactoriamente.")
		a.field("Estado", estado)
		a.field("EsCancelable", cancelable)
		a.field("EstatusCancelacion", estatus)
	}
	a.close("sat")
	a.write(w)
}

// receipt returns the acuse of an accepted cancellation.
func (s *Server) receipt(r *http.Request, c *call, w http.ResponseWriter) {
	uuid := upper(c.params["uuid"])
	a := newAnswer(cancelNamespace, c.op)
	ans, err := s.pac.CancellationStatus(r.Context(), sello.CancelRequest{UUID: uuid})
	if err != nil || ans.Status != sello.CancellationAccepted || c.params["type"] != "C" {
		a.field("success", "false")
		a.field("uuid", uuid)
		a.field("error", "No se encontró el acuse")
		a.write(w)
		return
	}
	a.field("success", "true")
	a.field("uuid", uuid)
	a.field("receipt", string(ans.Acuse))
	a.field("taxpayer_id", upper(c.params["taxpayer_id"]))
	a.field("date", ans.At.In(s.mexico).Format(fechaLayout))
	a.write(w)
}
