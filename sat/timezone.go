package sat

import (
	"strings"
	"time"
	_ "time/tzdata" // the zones below, whatever the host has installed
)

// The time of a CFDI's Fecha is the local time of its LugarExpedicion
// (Anexo 20, Fecha). Mexico has four zones since the 2022 law on time:
//
//	Sureste   UTC-5, no daylight saving           Quintana Roo
//	Centro    UTC-6, no daylight saving           most of the country
//	Pacífico  UTC-7, no daylight saving           Baja California Sur, Sinaloa, Nayarit, Sonora
//	Noroeste  UTC-8, the United States' saving    Baja California
//
// and the border strip of Chihuahua, Coahuila, Nuevo León and Tamaulipas
// keeps the United States' daylight saving (Ciudad Juárez on UTC-7, the
// rest on UTC-6). The SAT's c_CodigoPostal says each code's zone exactly
// (ZoneFromCatalog); without it, ZoneOfZip knows the zones by postal code
// range: each state by its codes' first two digits, and the border cities
// and Bahía de Banderas (Nayarit on Centro time) by their ranges.

// zipZone is a range of postal codes, inclusive, in one zone.
type zipZone struct {
	from, to string
	zone     string
}

// zipZones are the ranges that are not Centro time, narrowest first: the
// first range holding a code gives its zone.
var zipZones = []zipZone{
	{"32000", "32699", "America/Ciudad_Juarez"},  // Ciudad Juárez: UTC-7, US saving
	{"32880", "32889", "America/Ojinaga"},        // Ojinaga: UTC-6, US saving
	{"26000", "26099", "America/Matamoros"},      // Piedras Negras
	{"26200", "26299", "America/Matamoros"},      // Ciudad Acuña
	{"87300", "87499", "America/Matamoros"},      // Matamoros
	{"88000", "88299", "America/Matamoros"},      // Nuevo Laredo
	{"88500", "88799", "America/Matamoros"},      // Reynosa
	{"88900", "88999", "America/Matamoros"},      // Río Bravo
	{"63700", "63739", "America/Bahia_Banderas"}, // Bahía de Banderas: Centro time
	{"21000", "22999", "America/Tijuana"},        // Baja California: Noroeste
	{"23000", "23999", "America/Mazatlan"},       // Baja California Sur: Pacífico
	{"63000", "63999", "America/Mazatlan"},       // Nayarit: Pacífico
	{"80000", "82999", "America/Mazatlan"},       // Sinaloa: Pacífico
	{"83000", "85999", "America/Hermosillo"},     // Sonora: Pacífico
	{"77000", "77999", "America/Cancun"},         // Quintana Roo: Sureste
}

// centro is the zone of every other code.
const centro = "America/Mexico_City"

// zones are the loaded zones, by name: Centro's and every range's, which
// hold every zone ZoneFromCatalog names.
var zones = func() map[string]*time.Location {
	m := map[string]*time.Location{}
	load := func(name string) {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic("sat: time zone " + name + ": " + err.Error()) // embedded by time/tzdata
		}
		m[name] = loc
	}
	load(centro)
	for _, z := range zipZones {
		load(z.zone)
	}
	return m
}()

// ZoneOfZip returns the time zone of a Mexican postal code by the built-in
// ranges (Centro time for any code they do not name, and for anything that
// is not a postal code).
func ZoneOfZip(zip string) *time.Location {
	if ValidCodigoPostalShape(zip) {
		for _, z := range zipZones {
			if zip >= z.from && zip <= z.to {
				return zones[z.zone]
			}
		}
	}
	return zones[centro]
}

// ZoneFromCatalog returns the zone an imported c_CodigoPostal row gives,
// from its huso columns (huso_descripcion "Tiempo del Centro", "… del
// Pacífico", "… del Noroeste", "… del Sureste"; a daylight-saving start
// month in huso_verano_mes_inicio for the zones that keep it), or false
// when the row does not say.
func ZoneFromCatalog(extra map[string]string) (*time.Location, bool) {
	huso := strings.ToLower(extra["huso_descripcion"])
	saving := strings.TrimSpace(extra["huso_verano_mes_inicio"]) != ""
	var name string
	switch {
	case strings.Contains(huso, "noroeste"):
		name = "America/Tijuana"
	case strings.Contains(huso, "sureste"):
		name = "America/Cancun"
	case strings.Contains(huso, "pac") && saving:
		name = "America/Ciudad_Juarez"
	case strings.Contains(huso, "pac"):
		name = "America/Mazatlan"
	case strings.Contains(huso, "centro") && saving:
		name = "America/Matamoros"
	case strings.Contains(huso, "centro"):
		name = centro
	default:
		return nil, false
	}
	return zones[name], true
}
