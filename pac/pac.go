// Package pac holds what every stamping provider adapter shares: the PAC
// stamping codes outside the SAT's error matrix (CFDI.md §12) and the one way
// to turn a refusal into a sello.Error. The providers themselves are
// subpackages: pac/sandbox (offline, deterministic) and the real PACs.
package pac

import sello "github.com/sello-mx/sello"

// The stamping codes of the PAC validation annex. Exact texts vary by PAC;
// the codes do not.
const (
	// CodeStructure: the document is not a well-formed CFDI 4.0 (XSD).
	CodeStructure = "301"
	// CodeSello: the Sello does not verify over the cadena original.
	CodeSello = "302"
	// CodeRFC: the certificate's RFC is not the Emisor Rfc.
	CodeRFC = "303"
	// CodeRevoked: the CSD is revoked or not in the LCO.
	CodeRevoked = "304"
	// CodeValidity: Fecha is outside the certificate's validity.
	CodeValidity = "305"
	// CodeFIEL: the document was sealed with a FIEL instead of a CSD.
	CodeFIEL = "306"
	// CodeStamped: the document was already stamped.
	CodeStamped = "307"
	// CodeNotSAT: the certificate was not issued by the SAT.
	CodeNotSAT = "308"
	// CodeFecha: Fecha is more than 72 hours before stamping, or in the future.
	CodeFecha = "401"
	// CodeLCO: the Emisor RFC is not in the LCO.
	CodeLCO = "402"
)

// Reject returns the error a Stamper gives for a refused document: Code
// sello.StampRejected with one FieldError carrying the PAC or SAT code.
// field names the CFDI attribute ("Fecha", "Emisor.Rfc"), or is empty.
func Reject(code, field, problem string) *sello.Error {
	return &sello.Error{
		Code:    sello.StampRejected,
		Message: "the PAC rejected the CFDI",
		Fields:  []sello.FieldError{{Field: field, Problem: problem, SATCode: code}},
	}
}

// Unavailable returns the error a Stamper gives when the PAC cannot be
// reached or fails: Code sello.StampUnavailable around the cause.
func Unavailable(err error) *sello.Error {
	return sello.Wrap(sello.StampUnavailable, err, "the PAC is not available")
}

// RejectFields returns the error a Stamper gives for a document refused for
// several reasons: Code sello.StampRejected with the given field errors,
// each carrying its PAC or SAT code.
func RejectFields(fields []sello.FieldError) *sello.Error {
	return &sello.Error{Code: sello.StampRejected, Message: "the PAC rejected the CFDI", Fields: fields}
}
