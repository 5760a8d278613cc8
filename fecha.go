package sello

import "time"

// mexico is the time zone of Fecha (LugarExpedicion in Mexico).
var mexico = func() *time.Location {
	loc, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return time.FixedZone("CST", -6*3600)
	}
	return loc
}()

// fechaLayout is how CFDI write Fecha: Mexico City time, no offset.
const fechaLayout = "2006-01-02T15:04:05"

// fecha writes t as a CFDI Fecha.
func fecha(t time.Time) string { return t.In(mexico).Format(fechaLayout) }
