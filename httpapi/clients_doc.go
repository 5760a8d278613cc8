package httpapi

import "encoding/json"

// serviceRequest documents the body of POST and PUT /v2/services (§9.3).
type serviceRequest struct {
	Description string         `json:"description"`
	Name        string         `json:"name"`
	UnitPrice   json.Number    `json:"unit_price"`
	ProductKey  string         `json:"product_key"`
	UnitKey     string         `json:"unit_key"`
	UnitName    string         `json:"unit_name"`
	SKU         *string        `json:"sku"`
	Taxes       []taxView      `json:"taxes"`
	Taxability  string         `json:"taxability"`
	Quantity    json.Number    `json:"quantity"`
	Category    *string        `json:"category"`
	Currency    string         `json:"currency"`
	Active      bool           `json:"active"`
	Metadata    map[string]any `json:"metadata"`
}
