package httpapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sello-mx/sello"
)

// The checks of this file run on every JSON object body before any handler
// sees it (docs/INPUT.md). They refuse what no field may hold, wherever it
// is: text that cannot go into a CFDI (XML 1.0) or a database (NUL), lines
// where the SAT wants one, strings longer than any field, numbers no engine
// can store, metadata over 8 KiB, and arrays longer or nesting deeper than
// any request needs (each would cost the decoders memory in proportion).
// Each problem names the field as the client spelled it. The typed readers
// (fields, toDecimal) then apply each field's own rule.

const (
	maxBodyDepth   = 32   // objects and arrays within one another
	maxBodyArray   = 1000 // elements of one array (items, taxes, e-mails, …)
	maxBodyKeys    = 1000 // members of one object
	maxLineText    = 1000 // characters of a one-line value (SAT Descripcion: 1000)
	maxFreeText    = 1000 // characters of a description
	maxNotesText   = 10000
	maxEmailText   = 254 // RFC 5321 path limit
	maxURLText     = 2048
	maxBodyProblem = 20 // problems reported for one body
)

// freeTextFields are the fields whose text may hold tabs and line breaks,
// with their length limit (0: the body's). Everywhere else a value is one
// line, as the SAT patterns of names, codes and identifiers want.
var freeTextFields = map[string]int{
	"description": maxFreeText, "default_description": maxFreeText,
	"invoice_pdf_notes": maxNotesText, "reason": maxNotesText, "message": maxNotesText,
	"addenda": 0,
}

// keptFields hold JSON kept as given (metadata, team preferences, the data
// of a complement, the settings of the OLD overview body): their text may
// span lines and their numbers need only be storable.
var keptFields = map[string]bool{"metadata": true, "preferences": true, "complements": true, "settings": true}

// checkBody returns Invalid listing what body (a parsed JSON object, keys
// as sent) holds that no field accepts.
func checkBody(body map[string]any, aliases aliasTable) error {
	w := &bodyWalk{aliases: aliases}
	w.object(body, 1, false)
	return w.p.Err("Invalid request body")
}

// bodyWalk is one walk over a body: the path of the value at hand, as
// spelled, and the problems found.
type bodyWalk struct {
	aliases aliasTable
	path    []string // "items", "[0]", "description"
	p       sello.Problems
}

func (w *bodyWalk) full() bool { return len(w.p) >= maxBodyProblem }

func (w *bodyWalk) name() string {
	var b strings.Builder
	for i, s := range w.path {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

func (w *bodyWalk) add(format string, args ...any) {
	if !w.full() {
		w.p.Add(w.name(), format, args...)
	}
}

// object walks the members of m; kept is true inside a field kept as given.
func (w *bodyWalk) object(m map[string]any, depth int, kept bool) {
	if len(m) > maxBodyKeys {
		w.add("must have at most %d fields", maxBodyKeys)
		return
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		if w.full() {
			return
		}
		if r, bad := sello.BadRune(k, false); bad {
			w.path = append(w.path, strconv.Quote(k))
			w.add("is not a valid field name (it holds %s)", runeName(r))
			w.path = w.path[:len(w.path)-1]
			continue
		}
		key := k
		if !kept {
			key = w.aliases.canonical(k)
		}
		w.path = append(w.path, k)
		isKept := kept || keptFields[key]
		if key == "metadata" && !kept {
			w.metadataSize(v)
		}
		w.value(v, key, depth, isKept)
		w.path = w.path[:len(w.path)-1]
	}
}

// value checks v, the value (or an element of the value) of field key.
func (w *bodyWalk) value(v any, key string, depth int, kept bool) {
	switch x := v.(type) {
	case map[string]any:
		if depth >= maxBodyDepth {
			w.add("is nested deeper than %d levels", maxBodyDepth)
			return
		}
		w.object(x, depth+1, kept)
	case []any:
		if depth >= maxBodyDepth {
			w.add("is nested deeper than %d levels", maxBodyDepth)
			return
		}
		if len(x) > maxBodyArray {
			w.add("must have at most %d elements", maxBodyArray)
			return
		}
		for i, e := range x {
			if w.full() {
				return
			}
			w.path = append(w.path, "["+strconv.Itoa(i)+"]")
			w.value(e, key, depth+1, kept)
			w.path = w.path[:len(w.path)-1]
		}
	case string:
		w.text(x, key, kept)
	case json.Number:
		if !sello.NumberStorable(x.String()) {
			w.add("must be a number of at most 64 digits between 1e-308 and 1e308")
		}
	}
}

// text checks a string value of field key.
func (w *bodyWalk) text(s, key string, kept bool) {
	limit, free := freeTextFields[key]
	switch {
	case kept:
		free, limit = true, 0
	case isEmailField(key):
		limit = maxEmailText
	case isURLField(key):
		limit = maxURLText
	case !free:
		limit = maxLineText
	}
	if msg := sello.TextProblem(s, free); msg != "" {
		w.add("%s", msg)
		return
	}
	if limit > 0 && len(s) > limit && utf8.RuneCountInString(s) > limit {
		w.add("must be at most %d characters", limit)
	}
}

// metadataSize refuses metadata larger than sello.MaxMetadata encoded
// (API.md §8).
func (w *bodyWalk) metadataSize(v any) {
	if _, isObj := v.(map[string]any); !isObj {
		return // null clears; another type is the reader's problem
	}
	b, err := json.Marshal(v)
	if err != nil || len(b) > sello.MaxMetadata {
		w.add("must be at most 8 KiB serialised")
	}
}

func isEmailField(key string) bool {
	return key == "email" || key == "emails" || key == "bcc" ||
		strings.HasSuffix(key, "_email") || strings.HasSuffix(key, "_emails") || strings.HasSuffix(key, "_bcc")
}

func isURLField(key string) bool {
	return key == "url" || key == "logo" || strings.HasSuffix(key, "_url")
}

// runeName names a rune in a problem: "the character U+0001".
func runeName(r rune) string { return fmt.Sprintf("the character U+%04X", r) }

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
