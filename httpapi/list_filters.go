package httpapi

import (
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
)

// metadataFilters returns the metadata.<key>=<value> filters of API.md §6.
func (c *call) metadataFilters() map[string]string {
	var out map[string]string
	for k, v := range c.query {
		if key, ok := strings.CutPrefix(k, "metadata."); ok && key != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[key] = v
		}
	}
	return out
}

// pageParam applies page (1-based) of the search routes: offset =
// (page-1)·limit, ignored when a cursor is given.
func (c *call) pageParam(o *sello.ListOptions) error {
	v, ok := c.query["page"]
	if !ok {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return invalidValue("Invalid query parameters", "page", "must be an integer of at least 1")
	}
	o.Offset = (n - 1) * o.Limit
	return nil
}

// invalidMissing returns the Invalid error for one missing required field.
func invalidMissing(message, field string) error {
	var p sello.Problems
	p.Missing(field)
	return p.Err(message)
}
