package sello

import "context"

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
