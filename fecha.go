package sello

import (
	"time"

	"github.com/sello-mx/sello/sat"
)

// mexico is Mexico City's time zone (Centro): the time of the SAT's own
// stamps (FechaTimbrado) and of receipts' periods.
var mexico = sat.ZoneOfZip("06600")

// fechaLayout is how CFDI write Fecha: local time, no offset.
const fechaLayout = "2006-01-02T15:04:05"

// fechaIn writes t as a CFDI Fecha in the time zone of its LugarExpedicion.
func fechaIn(t time.Time, zone *time.Location) string { return t.In(zone).Format(fechaLayout) }

// fecha writes t as a date in Mexico City time (a payment's FechaPago).
func fecha(t time.Time) string { return fechaIn(t, mexico) }
