package cfdi

import (
	"crypto"
	"crypto/x509"
	"strings"
)

// ValidationError lists the rules a document fails. A document that fails is
// never sealed.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems on one line.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "cfdi: the document fails validation: " + strings.Join(parts, "; ")
}

// Issue validates c with every offline rule and, only when it passes, seals
// it with key and cert. It is the way Sello seals the documents it issues:
// a *ValidationError comes back, and c is left unsealed, when any rule
// fails. Seal on its own is for documents already validated elsewhere.
func Issue(c *Comprobante, opts ValidateOptions, key crypto.Signer, cert *x509.Certificate) error {
	if problems := Validate(c, opts); len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return Seal(c, key, cert)
}
