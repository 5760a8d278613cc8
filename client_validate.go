package sello

import "github.com/sello-mx/sello/sat"

// validationChecks runs the five checks of API.md §11.2 on a stored client.
// Unlike the checks on input, missing values fail.
func validationChecks(c *Client, postal sat.Codes) []ClientCheck {
	problems := map[string]string{}
	for _, ch := range fiscalChecks(c, postal) {
		if _, dup := problems[ch.field]; !dup {
			problems[ch.field] = ch.problem
		}
	}
	required := map[string]string{"tax_id": c.TaxID, "tax_system": c.TaxSystem, "use": c.Use, "address.zip": c.Address.Zip, "legal_name": c.LegalName}
	var out []ClientCheck
	for _, f := range []string{"tax_id", "tax_system", "use", "address.zip", "legal_name"} {
		ch := ClientCheck{Field: f, OK: true, Message: "ok"}
		switch {
		case required[f] == "":
			ch.OK, ch.Message = false, "is required"
		case problems[f] != "":
			ch.OK, ch.Message = false, problems[f]
		case f == "address.zip" && postal == nil:
			ch.Message = "has the shape of a postal code (c_CodigoPostal is not imported)"
		}
		out = append(out, ch)
	}
	return out
}

// ClientCheck is the result of one validation check.
type ClientCheck struct {
	Field   string
	OK      bool
	Message string
}
