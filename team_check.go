package sello

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/sello-mx/sello/sat"
)

var colorPattern = regexp.MustCompile(`^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$`)

// NormalizeTeam trims and upper-cases what the API stores normalised: the
// RFC, the legal name's spaces, the country as a c_Pais alpha-3 code (when it
// is recognised) and the e-mail addresses' spaces.
func NormalizeTeam(t *Team) {
	t.LegalName = strings.Join(strings.Fields(t.LegalName), " ")
	if t.TaxID != "" {
		t.TaxID = sat.NormalizeRFC(t.TaxID)
	}
	t.TaxSystem = strings.TrimSpace(t.TaxSystem)
	t.Zip = strings.TrimSpace(t.Zip)
	t.Brand.Alias = strings.TrimSpace(t.Brand.Alias)
	if c, ok := CountryCode(t.Address.Country); ok {
		t.Address.Country = c
	}
	t.SupportEmail = strings.TrimSpace(t.SupportEmail)
	for i, e := range t.ContactEmails {
		t.ContactEmails[i] = strings.TrimSpace(e)
	}
	if len(t.ContactEmails) == 0 {
		t.ContactEmails = nil
	}
	if len(t.Metadata) == 0 {
		t.Metadata = nil
	}
	if t.Brand.Alias != "" {
		t.Name = t.Brand.Alias
	} else {
		t.Name = t.LegalName
	}
}

// CheckTeamProfile returns every problem with a team's fields as the API
// accepts them, where every field is optional: a valid RFC with its check
// digit, a c_RegimenFiscal code that applies to the RFC's person type, a
// 5-digit postal code in Mexico, a known country, #RGB or #RRGGBB colours, an
// absolute http(s) logo URL, valid e-mail addresses and metadata of at most
// 8 KiB. Field names are the snake paths of the Team object (brand.logo,
// address.zip, contact_emails[0]).
func CheckTeamProfile(t *Team) Problems {
	var p Problems
	if t.TaxID != "" {
		if _, err := sat.ParseRFC(t.TaxID); err != nil {
			p.Add("tax_id", "is not a valid RFC: %v", err)
		}
	}
	if t.TaxSystem != "" {
		if r, ok := sat.LookupRegimen(t.TaxSystem); !ok {
			p.Add("tax_system", "must be a c_RegimenFiscal code (for example 601)")
		} else if rfc, err := sat.ParseRFC(t.TaxID); err == nil && !rfc.Generic() && !sat.RegimenAllowed(r.Code, rfc.Fisica()) {
			p.Add("tax_system", "régimen %s does not apply to the RFC's person type", r.Code)
		}
	}
	if _, ok := CountryCode(t.Address.Country); !ok && t.Address.Country != "" {
		p.Add("address.country", "must be a c_Pais code (MEX), an alpha-2 code (MX) or a country name")
	}
	if c, ok := CountryCode(t.Address.Country); t.Zip != "" && (!ok || c == "MEX") && !digits(t.Zip, 5) {
		p.Add("address.zip", "must be a 5-digit postal code")
	}
	for _, c := range []struct{ field, v string }{{"brand.primary_color", t.Brand.PrimaryColor}, {"brand.secondary_color", t.Brand.SecondaryColor}} {
		if c.v != "" && !colorPattern.MatchString(c.v) {
			p.Add(c.field, "must be a hex colour #RRGGBB or #RGB")
		}
	}
	if t.Brand.Logo != "" && !validURL(t.Brand.Logo) {
		p.Add("brand.logo", "must be an absolute http or https URL")
	}
	if t.SupportEmail != "" && !ValidEmail(t.SupportEmail) {
		p.Add("support_email", "must be a valid e-mail address")
	}
	for i, e := range t.ContactEmails {
		if !ValidEmail(e) {
			p.Add("contact_emails["+strconv.Itoa(i)+"]", "must be a valid e-mail address")
		}
	}
	if checkMetadata(t.Metadata) != nil {
		p.Add("metadata", "must be an object of at most 8 KiB")
	}
	a, b := t.Address, t.Brand
	text := map[string]string{"legal_name": t.LegalName, "tax_id": t.TaxID, "tax_system": t.TaxSystem,
		"address.zip": t.Zip, "address.street": a.Street, "address.exterior": a.Exterior, "address.interior": a.Interior,
		"address.neighborhood": a.Neighborhood, "address.municipality": a.Municipality, "address.city": a.City,
		"address.state": a.State, "address.country": a.Country, "brand.alias": b.Alias, "brand.logo": b.Logo,
		"support_email": t.SupportEmail, "support_phone": t.SupportPhone}
	for i, e := range t.ContactEmails {
		text["contact_emails["+strconv.Itoa(i)+"]"] = e
	}
	checkText(&p, text)
	return p
}
