package sello

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Stamper stamps sealed CFDI through a PAC. Implementations live in pac/…:
// pac/sandbox (offline, deterministic) and the adapters of real PACs.
type Stamper interface {
	// Stamp sends a sealed CFDI and returns the stamped XML, exactly the bytes
	// the PAC returned, with the data of its TimbreFiscalDigital.
	//
	// Errors: StampRejected when the PAC or the SAT refuses the document, with
	// one FieldError per reason whose SATCode is the PAC or SAT code ("301"
	// invalid structure, "302" seal does not verify, "303" certificate RFC is
	// not the Emisor's, "305" Fecha outside the certificate's validity, "306"
	// FIEL instead of CSD, "307" already stamped, "401" Fecha outside the
	// 72-hour window, "CFDI40xxx"…); StampUnavailable when the PAC cannot be
	// reached, times out or fails. Retrying a StampUnavailable is safe only
	// with the same sealed bytes: a PAC answers 307 for a document it stamped.
	Stamp(ctx context.Context, sealedXML []byte) (*Stamp, error)
	// Stamped asks the provider whether it already stamped this sealed
	// document, and returns that stamp; NotFound when it did not. A retry
	// after a StampUnavailable calls it first, so a document is never
	// stamped twice.
	Stamped(ctx context.Context, sealedXML []byte) (*Stamp, error)
	// Cancel asks the SAT, through the provider, to cancel a stamped CFDI.
	// The answer is accepted (cancelled at once), pending (the receiver must
	// accept) or rejected. Errors: Rejected when the provider refuses the
	// request (with its code), StampUnavailable when it cannot be reached.
	Cancel(ctx context.Context, req CancelRequest) (*Cancellation, error)
	// CancellationStatus asks how a cancellation asked before stands.
	CancellationStatus(ctx context.Context, req CancelRequest) (*Cancellation, error)
}

// CancelRequest names a stamped CFDI to cancel and why (c_MotivoCancelacion
// 01–04; 01 names its substitute).
type CancelRequest struct {
	UUID         string
	EmisorRFC    string
	ReceptorRFC  string
	Total        string // the Comprobante's Total as written
	Motive       string
	Substitution string // the UUID that replaces it, motive 01 only
	// Certificate and Key are the issuer's CSD (DER certificate, PKCS#8 DER
	// private key in clear), which PACs need to sign the request.
	Certificate, Key []byte
}

// Cancellation is the provider's answer on a cancellation.
type Cancellation struct {
	Status string // accepted, pending, rejected (the Cancellation… constants)
	// Acuse is the SAT's acknowledgement XML, when the provider gave one.
	Acuse []byte
	// At is when the SAT recorded the cancellation (zero if unknown).
	At time.Time
	// SATStatus is the SAT's text (for example "Cancelado sin aceptación").
	SATStatus string
}

// Stamp is a stamped CFDI: the PAC's bytes and what its TimbreFiscalDigital
// 1.1 says. Store XML byte for byte; never re-serialise it.
type Stamp struct {
	// XML is the stamped CFDI as the PAC returned it.
	XML []byte
	// UUID is the folio fiscal, 36 characters, uppercase.
	UUID string
	// FechaTimbrado is the stamping time, local time of Mexico City without
	// offset ("2026-11-27T10:04:05"), as written in the TFD.
	FechaTimbrado string
	// RfcProvCertif is the RFC of the PAC that stamped.
	RfcProvCertif string
	// NoCertificadoSAT is the number of the SAT certificate that signed SelloSAT.
	NoCertificadoSAT string
	// SelloSAT is the SAT's seal over the TFD cadena, base64.
	SelloSAT string
}

// stampOnce gets a sealed document's stamp without ever stamping it twice:
// the provider is asked whether it has it, else it stamps it (stamped
// says so); a provider that answers 307 (stamped meanwhile, by a call
// still running) is asked again.
func stampOnce(ctx context.Context, stamper Stamper, sealed []byte) (st *Stamp, stamped bool, err error) {
	sctx, cancel := context.WithTimeout(ctx, stampTimeout)
	defer cancel()
	st, err = stamper.Stamped(sctx, sealed)
	if ErrorCode(err) != NotFound {
		return st, false, err
	}
	st, err = stamper.Stamp(sctx, sealed)
	var e *Error
	if ErrorCode(err) == StampRejected && errors.As(err, &e) && slices.ContainsFunc(e.Fields, func(f FieldError) bool { return f.SATCode == "307" }) {
		st, err = stamper.Stamped(sctx, sealed)
		return st, false, err
	}
	return st, err == nil, err
}

// stampTimeout bounds one call to the stamping provider; past it the
// invoice is stored pending and the background job finishes it. It is
// shorter than deadAfter - freshBeat (service_recover.go): a call never
// outlives the time others wait before judging its process dead.
const stampTimeout = 15 * time.Second
