package sello

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello/sat"
)

// CatalogEntry is one row of an imported SAT catalog (c_ClaveProdServ,
// c_CodigoPostal, c_Municipio…): its code, its text, its validity dates
// (YYYY-MM-DD, empty when unbounded) and the other columns of the CSV by
// header name.
type CatalogEntry struct {
	Code        string
	Description string
	From        string
	To          string
	Extra       map[string]string
}

// SearchText is the folded text catalog search (`q`) matches: the code, the
// description and, for c_ClaveProdServ, the similar words.
func (e *CatalogEntry) SearchText() string {
	return foldJoin(e.Code, e.Description, e.Extra["palabras_similares"])
}

// CatalogInfo describes an imported catalog.
type CatalogInfo struct {
	Name       string // the SAT name, "c_ClaveProdServ"
	Rows       int
	ImportedAt time.Time
}

// CatalogEntryFilter selects the entries of one imported catalog, always in
// code order.
type CatalogEntryFilter struct {
	Catalog string
	// Query is a folded text: it matches a code prefix or a substring of
	// the search text.
	Query string
	// ValidOn (YYYY-MM-DD) keeps only entries valid on that day.
	ValidOn string
	ListOptions
}

func sortEntries(es []CatalogEntry) {
	slices.SortFunc(es, func(a, b CatalogEntry) int { return strings.Compare(a.Code, b.Code) })
}

func itoa(n int) string { return strconv.Itoa(n) }

func inCatalog(c sat.Catalog, code string) bool {
	_, ok := sat.Lookup(c, code)
	return ok
}
