package httpapi

import (
	"errors"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
)

// applyTeam copies the team fields present in the body onto t (API.md
// §9.9, §11.9, §11.10): the snake Team fields, the nested brand, the flat
// ConnectTeam fields and the OLD overview fields. Absent fields are
// unchanged; null clears; metadata merges.
func applyTeam(f fields, t *sello.Team) {
	f.str("legal_name", &t.LegalName)
	f.str("tax_id", &t.TaxID)
	f.str("tax_system", &t.TaxSystem)
	if a, ok := f.obj("address"); ok {
		if a == nil {
			t.Address, t.Zip = sello.TeamAddress{}, ""
		}
		af := f.sub("address", a)
		for key, dst := range map[string]*string{"street": &t.Address.Street, "exterior": &t.Address.Exterior,
			"interior": &t.Address.Interior, "neighborhood": &t.Address.Neighborhood, "municipality": &t.Address.Municipality,
			"city": &t.Address.City, "state": &t.Address.State, "zip": &t.Zip, "country": &t.Address.Country} {
			af.str(key, dst)
		}
	}
	if b, ok := f.obj("brand"); ok {
		if b == nil {
			t.Brand = sello.Brand{}
		}
		applyBrand(f.sub("brand", b), &t.Brand)
	}
	applyBrand(f, &t.Brand)
	f.str("logo_url", &t.Brand.Logo)
	f.str("support_email", &t.SupportEmail)
	f.str("support_phone", &t.SupportPhone)
	f.strs("contact_emails", &t.ContactEmails)
	f.metadata(&t.Metadata, true)
	if m, ok := f.obj("preferences"); ok {
		t.Preferences = sello.MergeMetadata(t.Preferences, m)
	}
	applyOverview(f, t)
}

func applyBrand(f fields, b *sello.Brand) {
	f.str("alias", &b.Alias)
	f.str("logo", &b.Logo)
	f.str("primary_color", &b.PrimaryColor)
	f.str("secondary_color", &b.SecondaryColor)
}

// applyOverview maps the OLD overview body: name is the alias and the legal
// name; description, industry, team size and settings go to preferences.
func applyOverview(f fields, t *sello.Team) {
	_, hasAlias := f.m["alias"]
	_, hasLegal := f.m["legal_name"]
	var name string
	if f.str("name", &name) && !hasAlias && !hasLegal {
		t.Brand.Alias, t.LegalName = name, name
	}
	f.str("country", &t.Address.Country)
	prefs := map[string]any{}
	for _, k := range []string{"description", "industry", "team_size"} {
		if v, ok := f.m[k]; ok {
			prefs[k] = v
		}
	}
	if s, ok := f.obj("settings"); ok && s != nil && f.c.route.Surface == surfaceS {
		for _, k := range []string{"currency", "timezone", "language", "fiscal_year"} {
			if v, ok := s[k]; ok {
				prefs[k] = v
			}
		}
	}
	if len(prefs) > 0 {
		t.Preferences = sello.MergeMetadata(t.Preferences, prefs)
	}
}

// memberInputs reads a members array: user id strings or objects {id, role,
// permissions}. defaultRole applies to new members without a role.
func memberInputs(f fields, key string, defaultRole sello.Role) []sello.MemberChange {
	v, ok := f.m[key]
	if !ok || v == nil {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		f.p.Add(f.name(key), "must be an array of user ids")
		return nil
	}
	var out []sello.MemberChange
	for i, e := range arr {
		field := f.name(key) + "[" + strconv.Itoa(i) + "]"
		ch := sello.MemberChange{DefaultRole: defaultRole, Field: field}
		switch x := e.(type) {
		case string:
			ch.UserID = sello.UserID(x)
		case map[string]any:
			ef := fields{c: f.c, m: x, path: joinPath(f.path, key) + "[" + strconv.Itoa(i) + "]", p: f.p}
			var id, role string
			ef.str("id", &id)
			if id == "" {
				f.p.Missing(field + ".id")
				continue
			}
			ch.UserID = sello.UserID(id)
			if ef.str("role", &role) && role != "" {
				r, ok := sello.ParseRole(role)
				if !ok {
					f.p.Add(field+".role", "must be admin, editor or viewer")
				}
				ch.Role = r
			}
			if pm, ok := ef.obj("permissions"); ok && pm != nil {
				ch.Permissions = permissionsInput(ef.sub("permissions", pm))
			}
		default:
			f.p.Add(field, "must be a user id or an object with id")
			continue
		}
		out = append(out, ch)
	}
	return out
}

func permissionsInput(f fields) *sello.Permissions {
	var p sello.Permissions
	for key, dst := range map[string]*sello.Access{"invoices": &p.Invoices, "payments": &p.Payments, "expenses": &p.Expenses, "services": &p.Services} {
		var s string
		if f.str(key, &s) && s != "" {
			switch a := sello.Access(s); a {
			case sello.AccessNone, sello.AccessView, sello.AccessEdit:
				*dst = a
			default:
				f.p.Add(f.name(key), "must be none, view or edit")
			}
		}
	}
	return &p
}

// renameTeamFields spells the domain's field paths (brand.logo,
// contact_emails[0]) the way the client sent them: flat when the body had no
// brand object (logo_url when it sent that), in the route's casing.
func renameTeamFields(c *call, err error) error {
	var e *sello.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = append([]sello.FieldError(nil), e.Fields...)
	for i := range out.Fields {
		out.Fields[i].Field = teamFieldName(c, out.Fields[i].Field)
	}
	return &out
}

func teamFieldName(c *call, f string) string {
	if strings.Contains(f, "[") && strings.HasPrefix(f, c.fieldName("members")) {
		return f // already spelled by the handler
	}
	if rest, ok := strings.CutPrefix(f, "brand."); ok {
		if _, nested := c.body["brand"]; !nested {
			f = rest
			if _, sent := c.body["logo_url"]; rest == "logo" && sent {
				f = "logo_url"
			}
		}
	}
	return c.fieldName(f)
}
