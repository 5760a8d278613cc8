package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// bind copies the normalised body into dst, a pointer to a request struct
// whose json tags use the canonical snake_case names. Numbers reach
// json.Number or decimal fields as written, never through float64. A value
// of the wrong JSON type is Invalid, naming the field.
func (c *call) bind(dst any) error {
	raw, err := json.Marshal(c.body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err = dec.Decode(dst)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "body"
		}
		return invalidValue("Invalid request body", c.fieldName(field), "must be %s", jsonKind(te.Type.Kind().String()))
	}
	if err != nil {
		return invalidValue("Invalid request body", "body", "cannot be read: %v", err)
	}
	return nil
}

func jsonKind(goKind string) string {
	switch {
	case goKind == "string":
		return "a string"
	case goKind == "bool":
		return "a boolean"
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"), strings.HasPrefix(goKind, "float"):
		return "a number"
	case goKind == "slice" || goKind == "array":
		return "an array"
	}
	return "an object"
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

// checkLivemode refuses a body field livemode that differs from the key's
// mode (API.md §4.3).
func (c *call) checkLivemode() error {
	v, ok := c.body["livemode"]
	if !ok || v == nil || c.auth == nil {
		return nil
	}
	if b, isBool := v.(bool); !isBool || b != c.auth.Livemode {
		return invalidValue("Invalid request body", c.fieldName("livemode"), "does not match the API key's mode")
	}
	return nil
}
