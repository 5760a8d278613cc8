package sat

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Codes is a set of codes of a big catalog that is not built in
// (c_ClaveProdServ, c_CodigoPostal) and is imported later with
// `sello catalogs import`. A nil Codes means "not imported": callers check
// the shape only and leave existence to the PAC (CFDI40162, CFDI40126,
// CFDI40147).
type Codes interface {
	Has(code string) bool
}

// CodeSet is a Codes held in memory.
type CodeSet map[string]struct{}

var _ Codes = CodeSet(nil)

// NewCodeSet returns a CodeSet holding codes.
func NewCodeSet(codes ...string) CodeSet {
	s := make(CodeSet, len(codes))
	for _, c := range codes {
		s[c] = struct{}{}
	}
	return s
}

// Has reports whether code is in the set.
func (s CodeSet) Has(code string) bool {
	_, ok := s[code]
	return ok
}

// ValidClaveProdServShape reports whether code has the shape of a
// c_ClaveProdServ code: 8 digits.
func ValidClaveProdServShape(code string) bool { return allDigits(code, 8) }

// ValidCodigoPostalShape reports whether code has the shape of a
// c_CodigoPostal code: 5 digits.
func ValidCodigoPostalShape(code string) bool { return allDigits(code, 5) }

// CheckCode reports whether code belongs to a big catalog: in set when it has
// been imported, by shape alone when set is nil.
func CheckCode(set Codes, code string, shape func(string) bool) bool {
	if !shape(code) {
		return false
	}
	return set == nil || set.Has(code)
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ReadCodes reads the codes of a big catalog from CSV in the layout of the
// SAT catalogs Sello uses: a header row, then one row per code, the code in
// the column named "id" (the first column when there is none). Codes are
// trimmed; empty ones are skipped.
func ReadCodes(r io.Reader) (CodeSet, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read catalog header: %w", err)
	}
	col := max(slices.Index(head, "id"), 0)
	set := CodeSet{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return set, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read catalog: %w", err)
		}
		if col >= len(rec) {
			return nil, fmt.Errorf("read catalog: line %d has no column %d", line, col+1)
		}
		if code := strings.TrimSpace(rec[col]); code != "" {
			set[code] = struct{}{}
		}
	}
}
