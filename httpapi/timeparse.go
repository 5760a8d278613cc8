package httpapi

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

var errBadTime = errors.New("must be unix seconds, unix milliseconds or an ISO 8601 date")

// isoLayouts are the ISO 8601 forms accepted as input; without a zone they
// mean UTC.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
}

// parseTime reads an input date (API.md §3.1): unix seconds, unix
// milliseconds (any value ≥ 10^12) or ISO 8601. A date without a time is
// midnight UTC, or the last nanosecond of that day when endOfDay is set.
func parseTime(s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n >= 1e12 || n <= -1e12 {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		if endOfDay {
			d = d.Add(24*time.Hour - time.Nanosecond)
		}
		return d, nil
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errBadTime
}
