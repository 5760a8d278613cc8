package portal

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/sat"
)

// maxPart is the largest uploaded file accepted, as on the API (§11.9).
const maxPart = 256 << 10

// onboardingPage is the data of the onboarding template.
type onboardingPage struct {
	Title    string
	Color    string
	Gone     bool
	NotFound bool
	Team     struct{ Name, Logo string }
	Ready    bool
	Live     bool
	// The connected certificate, when Ready.
	CertNumber, CertRFC, CertExpires string
	Errors                           map[string]string // by input name; "" is a general error
	Form                             map[string]string
	Regimes                          []sat.Entry
}

// Error returns the error of an input, if any.
func (pg *onboardingPage) Error(name string) string { return pg.Errors[name] }

const defaultColor = "#1f6feb"

// open checks the token and loads the page's data, or writes the 404/410
// page and returns nil.
func (p *Pages) open(w http.ResponseWriter, r *http.Request) (*sello.Onboarding, *sello.TeamState, *onboardingPage) {
	pg := &onboardingPage{Title: "Configura tu facturación", Color: defaultColor, Errors: map[string]string{}, Form: map[string]string{}}
	o, team, err := p.svc.OpenOnboarding(r.Context(), r.PathValue("token"))
	if err != nil {
		switch {
		case errors.Is(err, sello.ErrLinkExpired):
			pg.Title, pg.Gone = "Enlace expirado", true
			p.render(w, r, http.StatusGone, pg)
		case sello.ErrorCode(err) == sello.NotFound:
			pg.Title, pg.NotFound = "Enlace no válido", true
			p.render(w, r, http.StatusNotFound, pg)
		default:
			p.fail(w, r, pg, err)
		}
		return nil, nil, nil
	}
	st, err := p.svc.TeamState(r.Context(), team, o.Livemode)
	if err != nil {
		p.fail(w, r, pg, err)
		return nil, nil, nil
	}
	p.fill(pg, st)
	return o, st, pg
}

// fail logs an unexpected error and answers a plain 500 page.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, pg *onboardingPage, err error) {
	p.log.Error("onboarding page", "error", err.Error())
	pg.Title, pg.NotFound = "Algo salió mal", false
	pg.Errors = map[string]string{"": "No pudimos cargar esta página. Intenta de nuevo más tarde."}
	p.render(w, r, http.StatusInternalServerError, pg)
}

// fill sets the page's team, form values and status from the team's state.
func (p *Pages) fill(pg *onboardingPage, st *sello.TeamState) {
	t := st.Team
	pg.Team.Name, pg.Team.Logo = t.Name, t.Brand.Logo
	if pg.Team.Name == "" {
		pg.Team.Name = "tu equipo"
	}
	if t.Brand.PrimaryColor != "" {
		pg.Color = expandColor(t.Brand.PrimaryColor)
	}
	pg.Live = st.Livemode
	pg.Form = map[string]string{"legal_name": t.LegalName, "tax_id": t.TaxID, "tax_system": t.TaxSystem, "zip": t.Zip,
		"logo": t.Brand.Logo, "primary_color": pg.Color}
	pg.Regimes = nil
	for _, e := range sat.Entries(sat.RegimenFiscal) {
		pg.Regimes = append(pg.Regimes, e)
	}
	pg.Ready = st.SetupComplete()
	if c := st.CSD; c != nil {
		pg.CertNumber, pg.CertRFC, pg.CertExpires = c.NoCertificado, c.RFC, fechaLarga(c.NotAfter)
	}
}

// expandColor turns #RGB into #RRGGBB, which <input type=color> requires.
func expandColor(c string) string {
	if len(c) == 4 {
		return "#" + string([]byte{c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	return strings.ToLower(c)
}

var meses = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// fechaLarga writes a date the Spanish way: "18 de mayo de 2027".
func fechaLarga(t time.Time) string {
	t = t.UTC()
	return t.Format("2") + " de " + meses[t.Month()-1] + " de " + t.Format("2006")
}

// onboarding answers GET /onboarding/{token}.
func (p *Pages) onboarding(w http.ResponseWriter, r *http.Request) {
	if _, _, pg := p.open(w, r); pg != nil {
		p.render(w, r, http.StatusOK, pg)
	}
}

// submitOnboarding answers POST /onboarding/{token}: the fiscal data, the
// brand and, optionally once a CSD is connected, the CSD files. On success
// it redirects to the page, which then shows the team as ready.
func (p *Pages) submitOnboarding(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
	o, st, pg := p.open(w, r)
	if pg == nil {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		pg.Errors[""] = "No pudimos leer el formulario. Revisa que cada archivo pese menos de 256 KiB."
		p.render(w, r, http.StatusBadRequest, pg)
		return
	}
	form := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	for _, k := range []string{"legal_name", "tax_id", "tax_system", "zip", "logo", "primary_color"} {
		pg.Form[k] = form(k)
	}
	t := *st.Team
	t.LegalName, t.TaxID, t.TaxSystem, t.Zip = form("legal_name"), form("tax_id"), form("tax_system"), form("zip")
	t.Brand.Logo, t.Brand.PrimaryColor = form("logo"), form("primary_color")
	for k, msg := range map[string]string{"legal_name": "Escribe tu razón social.", "tax_id": "Escribe tu RFC.",
		"tax_system": "Elige tu régimen fiscal.", "zip": "Escribe tu código postal."} {
		if pg.Form[k] == "" {
			pg.Errors[k] = msg
		}
	}
	probe := t
	sello.NormalizeTeam(&probe)
	for _, f := range sello.CheckTeamProfile(&probe) {
		if name, msg := profileMessage(f.Field); name != "" && pg.Errors[name] == "" {
			pg.Errors[name] = msg
		}
	}
	up, hasFiles := p.files(r, pg, st.CSD == nil)
	if len(pg.Errors) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, pg)
		return
	}
	auth := &sello.Auth{Team: st.Team, Livemode: o.Livemode}
	if _, err := p.svc.UpdateTeam(r.Context(), auth, &t); err != nil {
		p.explain(w, r, pg, err, up)
		return
	}
	if hasFiles {
		if _, err := p.svc.ConnectCSD(r.Context(), &t, o.Livemode, up); err != nil {
			p.explain(w, r, pg, err, up)
			return
		}
	}
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
}

// files reads the CSD parts. They are required when no CSD is connected yet.
func (p *Pages) files(r *http.Request, pg *onboardingPage, required bool) (sello.CSDUpload, bool) {
	var up sello.CSDUpload
	read := func(name, missing string) []byte {
		f, _, err := r.FormFile(name)
		if err != nil {
			if required {
				pg.Errors[name] = missing
			}
			return nil
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPart+1))
		switch {
		case err != nil:
			pg.Errors[name] = "No pudimos leer el archivo."
		case len(b) > maxPart:
			pg.Errors[name] = "El archivo pesa más de 256 KiB."
		case len(b) == 0 && required:
			pg.Errors[name] = missing
		}
		return b
	}
	up.Cer = read("cer", "Sube tu certificado (.cer).")
	up.Key = read("key", "Sube tu llave privada (.key).")
	up.Password = []byte(r.FormValue("keyPass"))
	has := len(up.Cer) > 0 || len(up.Key) > 0
	if has && len(up.Cer) == 0 && pg.Errors["cer"] == "" {
		pg.Errors["cer"] = "Sube tu certificado (.cer)."
	}
	if has && len(up.Key) == 0 && pg.Errors["key"] == "" {
		pg.Errors["key"] = "Sube tu llave privada (.key)."
	}
	if (has || required) && len(up.Password) == 0 {
		pg.Errors["keyPass"] = "Escribe la contraseña de tu llave privada."
	}
	return up, has
}

