package sat

import "testing"

func TestNormalizeLegalName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		keepSuffix bool
		want       string
	}{
		{"ESCUELA KEMPER URGATE SA DE CV", false, "ESCUELA KEMPER URGATE"},
		{"ESCUELA KEMPER URGATE SA DE CV", true, "ESCUELA KEMPER URGATE SA DE CV"},
		{"  escuela   kemper urgate,  s.a. de c.v. ", false, "ESCUELA KEMPER URGATE"},
		{"escuela kemper urgate, s.a. de c.v.", true, "ESCUELA KEMPER URGATE, S.A. DE C.V."},
		{"Escuela Kemper Urgate S. A. de C. V.", false, "ESCUELA KEMPER URGATE"},
		{"HERRERIA & ELECTRICOS S DE CV", false, "HERRERIA & ELECTRICOS"},
		{"XENON INDUSTRIAL ARTICLES S DE CV", false, "XENON INDUSTRIAL ARTICLES"},
		{"Grupo Ejemplo S de RL de CV", false, "GRUPO EJEMPLO"},
		{"Grupo Ejemplo, S. de R.L. de C.V.", false, "GRUPO EJEMPLO"},
		{"Fintech Ejemplo SAPI de CV", false, "FINTECH EJEMPLO"},
		{"Fintech Ejemplo, S.A.P.I. de C.V.", false, "FINTECH EJEMPLO"},
		{"Bolsa Ejemplo SAB de CV", false, "BOLSA EJEMPLO"},
		{"Despacho Contable SC", false, "DESPACHO CONTABLE"},
		{"Fundación Ejemplo A.C.", false, "FUNDACIÓN EJEMPLO"},
		{"Fundación Ejemplo Asociación Civil", false, "FUNDACIÓN EJEMPLO"},
		{"Comercial Ejemplo Sociedad Anónima de Capital Variable", false, "COMERCIAL EJEMPLO"},
		{"Tienda Ejemplo SAS de CV", false, "TIENDA EJEMPLO"},
		{"Tienda Ejemplo S.A.", false, "TIENDA EJEMPLO"},
		{"Productores Ejemplo SPR de RL", false, "PRODUCTORES EJEMPLO"},
		{"INDISTRIA ILUMINADORA DE ALMACENES SA DE CV", false, "INDISTRIA ILUMINADORA DE ALMACENES"},
		// Names of personas físicas and names without a suffix stay as they are.
		{"Berenice Ximo Quezada", false, "BERENICE XIMO QUEZADA"},
		{"Karla Fuente Nolasco", false, "KARLA FUENTE NOLASCO"},
		{"publico en general", false, "PUBLICO EN GENERAL"},
		{"CASA DE LA SALSA", false, "CASA DE LA SALSA"},
		{"MUEBLES LA MESA", false, "MUEBLES LA MESA"},
		{"J.P. MORGAN", false, "J.P. MORGAN"},
		// A name is never stripped to nothing.
		{"SA", false, "SA"},
		{"SA DE CV", false, "SA DE CV"},
		{"Ejemplo , S.A. de C.V.", false, "EJEMPLO"},
		{"", false, ""},
		{"   ", false, ""},
	}
	for _, tt := range tests {
		if got := NormalizeLegalName(tt.in, tt.keepSuffix); got != tt.want {
			t.Errorf("NormalizeLegalName(%q, %t) = %q, want %q", tt.in, tt.keepSuffix, got, tt.want)
		}
	}
}
