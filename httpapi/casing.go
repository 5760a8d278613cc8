package httpapi

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// camelView renders a snake_case API value in the camel view of API.md
// §3.3: every key becomes lowerCamelCase (keys inside metadata excepted)
// and a field whose snake name ends in "_at" holding unix seconds becomes
// an ISO 8601 UTC string with milliseconds. Numbers pass through as
// written. Objects with explicit camel tables (ConnectTeam, Member,
// catalogs) have their own types instead.
func camelView(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var g any
	if err := dec.Decode(&g); err != nil {
		return nil, err
	}
	return camelValue(g), nil
}

func camelValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			switch {
			case k == "metadata":
				out[k] = val
			case strings.HasSuffix(k, "_at"):
				out[camelCase(k)] = isoFromSeconds(val)
			default:
				out[camelCase(k)] = camelValue(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = camelValue(e)
		}
		return out
	}
	return v
}

// isoFromSeconds turns unix seconds into ISO 8601 with milliseconds; any
// other value (null included) is kept.
func isoFromSeconds(v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	s, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return v
	}
	return isoMillisOf(time.Unix(s, 0))
}

// fieldName spells a canonical field path in the casing of the route's
// surface (API.md §5.2): camelCase on surface S, snake_case elsewhere.
func (c *call) fieldName(snake string) string {
	if c.route.Surface != surfaceS {
		return snake
	}
	return camelCase(snake)
}

// camelCase is the mechanical rule of API.md §3.3: drop each "_" and
// capitalise the next letter.
func camelCase(snake string) string {
	if !strings.Contains(snake, "_") {
		return snake
	}
	b := make([]byte, 0, len(snake))
	up := false
	for i := 0; i < len(snake); i++ {
		ch := snake[i]
		switch {
		case ch == '_':
			up = true
			continue
		case up && ch >= 'a' && ch <= 'z':
			ch -= 'a' - 'A'
		}
		up = false
		b = append(b, ch)
	}
	return string(b)
}