// profileMessage is the Spanish message of a team field problem and the
// input it belongs to.
func profileMessage(field string) (string, string) {
	switch field {
	case "legal_name":
		return "legal_name", "Escribe tu razón social."
	case "tax_id":
		return "tax_id", "El RFC no es válido: revisa que tenga 12 o 13 caracteres y su dígito verificador."
	case "tax_system":
		return "tax_system", "Este régimen no corresponde a tu RFC (persona física o moral)."
	case "address.zip":
		return "zip", "Escribe un código postal de 5 dígitos."
	case "brand.logo":
		return "logo", "Escribe una dirección completa que empiece con https://."
	case "brand.primary_color":
		return "primary_color", "Elige un color."
	}
	return "", ""
}

// explain shows a refusal of the Service next to the inputs it names.
func (p *Pages) explain(w http.ResponseWriter, r *http.Request, pg *onboardingPage, err error, up sello.CSDUpload) {
	var e *sello.Error
	if !errors.As(err, &e) || (e.Code != sello.Invalid && e.Code != sello.Rejected && e.Code != sello.InvalidFile) {
		p.log.Error("onboarding submit", "error", err.Error())
		pg.Errors[""] = "No pudimos guardar tus datos. Intenta de nuevo más tarde."
		p.render(w, r, http.StatusInternalServerError, pg)
		return
	}
	if name, msg := csdMessage(err, up, pg.Form["tax_id"]); name != "" {
		pg.Errors[name] = msg
	} else {
		for _, f := range e.Fields {
			name, msg := profileMessage(f.Field)
			if f.Field == "tax_id" && e.Code == sello.Rejected {
				msg = "Ya tienes un certificado de otro RFC. Sube primero el certificado del RFC nuevo."
			}
			if name == "" {
				name, msg = "", "No pudimos guardar tus datos: revisa el formulario."
			}
			pg.Errors[name] = msg
		}
	}
	if len(pg.Errors) == 0 {
		pg.Errors[""] = "No pudimos guardar tus datos: revisa el formulario."
	}
	p.render(w, r, http.StatusUnprocessableEntity, pg)
}

// csdMessage is the Spanish message of a refused CSD upload and its input.
func csdMessage(err error, up sello.CSDUpload, rfc string) (string, string) {
	switch {
	case errors.Is(err, csd.ErrNotACertificate):
		return "cer", "Este archivo no es un certificado del SAT (.cer)."
	case errors.Is(err, csd.ErrNotAKey):
		return "key", "Este archivo no es una llave privada (.key)."
	case errors.Is(err, csd.ErrWrongPassword):
		return "keyPass", "La contraseña no abre la llave privada."
	case errors.Is(err, csd.ErrKeyMismatch):
		return "key", "La llave privada no corresponde al certificado."
	case errors.Is(err, csd.ErrNotCSD):
		return "cer", "Este certificado es de e.firma (FIEL). Sube tu Certificado de Sello Digital (CSD)."
	case errors.Is(err, csd.ErrNotYetValid):
		return "cer", "Este certificado todavía no es válido."
	case errors.Is(err, csd.ErrExpired):
		if c, perr := csd.ParseCertificate(up.Cer); perr == nil {
			return "cer", "Este certificado venció el " + fechaLarga(c.NotAfter) + "."
		}
		return "cer", "Este certificado ya venció."
	case errors.Is(err, csd.ErrRFCMismatch):
		if c, perr := csd.ParseCertificate(up.Cer); perr == nil {
			return "cer", "Este certificado es del RFC " + c.RFC + ", no del RFC de tu equipo (" + strings.ToUpper(rfc) + ")."
		}
		return "cer", "Este certificado es de otro RFC."
	}
	return "", ""
}
