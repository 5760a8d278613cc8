package httpapi

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello"
)

func TestDecodeBody(t *testing.T) {
	t.Parallel()
	aliases := aliasTable{"price": "unit_price", "unit": "unit_name"}
	tests := []struct {
		in   string
		want map[string]any
		err  string // error text, "" for none
	}{
		{in: ``, want: map[string]any{}},
		{in: `  `, want: map[string]any{}},
		{in: `{"legalName":"A","taxSystem":"601","rfc":"X"}`, want: map[string]any{"legal_name": "A", "tax_system": "601", "tax_id": "X"}},
		{in: `{"price":1.10,"unit":"pz"}`, want: map[string]any{"unit_price": json.Number("1.10"), "unit_name": "pz"}},
		{in: `{"address":{"zipCode":"06600"},"items":[{"unitPrice":"5"}]}`,
			want: map[string]any{"address": map[string]any{"zip": "06600"}, "items": []any{map[string]any{"unit_price": "5"}}}},
		{in: `{"metadata":{"camelKey":{"innerKey":1}}}`, want: map[string]any{"metadata": map[string]any{"camelKey": map[string]any{"innerKey": json.Number("1")}}}},
		{in: `{"taxId":"A","tax_id":"A"}`, want: map[string]any{"tax_id": "A"}},
		{in: `{"taxId":"A","tax_id":"B"}`, err: "invalid: Invalid request body; tax_id: conflicting values for taxId and tax_id"},
		{in: `{"items":[{"unitPrice":1,"unit_price":2}]}`, err: "invalid: Invalid request body; items[0].unit_price: conflicting values for unitPrice and unit_price"},
		{in: `[1]`, err: "invalid_request_body: Request body must be a JSON object"},
		{in: `"x"`, err: "invalid_request_body: Request body must be a JSON object"},
		{in: `{`, err: "invalid_request_body: Request body is not valid JSON"},
		{in: `{}x`, err: "invalid_request_body: Request body is not valid JSON"},
	}
	for _, tc := range tests {
		got, err := decodeBody([]byte(tc.in), aliases)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("decodeBody(%s) error = %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("decodeBody(%s) error = %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("decodeBody(%s) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"legalName": "legal_name", "legal_name": "legal_name", "RFC": "r_f_c", "zip": "zip",
		"hasMore": "has_more", "created[gte]": "created[gte]", "X": "x",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		endOfDay bool
		want     string
	}{
		{"1767225600", false, "2026-01-01T00:00:00Z"},
		{"1767225600000", false, "2026-01-01T00:00:00Z"},
		{"2026-01-01", false, "2026-01-01T00:00:00Z"},
		{"2026-01-01", true, "2026-01-01T23:59:59.999999999Z"},
		{"2026-01-01T10:00:00-06:00", true, "2026-01-01T16:00:00Z"},
		{"2026-01-01T10:00:00", false, "2026-01-01T10:00:00Z"},
	}
	for _, tc := range tests {
		got, err := parseTime(tc.in, tc.endOfDay)
		if err != nil || got.Format("2006-01-02T15:04:05.999999999Z07:00") != tc.want {
			t.Errorf("parseTime(%q, %v) = %v, %v; want %s", tc.in, tc.endOfDay, got, err, tc.want)
		}
	}
	if _, err := parseTime("soon", false); err == nil {
		t.Errorf("parseTime(soon) succeeded")
	}
}

func TestErrorTableCoversEveryCode(t *testing.T) {
	t.Parallel()
	codes := []sello.Code{sello.Invalid, sello.Unauthenticated, sello.InvalidToken, sello.Forbidden,
		sello.InsufficientPermissions, sello.NotFound, sello.AlreadyExists, sello.Conflict,
		sello.IdempotencyMismatch, sello.Rejected, sello.NotAllowed, sello.ExternalService,
		sello.PaymentProcessor, sello.StampRejected, sello.StampUnavailable, sello.Unavailable,
		sello.FileNotFound, sello.FileUpload, sello.InvalidFile, sello.Database, sello.DataIntegrity, sello.Internal}
	for _, c := range codes {
		if _, ok := errorTable[c]; !ok {
			t.Errorf("errorTable lacks %s", c)
		}
	}
	s := &Server{}
	one := &sello.Error{Code: sello.Invalid, Message: "Invalid request body", Fields: []sello.FieldError{{Field: "tax_id", Problem: "is required", Missing: true}}}
	if st, b := s.render(one, "req_1"); st != 400 || b.Error.Code != "missing_required_field" || !reflect.DeepEqual(b.Error.Details, []string{"tax_id: is required"}) {
		t.Errorf("render(one missing) = %d %+v", st, b)
	}
	sat := &sello.Error{Code: sello.StampRejected, Message: "Rejected by the SAT", Fields: []sello.FieldError{{Field: "total", Problem: "bad", SATCode: "CFDI40108"}}}
	if st, b := s.render(sat, "req_1"); st != 422 || b.Error.Code != "cfdi_service_error" || b.Error.Details[0] != "total: CFDI40108: bad" {
		t.Errorf("render(stamp rejected) = %d %+v", st, b)
	}
	if st, b := s.render(sello.Wrap(sello.Database, nil, "select failed: secret"), "req_9"); st != 500 || b.Message != "Database error (request req_9)" {
		t.Errorf("render(database) = %d %+v", st, b)
	}
}

// FuzzDecodeBody checks that any input either decodes or fails with a
// client error, and that decoding is idempotent.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"legalName":"a","legal_name":"a"}`, `{"a":[{"bC":1.5e3}]}`, `[`, `{"metadata":{"X":1}}`, `{"rfc":"A","RFC":"B"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decodeBody(raw, commonAliases)
		if err != nil {
			code := sello.ErrorCode(err)
			var ae *apiError
			if code != sello.Invalid && !asAPIError(err, &ae) {
				t.Fatalf("decodeBody(%q) = %v: not a client error", raw, err)
			}
			return
		}
		if !utf8.Valid(raw) {
			return // re-encoding replaces invalid UTF-8, so the round trip differs
		}
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal %v: %v", m, err)
		}
		m2, err := decodeBody(again, commonAliases)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", again, err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("decoding is not idempotent: %v then %v", m, m2)
		}
	})
}

func asAPIError(err error, target **apiError) bool {
	ae, ok := err.(*apiError)
	*target = ae
	return ok
}

func TestQueryBoolean(t *testing.T) {
	t.Parallel()
	q, err := parseQuery("isActive=1&b=false&c=yes", nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]any{"is_active": true, "b": false, "missing": nil} {
		got, err := q.boolean(name)
		if err != nil || (want == nil) != (got == nil) || (got != nil && *got != want) {
			t.Errorf("boolean(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	if _, err := q.boolean("c"); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("boolean(c=yes) = %v, want invalid", err)
	}
}
