package sat

import "strings"

// companySuffixes are the company-type suffixes NormalizeLegalName strips,
// written without dots, commas or spaces (so "S.A. de C.V.", "SA DE CV" and
// "S. A. DE C. V." all match "SADECV"). Longer forms come first.
var companySuffixes = []string{
	"SOCIEDADANONIMADECAPITALVARIABLE",
	"SOCIEDADDERESPONSABILIDADLIMITADADECAPITALVARIABLE",
	"SOCIEDADCIVIL",
	"ASOCIACIONCIVIL",
	"SAPIDECV", "SAPIBDECV", "SABDECV", "SADECV", "SDERLDECV", "SDERLMI", "SDERL",
	"SCDERLDECV", "SCDERL", "SCDECV", "SCPDERLDECV", "SCDEPDERLDECV", "SPRDERLDECV", "SPRDERL",
	"SPRDERI", "SASDECV", "SDECV", "SAPI", "SAB", "SAS", "SCP", "SCL", "IAP", "ABP",
	"SA", "SC", "AC",
}

// maxSuffixWords is the most words a suffix spans ("S. A. P. I. DE C. V.").
const maxSuffixWords = 10

// NormalizeLegalName returns a legal name the way the SAT registry writes it:
// upper case, single spaces, no surrounding spaces. Unless keepSuffix is set,
// it also removes a trailing company-type suffix ("SA DE CV",
// "S.A. DE C.V.", "S DE RL DE CV", "SAPI DE CV", "SC", "AC"…) and the comma
// before it: CFDI 4.0 wants Emisor and Receptor Nombre without it (CFDI40139,
// CFDI40145), while the CSD certificate's subject keeps it. Accents are kept.
func NormalizeLegalName(name string, keepSuffix bool) string {
	words := strings.Fields(strings.ToUpper(name))
	if !keepSuffix {
		words = stripSuffix(words)
	}
	return strings.Join(words, " ")
}

// stripSuffix removes the longest run of trailing words that spells a
// company-type suffix, keeping at least one word of the name.
func stripSuffix(words []string) []string {
	for k := min(maxSuffixWords, len(words)-1); k >= 1; k-- {
		var b strings.Builder
		for _, w := range words[len(words)-k:] {
			b.WriteString(suffixKey(w))
		}
		key := b.String()
		for _, s := range companySuffixes {
			if key == s {
				rest := words[:len(words)-k]
				last := strings.TrimRight(rest[len(rest)-1], ",")
				if last == "" {
					return rest[:len(rest)-1]
				}
				return append(rest[:len(rest)-1:len(rest)-1], last)
			}
		}
	}
	return words
}

// suffixKey drops dots and commas and folds accents, so that suffix words
// compare by their letters only ("C.V.," → "CV", "ANÓNIMA" → "ANONIMA").
func suffixKey(w string) string {
	return strings.Map(func(c rune) rune {
		switch c {
		case '.', ',':
			return -1
		case 'Á':
			return 'A'
		case 'É':
			return 'E'
		case 'Í':
			return 'I'
		case 'Ó':
			return 'O'
		case 'Ú':
			return 'U'
		}
		return c
	}, w)
}
