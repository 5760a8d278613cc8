package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestClientFiscalValidation sends RFC, régimen and uso combinations
// through POST /v2/clients and checks the status and the per-field details.
func TestClientFiscalValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tests := []struct {
		name               string
		taxID, system, use string
		status             int
		details            []string // substrings, each expected in some detail
	}{
		// Valid personas morales (12 characters).
		{"moral EKU", "EKU9003173C9", "601", "G03", 201, nil},
		{"moral IIA", "IIA040805DZ4", "601", "G01", 201, nil},
		{"moral URE", "URE180429TM6", "603", "G03", 201, nil},
		{"moral ampersand", "H&E951128469", "601", "G03", 201, nil},
		{"moral Ñ", "ÑAÑ0303235Z6", "601", "G03", 201, nil},
		{"moral Ñ middle", "OÑO120726RX3", "626", "G03", 201, nil},
		{"moral MAS", "MAS0810247C0", "601", "I01", 201, nil},
		{"moral IVD", "IVD920810GU2", "620", "G03", 201, nil},
		{"moral lower case", "eku9003173c9", "601", "G03", 201, nil},
		{"moral with hyphens", "EKU-900317-3C9", "601", "G03", 201, nil},
		// Valid personas físicas (13 characters).
		{"física CACX", "CACX7605101P8", "612", "G03", 201, nil},
		{"física FUNK", "FUNK671228PH6", "605", "S01", 201, nil},
		{"física XOJI", "XOJI740919U48", "606", "G03", 201, nil},
		{"física MISC", "MISC491214B86", "612", "D01", 201, nil},
		{"física KAHO", "KAHO641101B39", "625", "G03", 201, nil},
		{"física CUSC", "CUSC850516316", "626", "G03", 201, nil},
		{"física WATM", "WATM640917J45", "621", "G03", 201, nil},
		{"física JUFA", "JUFA7608212V6", "605", "CN01", 201, nil},
		{"física leap day", "GOMJ800229AB0", "612", "G03", 201, nil},
		{"física use P01 stored as S01", "CACX7605101P8", "612", "P01", 201, nil},
		// Generic RFCs.
		{"público en general", "XAXX010101000", "616", "S01", 201, nil},
		{"extranjero", "XEXX010101000", "616", "S01", 201, nil},
		{"público en general G03", "XAXX010101000", "616", "G03", 400, []string{"use: CFDI40161: uso G03 is not allowed with régimen 616"}},
		// Bad RFCs.
		{"bad check digit moral", "EKU9003173C8", "601", "G03", 400, []string{"tax_id: CFDI40143: is not a valid RFC: the check digit is wrong"}},
		{"bad check digit física", "CACX7605101P9", "612", "G03", 400, []string{"tax_id: CFDI40143: is not a valid RFC: the check digit is wrong"}},
		{"bad check digit Ñ", "ÑAÑ0303235Z2", "601", "G03", 400, []string{"check digit is wrong"}},
		{"bad month", "EKU9013173C9", "601", "G03", 400, []string{"tax_id: CFDI40143: is not a valid RFC: the date part must be a real date", "month 13"}},
		{"bad day", "EKU9002303C9", "601", "G03", 400, []string{"day 30 of month 02"}},
		{"not a leap year", "GOMJ810229AB0", "612", "G03", 400, []string{"day 29 of month 02"}},
		{"letters in date", "EKU90A3173C9", "601", "G03", 400, []string{"the date part must be a real date"}},
		{"too short", "EKU900317", "601", "G03", 400, []string{"tax_id: CFDI40143: is not a valid RFC: an RFC has 12 characters"}},
		{"too long", "CACX7605101P8X", "612", "G03", 400, []string{"an RFC has 12 characters"}},
		{"digit in name", "EK19003173C9", "601", "G03", 400, []string{"the name part must be"}},
		{"bad homoclave", "EKU900317_3C9", "601", "G03", 400, []string{"tax_id: CFDI40143: is not a valid RFC"}},
		{"generic with other digits", "XAXX010101001", "616", "S01", 400, []string{"tax_id: CFDI40143: is not a valid RFC"}},
		// Régimen for the persona type.
		{"moral with física régimen", "EKU9003173C9", "612", "G03", 400, []string{"tax_system: CFDI40158: régimen 612", "does not apply to a persona moral"}},
		{"física with moral régimen", "CACX7605101P8", "601", "G03", 400, []string{"does not apply to a persona física"}},
		{"unknown régimen", "EKU9003173C9", "999", "G03", 400, []string{"tax_system: CFDI40157: must be a c_RegimenFiscal code"}},
		{"régimen 628 absent from catalog", "EKU9003173C9", "628", "G03", 400, []string{"tax_system: CFDI40157: must be a c_RegimenFiscal code"}},
		// Uso for the régimen and persona.
		{"D01 for a moral", "EKU9003173C9", "601", "D01", 400, []string{"use: CFDI40161: uso D01 is not allowed with régimen 601 for a persona moral"}},
		{"G03 with sueldos", "FUNK671228PH6", "605", "G03", 400, []string{"use: CFDI40161: uso G03 is not allowed with régimen 605 for a persona física"}},
		{"unknown uso", "EKU9003173C9", "601", "Z99", 400, []string{"use: CFDI40160: must be a c_UsoCFDI code"}},
		{"several problems at once", "EKU9003173C8", "999", "Z99", 400, []string{"tax_id:", "tax_system:", "use:"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := fmt.Sprintf(`{"name":"Cliente %d","tax_id":%q,"tax_system":%q,"use":%q,"zip":"06600"}`, i, tt.taxID, tt.system, tt.use)
			resp, out := e.do(t, "POST", "/v2/clients", bearer(e.test), body)
			if resp.StatusCode != tt.status {
				t.Fatalf("POST /v2/clients %s = %d, want %d: %v", body, resp.StatusCode, tt.status, out)
			}
			if tt.status != http.StatusCreated {
				details := fmt.Sprint(lookup(out, "error.details"))
				for _, want := range tt.details {
					if !strings.Contains(details, want) {
						t.Errorf("POST /v2/clients %s: details %s, want one containing %q", body, details, want)
					}
				}
				return
			}
			if tt.use == "P01" && lookup(out, "data.use") != "S01" {
				t.Errorf("use P01 stored as %v, want S01", lookup(out, "data.use"))
			}
			want := strings.ToUpper(strings.ReplaceAll(tt.taxID, "-", ""))
			if got := lookup(out, "data.tax_id"); got != want {
				t.Errorf("tax_id = %v, want %s", got, want)
			}
		})
	}
}
