// Package portal serves Sello's public, server-rendered pages: the pages
// behind the signed links the API hands out (API.md §2.1). They are in
// Spanish, work on a phone without script, and check input with the same
// rules as the API, because they call the same Service.
package portal

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/sello-mx/sello"
)

//go:embed *.html
var files embed.FS

// Pages is the handler of the public pages. Build it with New.
type Pages struct {
	svc  *sello.Service
	log  *slog.Logger
	tmpl *template.Template
}

// New returns the public pages over svc, logging failures to logger.
func New(svc *sello.Service, logger *slog.Logger) *Pages {
	t := template.Must(template.New("").Funcs(template.FuncMap{"field": newField, "afField": newSelfInvoiceField}).ParseFS(files, "*.html"))
	return &Pages{svc: svc, log: logger, tmpl: t}
}

// Register adds the pages' routes to mux.
func (p *Pages) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /onboarding/{token}", p.onboarding)
	mux.HandleFunc("POST /onboarding/{token}", p.submitOnboarding)
	mux.HandleFunc("GET /autofactura", p.selfInvoice)
	mux.HandleFunc("POST /autofactura", p.submitSelfInvoice)
	mux.HandleFunc("GET /portal/{token}", p.customerPortal)
	mux.HandleFunc("GET /pay/{token}", p.pay)
}

// render writes a page with the given status, as UTF-8 HTML. A template
// failure becomes a plain 500 page; it never shows internals.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, data any) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, "page", data); err != nil {
		p.log.Error("render page", "path", r.URL.Path, "error", err.Error())
		status, buf = http.StatusInternalServerError, bytes.Buffer{}
		buf.WriteString(`<!doctype html><html lang="es"><meta charset="utf-8"><title>Error</title><p>Algo salió mal. Intenta de nuevo más tarde.</p></html>`)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; form-action 'self'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// field is one form input as the "input" template draws it.
type field struct {
	Name, Label, Type, Hint, Auto, Value, Err string
}

func newField(pg *onboardingPage, name, label, typ, hint, auto string) field {
	return field{Name: name, Label: label, Type: typ, Hint: hint, Auto: auto, Value: pg.Form[name], Err: pg.Errors[name]}
}
