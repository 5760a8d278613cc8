package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCamelView(t *testing.T) {
	t.Parallel()
	type inner struct {
		ZipCode string `json:"zip_code"`
	}
	in := struct {
		LegalName  string         `json:"legal_name"`
		CreatedAt  int64          `json:"created_at"`
		CanceledAt *int64         `json:"canceled_at"`
		UnitPrice  json.Number    `json:"unit_price"`
		Address    inner          `json:"address"`
		Items      []inner        `json:"items"`
		Metadata   map[string]any `json:"metadata"`
	}{
		LegalName: "A", CreatedAt: 1772388245, UnitPrice: "10.50",
		Address: inner{"06600"}, Items: []inner{{"01000"}},
		Metadata: map[string]any{"snake_key": 1},
	}
	got, err := camelView(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"legalName": "A", "createdAt": "2026-03-01T18:04:05.000Z", "canceledAt": nil,
		"unitPrice": json.Number("10.50"), "address": map[string]any{"zipCode": "06600"},
		"items": []any{map[string]any{"zipCode": "01000"}}, "metadata": map[string]any{"snake_key": json.Number("1")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("camelView (-want +got):\n%s", diff)
	}
}
