package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/sello-mx/sello"
)

var (
	errNotJSON   = &apiError{status: http.StatusBadRequest, code: "invalid_request_body", message: "Request body is not valid JSON"}
	errNotObject = &apiError{status: http.StatusBadRequest, code: "invalid_request_body", message: "Request body must be a JSON object"}
	errTooLarge  = &apiError{status: http.StatusRequestEntityTooLarge, code: "invalid_request_body", message: "Request body is larger than 1 MiB"}
	errNotUTF8   = &apiError{status: http.StatusBadRequest, code: "invalid_request_body", message: "Request body is not valid UTF-8"}
)

// readBody reads at most limit bytes of the body; a larger body is errTooLarge.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: "invalid_request_body", message: "Cannot read request body"}
	}
	return b, nil
}

// parseJSON parses one JSON value with numbers kept as json.Number. An empty
// (or all-space) body gives (nil, nil). JSON is UTF-8 (RFC 8259 §8.1):
// other bytes are refused rather than turned into U+FFFD.
func parseJSON(raw []byte) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	if !utf8.Valid(raw) {
		return nil, errNotUTF8
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errNotJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotJSON
	}
	return v, nil
}

// decodeBody parses a request body that must be a JSON object (empty means
// {}; null is not an object), refuses what no field accepts (checkBody) and
// normalises its keys (API.md §3.2).
func decodeBody(raw []byte, aliases aliasTable) (map[string]any, error) {
	v, err := parseJSON(raw)
	if err != nil {
		return nil, err
	}
	if v == nil && len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errNotObject
	}
	if err := checkBody(m, aliases); err != nil {
		return nil, err
	}
	var p sello.Problems
	out := normalizeObject("", m, aliases, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	return out, nil
}

// aliasTable maps an input spelling to its canonical snake_case name. Every
// route's table is consulted before commonAliases.
type aliasTable map[string]string

// commonAliases are the input-only spellings of API.md §3.4 that mean the
// same field wherever they appear.
var commonAliases = aliasTable{
	"RFC": "tax_id", "rfc": "tax_id",
	"zip_code": "zip", "zipCode": "zip", "postal_code": "zip", "postalCode": "zip",
}

// canonical returns the canonical name of an input key.
func (a aliasTable) canonical(key string) string {
	if c, ok := a[key]; ok {
		return c
	}
	if c, ok := commonAliases[key]; ok {
		return c
	}
	s := snakeCase(key)
	if c, ok := a[s]; ok {
		return c
	}
	if c, ok := commonAliases[s]; ok {
		return c
	}
	return s
}

// snakeCase is the mechanical rule of API.md §3.2: each capital letter
// becomes "_" plus its lower case (no "_" at the start).
func snakeCase(key string) string {
	n := 0
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			n++
		}
	}
	if n == 0 {
		return key
	}
	b := make([]byte, 0, len(key)+n)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b = append(b, '_')
			}
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// normalizeObject renames the keys of m (recursively, except inside
// metadata) and records conflicting spellings in p.
func normalizeObject(path string, m map[string]any, aliases aliasTable, p *sello.Problems) map[string]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make(map[string]any, len(m))
	var spelled map[string]string
	for _, k := range keys {
		c := aliases.canonical(k)
		v := m[k]
		if c != "metadata" {
			v = normalizeValue(joinPath(path, c), v, aliases, p)
		}
		if prev, seen := out[c]; seen {
			if !reflect.DeepEqual(prev, v) {
				p.Add(joinPath(path, c), "conflicting values for %s and %s", spelled[c], k)
			}
			continue
		}
		out[c] = v
		if spelled == nil {
			spelled = make(map[string]string, len(m))
		}
		spelled[c] = k
	}
	return out
}

func normalizeValue(path string, v any, aliases aliasTable, p *sello.Problems) any {
	switch v := v.(type) {
	case map[string]any:
		return normalizeObject(path, v, aliases, p)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalizeValue(path+"["+strconv.Itoa(i)+"]", e, aliases, p)
		}
		return out
	}
	return v
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
