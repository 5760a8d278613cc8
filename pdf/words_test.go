package pdf_test

import (
	"testing"

	"github.com/sello-mx/sello/pdf"
)

func TestAmountInWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount, currency, want string
	}{
		{"0", "MXN", "CERO PESOS 00/100 M.N."},
		{"0.00", "MXN", "CERO PESOS 00/100 M.N."},
		{"1", "MXN", "UN PESO 00/100 M.N."},
		{"1.50", "MXN", "UN PESO 50/100 M.N."},
		{"2", "MXN", "DOS PESOS 00/100 M.N."},
		{"15", "MXN", "QUINCE PESOS 00/100 M.N."},
		{"16", "MXN", "DIECISÉIS PESOS 00/100 M.N."},
		{"20", "MXN", "VEINTE PESOS 00/100 M.N."},
		{"21", "MXN", "VEINTIÚN PESOS 00/100 M.N."},
		{"22", "MXN", "VEINTIDÓS PESOS 00/100 M.N."},
		{"30", "MXN", "TREINTA PESOS 00/100 M.N."},
		{"31", "MXN", "TREINTA Y UN PESOS 00/100 M.N."},
		{"99", "MXN", "NOVENTA Y NUEVE PESOS 00/100 M.N."},
		{"100", "MXN", "CIEN PESOS 00/100 M.N."},
		{"101", "MXN", "CIENTO UN PESOS 00/100 M.N."},
		{"115", "MXN", "CIENTO QUINCE PESOS 00/100 M.N."},
		{"200", "MXN", "DOSCIENTOS PESOS 00/100 M.N."},
		{"500", "MXN", "QUINIENTOS PESOS 00/100 M.N."},
		{"999", "MXN", "NOVECIENTOS NOVENTA Y NUEVE PESOS 00/100 M.N."},
		{"1000", "MXN", "MIL PESOS 00/100 M.N."},
		{"1001", "MXN", "MIL UN PESOS 00/100 M.N."},
		{"1160.00", "MXN", "MIL CIENTO SESENTA PESOS 00/100 M.N."},
		{"2000", "MXN", "DOS MIL PESOS 00/100 M.N."},
		{"21000", "MXN", "VEINTIÚN MIL PESOS 00/100 M.N."},
		{"100000", "MXN", "CIEN MIL PESOS 00/100 M.N."},
		{"101000", "MXN", "CIENTO UN MIL PESOS 00/100 M.N."},
		{"1000000", "MXN", "UN MILLÓN DE PESOS 00/100 M.N."},
		{"1000000.01", "MXN", "UN MILLÓN DE PESOS 01/100 M.N."},
		{"1000001", "MXN", "UN MILLÓN UN PESOS 00/100 M.N."},
		{"2000000", "MXN", "DOS MILLONES DE PESOS 00/100 M.N."},
		{"1001001.99", "MXN", "UN MILLÓN MIL UN PESOS 99/100 M.N."},
		{"21000000", "MXN", "VEINTIÚN MILLONES DE PESOS 00/100 M.N."},
		{"1000000000", "MXN", "MIL MILLONES DE PESOS 00/100 M.N."},
		{"1000000000000", "MXN", ""},
		{"999999999999.99", "MXN", "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE MILLONES " +
			"NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE PESOS 99/100 M.N."},
		{"123456789012.34", "MXN", "CIENTO VEINTITRÉS MIL CUATROCIENTOS CINCUENTA Y SEIS MILLONES " +
			"SETECIENTOS OCHENTA Y NUEVE MIL DOCE PESOS 34/100 M.N."},
		{"999999999999.995", "MXN", ""}, // rounds up to one trillion
		{"10.005", "MXN", "DIEZ PESOS 01/100 M.N."},
		{"10.004", "MXN", "DIEZ PESOS 00/100 M.N."},
		{"0.999", "MXN", "UN PESO 00/100 M.N."},
		{" 7.1 ", "MXN", "SIETE PESOS 10/100 M.N."},
		{"1", "USD", "UN DÓLAR 00/100 USD"},
		{"100", "USD", "CIEN DÓLARES 00/100 USD"},
		{"1160.5", "USD", "MIL CIENTO SESENTA DÓLARES 50/100 USD"},
		{"3000000", "EUR", "TRES MILLONES DE EUROS 00/100 EUR"},
		{"1500", "JPY", "MIL QUINIENTOS YENES JPY"},
		{"21", "CHF", "VEINTIUNO 00/100 CHF"},
		{"0", "XXX", "CERO XXX"},
		{"12.3456", "CLF", "DOCE 3456/10000 CLF"},
		{"-1", "MXN", ""},
		{"+1", "MXN", ""},
		{"1e3", "MXN", ""},
		{"1e999999999", "MXN", ""},
		{"1.2.3", "MXN", ""},
		{".", "MXN", ""},
		{".5", "MXN", "CERO PESOS 50/100 M.N."},
		{"abc", "MXN", ""},
		{"1", "ZZZ", ""},
		{"1", "", ""},
		{"1", "mxn", ""},
		{"", "MXN", ""},
	}
	for _, tt := range tests {
		got, err := pdf.AmountInWords(tt.amount, tt.currency)
		if tt.want == "" {
			if err == nil {
				t.Errorf("AmountInWords(%q, %q) = %q, want an error", tt.amount, tt.currency, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("AmountInWords(%q, %q) = %q, %v, want %q", tt.amount, tt.currency, got, err, tt.want)
		}
	}
}
