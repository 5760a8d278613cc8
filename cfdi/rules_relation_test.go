package cfdi

import "testing"

// TestRelationProblem checks every pair of the guía's table: each
// TipoRelacion, each type of the document issued and of the one related.
func TestRelationProblem(t *testing.T) {
	allowed := map[string]func(tipo, related string) bool{
		"01": func(_, r string) bool { return r == "I" || r == "E" },
		"02": func(_, r string) bool { return r == "I" || r == "E" },
		"03": func(_, r string) bool { return r == "I" || r == "T" },
		"04": func(t, r string) bool {
			if t == "I" || t == "E" {
				return r == "I" || r == "E"
			}
			return r == t
		},
		"05": func(t, r string) bool { return t == "T" && (r == "I" || r == "E") },
		"06": func(t, r string) bool { return (t == "I" || t == "E") && r == "T" },
		"07": func(t, r string) bool { return (t == "I" || t == "E") && (r == "I" || r == "E") },
	}
	types := []string{"I", "E", "T", "P", "N"}
	for rel, ok := range allowed {
		for _, tipo := range types {
			for _, related := range types {
				got := RelationProblem(rel, tipo, related)
				if (got == "") != ok(tipo, related) {
					t.Errorf("RelationProblem(%s, %s relating %s) = %q, want allowed %v", rel, tipo, related, got, ok(tipo, related))
				}
			}
		}
	}
	// The three cases.
	for _, c := range [][3]string{{"01", "E", "P"}, {"03", "E", "E"}, {"07", "I", "P"}} {
		if RelationProblem(c[0], c[1], c[2]) == "" {
			t.Errorf("%s relating %s with %s was allowed", c[1], c[2], c[0])
		}
	}
}
