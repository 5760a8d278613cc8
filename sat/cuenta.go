package sat

import "strconv"

// ValidCtaOrdenante reports whether cta may be the payer's account
// (Pagos 2.0 CtaOrdenante) for this payment form: the form allows the
// attribute and cta matches PatronCtaOrdenante.
func (f FormaPago) ValidCtaOrdenante(cta string) bool {
	return f.CtaOrdenante == "1" && matchAccount(f.PatronCtaOrdenante, cta)
}

// ValidCtaBeneficiario reports whether cta may be the payee's account
// (Pagos 2.0 CtaBeneficiario) for this payment form.
func (f FormaPago) ValidCtaBeneficiario(cta string) bool {
	return f.CtaBeneficiario == "1" && matchAccount(f.PatronCtaBeneficiario, cta)
}

// matchAccount matches s against the small regular-expression language of
// c_FormaPago's patterns: alternatives ("|") of one character class with a
// count, "[0-9]{10}" or "[A-Z0-9_]{10,50}"; "\V*" matches anything. A pattern
// outside that language matches nothing, so a catalog update that brings a
// new form fails closed, and TestAccountPatternsParse notices it.
func matchAccount(pattern, s string) bool {
	if pattern == `\V*` {
		return true
	}
	for pattern != "" {
		alt := pattern
		pattern = ""
		for i := 0; i < len(alt); i++ {
			if alt[i] == '|' {
				alt, pattern = alt[:i], alt[i+1:]
				break
			}
		}
		class, lo, hi, ok := parseAlternative(alt)
		if ok && len(s) >= lo && len(s) <= hi && inClass(class, s) {
			return true
		}
	}
	return false
}

// parseAlternative splits "[class]{lo,hi}" or "[class]{n}".
func parseAlternative(alt string) (class string, lo, hi int, ok bool) {
	end := -1
	for i := 0; i < len(alt); i++ {
		if alt[i] == ']' {
			end = i
			break
		}
	}
	if len(alt) < 5 || alt[0] != '[' || end < 2 || end+2 >= len(alt) || alt[end+1] != '{' || alt[len(alt)-1] != '}' {
		return "", 0, 0, false
	}
	class, count := alt[1:end], alt[end+2:len(alt)-1]
	loText, hiText := count, count
	for i := 0; i < len(count); i++ {
		if count[i] == ',' {
			loText, hiText = count[:i], count[i+1:]
		}
	}
	lo, err1 := strconv.Atoi(loText)
	hi, err2 := strconv.Atoi(hiText)
	if err1 != nil || err2 != nil || lo < 0 || hi < lo {
		return "", 0, 0, false
	}
	return class, lo, hi, true
}

// inClass reports whether every byte of s is in a class of ranges ("0-9",
// "A-Z") and single characters ("_").
func inClass(class, s string) bool {
	for i := 0; i < len(s); i++ {
		if !classHas(class, s[i]) {
			return false
		}
	}
	return true
}

func classHas(class string, c byte) bool {
	for i := 0; i < len(class); i++ {
		if i+2 < len(class) && class[i+1] == '-' {
			if class[i] <= c && c <= class[i+2] {
				return true
			}
			i += 2
			continue
		}
		if class[i] == c {
			return true
		}
	}
	return false
}
