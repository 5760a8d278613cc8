package sandbox

import (
	"strings"

	sello "github.com/sello-mx/sello"
)

// checkCancel validates a cancellation request: every problem becomes a
// FieldError, with the SAT's code where the SAT has one.
func checkCancel(req sello.CancelRequest) error {
	var fields []sello.FieldError
	add := func(f sello.FieldError) { fields = append(fields, f) }
	switch {
	case req.UUID == "":
		add(sello.FieldError{Field: "UUID", Problem: "the UUID of the CFDI to cancel is required", Missing: true})
	case !uuidShape.MatchString(req.UUID):
		add(sello.FieldError{Field: "UUID", Problem: "the UUID is not a folio fiscal (36 characters)"})
	}
	if strings.TrimSpace(req.EmisorRFC) == "" {
		add(sello.FieldError{Field: "EmisorRFC", Problem: "the issuer's RFC is required", Missing: true})
	}
	switch req.Motive {
	case "01":
		switch {
		case req.Substitution == "":
			add(sello.FieldError{Field: "Substitution", Problem: "motive 01 needs the UUID of the CFDI that replaces this one", Missing: true, SATCode: codeBadSubstitution})
		case !uuidShape.MatchString(req.Substitution):
			add(sello.FieldError{Field: "Substitution", Problem: "the substitution is not a folio fiscal (36 characters)", SATCode: codeBadSubstitution})
		case strings.EqualFold(req.Substitution, req.UUID):
			add(sello.FieldError{Field: "Substitution", Problem: "a CFDI cannot replace itself", SATCode: codeBadSubstitution})
		}
	case "02", "03", "04":
		if req.Substitution != "" {
			add(sello.FieldError{Field: "Substitution", Problem: "only motive 01 names a substitution", SATCode: codeNoSubstitution})
		}
	case "":
		add(sello.FieldError{Field: "Motive", Problem: "the motive (c_MotivoCancelacion 01–04) is required", Missing: true, SATCode: codeBadMotive})
	default:
		add(sello.FieldError{Field: "Motive", Problem: "the motive is not in c_MotivoCancelacion (01–04)", SATCode: codeBadMotive})
	}
	if len(fields) == 0 {
		return nil
	}
	return &sello.Error{Code: sello.Rejected, Message: "the cancellation request is not valid", Fields: fields}
}
