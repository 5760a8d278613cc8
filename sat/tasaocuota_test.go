package sat

import "testing"

func TestTasaOCuotaAllowed(t *testing.T) {
	t.Parallel()
	const tr, ret = true, false
	tests := []struct {
		impuesto, factor, value string
		traslado                bool
		want                    bool
	}{
		// IVA transfers: fixed 16 %, 8 % (border region), 0 %.
		{"002", "Tasa", "0.160000", tr, true},
		{"IVA", "Tasa", "0.160000", tr, true},
		{"002", "Tasa", "0.080000", tr, true},
		{"002", "Tasa", "0.000000", tr, true},
		{"002", "Tasa", "0.100000", tr, false},
		{"002", "Tasa", "0.16", tr, false}, // 6 decimals required
		{"002", "Tasa", "0.1600000", tr, false},
		{"002", "Tasa", ".160000", tr, false},
		{"002", "Tasa", "0,160000", tr, false},
		{"002", "Cuota", "0.160000", tr, false},
		{"002", "Exento", "0.000000", tr, false},
		// IVA retentions: 0 to 16 %.
		{"002", "Tasa", "0.106667", ret, true},
		{"002", "Tasa", "0.106666", ret, true},
		{"002", "Tasa", "0.040000", ret, true},
		{"002", "Tasa", "0.000000", ret, true},
		{"002", "Tasa", "0.160000", ret, true},
		{"002", "Tasa", "0.160001", ret, false},
		// ISR is only retained: 0 to 35 %.
		{"001", "Tasa", "0.100000", ret, true},
		{"ISR", "Tasa", "0.012500", ret, true},
		{"001", "Tasa", "0.350000", ret, true},
		{"001", "Tasa", "0.350001", ret, false},
		{"001", "Tasa", "0.100000", tr, false},
		{"001", "Cuota", "0.100000", ret, false},
		// IEPS Tasa: a fixed list, some transfer-only.
		{"003", "Tasa", "0.265000", tr, true},
		{"003", "Tasa", "0.265000", ret, true},
		{"003", "Tasa", "0.300000", tr, true},
		{"003", "Tasa", "0.530000", tr, true},
		{"003", "Tasa", "0.500000", tr, true},
		{"003", "Tasa", "1.600000", tr, true},
		{"003", "Tasa", "0.304000", tr, true},
		{"003", "Tasa", "0.250000", tr, true},
		{"003", "Tasa", "0.090000", tr, true},
		{"003", "Tasa", "0.080000", tr, true},
		{"003", "Tasa", "0.070000", tr, true},
		{"003", "Tasa", "0.060000", tr, true},
		{"003", "Tasa", "0.030000", tr, true},
		{"003", "Tasa", "0.030000", ret, false},
		{"003", "Tasa", "0.000000", tr, true},
		{"003", "Tasa", "0.000000", ret, false},
		{"003", "Tasa", "0.160000", tr, false},
		{"IEPS", "Tasa", "0.080000", tr, true},
		// IEPS Cuota: a range, per unit.
		{"003", "Cuota", "0.000000", tr, true},
		{"003", "Cuota", "6.451700", tr, true},
		{"003", "Cuota", "72.160500", ret, true},
		{"003", "Cuota", "72.160501", tr, false},
		{"003", "Cuota", "100.000000", tr, false},
		// Nonsense.
		{"004", "Tasa", "0.160000", tr, false},
		{"", "Tasa", "0.160000", tr, false},
		{"002", "", "0.160000", tr, false},
		{"002", "Tasa", "", tr, false},
		{"002", "Tasa", "-0.160000", ret, false},
		{"003", "Cuota", "99999999999999999999.000000", tr, false},
	}
	for _, tt := range tests {
		if got := TasaOCuotaAllowed(tt.impuesto, tt.factor, tt.value, tt.traslado); got != tt.want {
			t.Errorf("TasaOCuotaAllowed(%q, %q, %q, traslado %t) = %t, want %t", tt.impuesto, tt.factor, tt.value, tt.traslado, got, tt.want)
		}
	}
}

func TestTasaOCuotaAllowedAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value, date string
		want        bool
	}{
		// The IEPS Cuota range in the catalog is valid since 2026-01-01.
		{"6.451700", "2025-12-31T12:00:00", false},
		{"6.451700", "2026-01-01T00:00:00", true},
		{"6.451700", "", true},
	}
	for _, tt := range tests {
		if got := TasaOCuotaAllowedAt("003", "Cuota", tt.value, true, tt.date); got != tt.want {
			t.Errorf("TasaOCuotaAllowedAt(003, Cuota, %q, traslado, %q) = %t, want %t", tt.value, tt.date, got, tt.want)
		}
	}
}
