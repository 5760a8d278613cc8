package sello

import (
	"encoding/json"
	"errors"
	"net/mail"
	"net/url"
	"strings"

	"github.com/sello-mx/sello/sat"
)

// MaxMetadata is the largest metadata object accepted, serialised (API.md §8).
const MaxMetadata = 8 << 10

// ValidEmail reports whether s is a bare e-mail address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// CountryCode returns the c_Pais alpha-3 code of s: the code itself, an
// ISO alpha-2 code, or the catalog's name (accent- and case-insensitive).
// An empty s is MEX.
func CountryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "MEX", true
	}
	up := strings.ToUpper(s)
	if _, ok := sat.Lookup(sat.Pais, up); ok {
		return up, true
	}
	if c, ok := alpha2[up]; ok {
		return c, true
	}
	key := Fold(s)
	for _, e := range sat.Entries(sat.Pais) {
		if Fold(e.Description) == key {
			return e.Code, true
		}
	}
	return "", false
}

// alpha2 maps the ISO alpha-2 codes of Mexico's main trading partners to
// their c_Pais code; other countries are given as alpha-3 or by name.
var alpha2 = map[string]string{
	"MX": "MEX", "US": "USA", "CA": "CAN", "ES": "ESP", "GB": "GBR", "DE": "DEU", "FR": "FRA",
	"CN": "CHN", "JP": "JPN", "BR": "BRA", "AR": "ARG", "CO": "COL", "CL": "CHL", "PE": "PER",
	"GT": "GTM", "IT": "ITA", "NL": "NLD", "KR": "KOR", "IN": "IND", "CH": "CHE",
}

// MergeMetadata applies a metadata update (API.md §8): keys are merged one
// by one and a key set to null is removed. The result is a new map; nil when
// it is empty.
func MergeMetadata(old, patch map[string]any) map[string]any {
	out := make(map[string]any, len(old)+len(patch))
	for k, v := range old {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// checkMetadata reports why a metadata object cannot be stored: not
// encodable, or larger than MaxMetadata serialised. Clients, services and
// teams check it.
func checkMetadata(m map[string]any) error {
	if m == nil {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return errors.New("cannot be encoded")
	}
	if len(b) > MaxMetadata {
		return errors.New("must be at most 8 KiB serialised")
	}
	return nil
}
