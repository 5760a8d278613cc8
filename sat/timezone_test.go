package sat

import (
	"testing"
	"time"
)

// TestZoneOfZip: the local time of LugarExpedicion at each zone, at the
// ranges' borders, and on both sides of the United States' daylight-saving
// changes of 2026 (8 March, 1 November), which Mexico's border keeps and the
// rest of the country no longer does.
func TestZoneOfZip(t *testing.T) {
	summer := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		zip            string
		summer, winter string // local hour:minute at those instants
	}{
		{"06600", "06:00", "06:00"}, // Mexico City: Centro
		{"20999", "06:00", "06:00"}, // Aguascalientes, below Baja California
		{"21000", "05:00", "04:00"}, // Mexicali: Noroeste, US saving
		{"22000", "05:00", "04:00"}, // Tijuana (issue 13: Fecha was 2 h ahead)
		{"22999", "05:00", "04:00"},
		{"23000", "05:00", "05:00"}, // La Paz: Pacífico
		{"24000", "06:00", "06:00"}, // Campeche
		{"32000", "06:00", "05:00"}, // Ciudad Juárez: UTC-7, US saving
		{"31000", "06:00", "06:00"}, // Chihuahua city: Centro since 2022
		{"32880", "07:00", "06:00"}, // Ojinaga: UTC-6, US saving
		{"87300", "07:00", "06:00"}, // Matamoros
		{"88000", "07:00", "06:00"}, // Nuevo Laredo
		{"64000", "06:00", "06:00"}, // Monterrey
		{"63000", "05:00", "05:00"}, // Tepic: Pacífico
		{"63735", "06:00", "06:00"}, // Nuevo Vallarta, Bahía de Banderas: Centro
		{"82000", "05:00", "05:00"}, // Mazatlán
		{"83000", "05:00", "05:00"}, // Hermosillo
		{"76999", "06:00", "06:00"}, // Querétaro
		{"77000", "07:00", "07:00"}, // Chetumal: Sureste
		{"77500", "07:00", "07:00"}, // Cancún
		{"78000", "06:00", "06:00"}, // San Luis Potosí
		{"99999", "06:00", "06:00"},
		{"", "06:00", "06:00"}, // not a postal code: Centro
		{"2200", "06:00", "06:00"},
	} {
		loc := ZoneOfZip(c.zip)
		if got := summer.In(loc).Format("15:04"); got != c.summer {
			t.Errorf("%q in July: %s, want %s (%s)", c.zip, got, c.summer, loc)
		}
		if got := winter.In(loc).Format("15:04"); got != c.winter {
			t.Errorf("%q in January: %s, want %s (%s)", c.zip, got, c.winter, loc)
		}
	}
	// Tijuana's clocks go forward at 02:00 on 8 March 2026 and back at
	// 02:00 on 1 November; Mexico City's do not move.
	tj, mx := ZoneOfZip("22000"), ZoneOfZip("06600")
	for _, c := range []struct {
		at     time.Time
		tj, mx string
	}{
		{time.Date(2026, 3, 8, 9, 59, 0, 0, time.UTC), "01:59", "03:59"},
		{time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC), "03:00", "04:00"},
		{time.Date(2026, 11, 1, 8, 59, 0, 0, time.UTC), "01:59", "02:59"},
		{time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), "01:00", "03:00"},
	} {
		if got := c.at.In(tj).Format("15:04"); got != c.tj {
			t.Errorf("Tijuana at %s: %s, want %s", c.at, got, c.tj)
		}
		if got := c.at.In(mx).Format("15:04"); got != c.mx {
			t.Errorf("Mexico City at %s: %s, want %s", c.at, got, c.mx)
		}
	}
}

// TestZoneFromCatalog: the huso columns of c_CodigoPostal name the zone.
func TestZoneFromCatalog(t *testing.T) {
	july := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		extra map[string]string
		want  string // local time in July; "" when the row does not say
	}{
		{map[string]string{"huso_descripcion": "Tiempo del Centro"}, "06:00"},
		{map[string]string{"huso_descripcion": "Tiempo del Centro", "huso_verano_mes_inicio": "Marzo"}, "07:00"},
		{map[string]string{"huso_descripcion": "Tiempo del Pacífico"}, "05:00"},
		{map[string]string{"huso_descripcion": "Tiempo del Pacífico", "huso_verano_mes_inicio": "Marzo"}, "06:00"},
		{map[string]string{"huso_descripcion": "Tiempo del Noroeste", "huso_verano_mes_inicio": "Marzo"}, "05:00"},
		{map[string]string{"huso_descripcion": "Tiempo del Sureste"}, "07:00"},
		{map[string]string{"huso_descripcion": ""}, ""},
		{nil, ""},
	} {
		loc, ok := ZoneFromCatalog(c.extra)
		if c.want == "" {
			if ok {
				t.Errorf("%v: %v, want no zone", c.extra, loc)
			}
			continue
		}
		if !ok || july.In(loc).Format("15:04") != c.want {
			t.Errorf("%v: %v %v, want %s in July", c.extra, loc, ok, c.want)
		}
	}
}
