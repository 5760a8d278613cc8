package sello

import (
	"errors"
	"strconv"
	"strings"

	"github.com/sello-mx/sello/sat"
)

// clientCheck is one offline check of a client (API.md §11.2 Validation).
type clientCheck struct {
	field, problem string
	code           string // the SAT's error matrix row it corresponds to, if any
}

// normalizeClient tidies a client's input: RFC upper case without spaces,
// legal name as CFDI 4.0 wants it, use P01 stored as S01, country as alpha-3.
func normalizeClient(c *Client) {
	c.TaxID = sat.NormalizeRFC(c.TaxID)
	c.LegalName = sat.NormalizeLegalName(c.LegalName, c.Defaults.KeepFullLegalName)
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.TaxSystem = strings.TrimSpace(c.TaxSystem)
	c.Use = strings.ToUpper(strings.TrimSpace(c.Use))
	if c.Use == "P01" {
		c.Use = "S01"
	}
	if c.Use == "" {
		c.Use = "G03"
		if c.TaxSystem == "616" {
			c.Use = "S01"
		}
	}
	c.Address.Zip = strings.TrimSpace(c.Address.Zip)
	if c.Address != (Address{}) {
		if code, ok := CountryCode(c.Address.Country); ok {
			c.Address.Country = code
		}
	}
}

// fiscalChecks returns the problems of a client's fiscal fields; only fields
// that are set are checked. postal is c_CodigoPostal (nil: not imported).
func fiscalChecks(c *Client, postal sat.Codes) []clientCheck {
	var out []clientCheck
	add := func(field, code, problem string) { out = append(out, clientCheck{field, problem, code}) }
	var rfc sat.RFC
	rfcOK := false
	if c.TaxID != "" {
		r, err := sat.ParseRFC(c.TaxID)
		if err != nil {
			add("tax_id", "CFDI40143", rfcProblem(err))
		} else {
			rfc, rfcOK = r, true
		}
	}
	fisica := rfc.Fisica()
	regimen, regimenKnown := sat.LookupRegimen(c.TaxSystem)
	switch {
	case c.TaxSystem == "":
	case !regimenKnown:
		add("tax_system", "CFDI40157", "must be a c_RegimenFiscal code (for example 601 or 612)")
	case rfcOK && !sat.RegimenAllowed(c.TaxSystem, fisica):
		add("tax_system", "CFDI40158", "régimen "+c.TaxSystem+" ("+regimen.Description+") does not apply to a "+persona(fisica)+" (RFC of "+rfcLength(fisica)+")")
	}
	if _, ok := sat.LookupUso(c.Use); !ok {
		add("use", "CFDI40160", "must be a c_UsoCFDI code (for example G03)")
	} else if regimenKnown {
		allowed := sat.UsoAllowed(c.Use, c.TaxSystem, fisica)
		if !rfcOK {
			allowed = sat.UsoAllowed(c.Use, c.TaxSystem, true) || sat.UsoAllowed(c.Use, c.TaxSystem, false)
		}
		if !allowed {
			add("use", "CFDI40161", "uso "+c.Use+" is not allowed with régimen "+c.TaxSystem+usoFor(rfcOK, fisica))
		}
	}
	if c.Address.Country != "" {
		if _, ok := sat.Lookup(sat.Pais, c.Address.Country); !ok {
			add("address.country", "CFDI40150", "must be a country: an ISO 3166 alpha-3 code (MEX), alpha-2 (MX) or a c_Pais name")
		}
	}
	if z := c.Address.Zip; z != "" && (c.Address.Country == "" || c.Address.Country == "MEX") {
		switch {
		case !sat.ValidCodigoPostalShape(z):
			add("address.zip", "CFDI40147", "must be a 5-digit postal code")
		case !sat.CheckCode(postal, z, sat.ValidCodigoPostalShape):
			add("address.zip", "CFDI40147", "is not a postal code of c_CodigoPostal")
		}
	}
	return out
}

// checkClient returns Invalid with every problem of a client to be stored.
func checkClient(c *Client, postal sat.Codes) error {
	var p Problems
	if c.Name == "" && c.LegalName == "" && c.Email == "" {
		p = append(p, FieldError{Field: "name", Problem: "one of name, legal_name or email is required", Missing: true})
	}
	if c.Email != "" {
		if !ValidEmail(c.Email) {
			p.Add("email", "must be an email address")
		}
	}
	for i, b := range c.BCC {
		if !ValidEmail(b) {
			p.Add("bcc["+strconv.Itoa(i)+"]", "must be an email address")
		}
	}
	for _, ch := range fiscalChecks(c, postal) {
		p.Rule(ch.field, ch.code, "%s", ch.problem)
	}
	a := c.Address
	checkText(&p, map[string]string{"name": c.Name, "legal_name": c.LegalName, "tax_id": c.TaxID,
		"tax_system": c.TaxSystem, "use": c.Use, "email": c.Email, "phone": c.Phone, "company": c.Company,
		"address.street": a.Street, "address.exterior": a.Exterior, "address.interior": a.Interior,
		"address.neighborhood": a.Neighborhood, "address.municipality": a.Municipality, "address.city": a.City,
		"address.state": a.State, "address.zip": a.Zip, "address.country": a.Country})
	if err := checkMetadata(c.Metadata); err != nil {
		p.Add("metadata", "%s", err.Error())
	}
	return p.Err("Invalid request body")
}

// rfcProblem explains an RFC error without repeating the value.
func rfcProblem(err error) string {
	for _, part := range []error{sat.ErrRFCLength, sat.ErrRFCName, sat.ErrRFCDate, sat.ErrRFCHomoclave, sat.ErrRFCCheckDigit} {
		if errors.Is(err, part) {
			msg := err.Error()
			if i := strings.LastIndex(msg, ": "); i >= 0 {
				return "is not a valid RFC: " + part.Error() + " (" + msg[i+2:] + ")"
			}
			return "is not a valid RFC: " + part.Error()
		}
	}
	return "is not a valid RFC"
}

func persona(fisica bool) string {
	if fisica {
		return "persona física"
	}
	return "persona moral"
}

func rfcLength(fisica bool) string {
	if fisica {
		return "13 characters"
	}
	return "12 characters"
}

func usoFor(rfcKnown, fisica bool) string {
	if !rfcKnown {
		return ""
	}
	return " for a " + persona(fisica)
}
