package sello

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
)

// CatalogName returns the catalog a CSV file holds, from its file name
// ("…/c_ClaveProdServ.csv" → "c_ClaveProdServ"). Invalid when the name does
// not start with "c_".
func CatalogName(path string) (string, error) {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if !strings.HasPrefix(name, "c_") || len(name) < 3 {
		return "", Errorf(Invalid, "%s: a catalog file is named after the catalog, like c_ClaveProdServ.csv", path)
	}
	return name, nil
}

// ReadCatalogCSV reads a SAT catalog in the layout of shared/sat/catalogs:
// a header row, then one row per entry with the code first. The description
// is the column "texto" (else "descripcion", else the code); validity dates
// come from "vigencia_desde" and "vigencia_hasta"; every other column goes
// to Extra under its header name. Two special layouts:
//   - when the first column repeats (c_Municipio, c_Localidad: codes are per
//     state), the code is "<first>|<second>" ("001|AGU");
//   - c_TasaOCuota has no code: it is "<impuesto>|<factor>|<tipo>|<valor>".
func ReadCatalogCSV(name string, r io.Reader) ([]CatalogEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", name, err)
	}
	for i := range head {
		head[i] = strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff"))
	}
	var out []CatalogEntry
	seen := map[string]bool{}
	repeated := false
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		e := catalogRow(head, rec)
		if err := checkCatalogNumbers(e); err != nil {
			return nil, fmt.Errorf("read %s: line %d: %w", name, line, err)
		}
		if name == TasaOCuota {
			e.Extra[head[0]] = e.Code // tipo: Fijo or Rango
			e.Code = e.Extra["impuesto"] + "|" + e.Extra["factor"] + "|" + e.Code + "|" + e.Extra["valor"]
			e.Description = e.Code
		}
		if e.Code == "" {
			return nil, fmt.Errorf("read %s: line %d has no code", name, line)
		}
		repeated = repeated || seen[e.Code]
		seen[e.Code] = true
		out = append(out, e)
	}
	if repeated && name == TasaOCuota {
		return nil, fmt.Errorf("read %s: a rule repeats", name)
	}
	if repeated {
		if err := composeCodes(name, head, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func catalogRow(head, rec []string) CatalogEntry {
	e := CatalogEntry{Extra: map[string]string{}}
	for i, v := range rec {
		if i >= len(head) {
			break
		}
		v = strings.TrimSpace(v)
		switch h := head[i]; {
		case i == 0:
			e.Code = v
		case h == "texto":
			e.Description = v
		case h == "vigencia_desde":
			e.From = v
		case h == "vigencia_hasta":
			e.To = v
		default:
			e.Extra[h] = v
		}
	}
	if e.Description == "" {
		e.Description = e.Extra["descripcion"]
	}
	if e.Description == "" {
		e.Description = e.Code
	}
	return e
}

// catalogNumbers are the numeric columns of the SAT catalogs: rates and
// percentages (decimals within the SAT limits) and c_Moneda's decimals.
var catalogNumbers = []string{"minimo", "valor", "porcentaje_variacion", "decimales"}

// checkCatalogNumbers refuses a row whose numeric column is not a number
// within the limits of ParseDecimal, so that what the API shows of an
// imported catalog is always a JSON number of a reasonable size.
func checkCatalogNumbers(e CatalogEntry) error {
	for _, col := range catalogNumbers {
		v := e.Extra[col]
		if v == "" {
			continue
		}
		d, err := ParseDecimal(v)
		if err == nil && col == "decimales" && (!d.IsInteger() || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(MaxDecimals))) {
			err = errors.New("must be an integer from 0 to 6")
		}
		if err != nil {
			return fmt.Errorf("%s %q %w", col, v, err)
		}
	}
	return nil
}

// composeCodes makes codes unique by adding the second column.
func composeCodes(name string, head []string, entries []CatalogEntry) error {
	if len(head) < 2 {
		return fmt.Errorf("read %s: codes repeat and there is no second column", name)
	}
	seen := map[string]bool{}
	for i := range entries {
		e := &entries[i]
		e.Code += "|" + e.Extra[head[1]]
		if seen[e.Code] {
			return fmt.Errorf("read %s: code %s repeats", name, e.Code)
		}
		seen[e.Code] = true
	}
	return nil
}
