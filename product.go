package sello

import (
	"time"

	"github.com/shopspring/decimal"
)

// Tax is a tax of a service or an item (API.md §9.5).
type Tax struct {
	Type        string          `json:"type"`   // IVA, ISR, IEPS
	Rate        decimal.Decimal `json:"rate"`   // 0.16
	Factor      string          `json:"factor"` // Tasa, Cuota, Exento
	Withholding bool            `json:"withholding"`
	Inclusive   bool            `json:"inclusive"`
}

// Product is something a team sells, a "service" in the API (API.md §9.3).
// It is called Product in Go because Service holds Sello's use cases.
// Products are mode-scoped and soft-deleted.
type Product struct {
	ID          string // service_…
	TeamID      TeamID
	Livemode    bool
	Description string
	Name        string
	UnitPrice   decimal.Decimal
	ProductKey  string // c_ClaveProdServ
	UnitKey     string // c_ClaveUnidad
	UnitName    string
	SKU         string // empty: none; unique per team and mode otherwise
	Taxes       []Tax
	Taxability  string // c_ObjetoImp
	Quantity    decimal.Decimal
	Category    string
	Currency    string // c_Moneda
	Active      bool
	Metadata    map[string]any
	From        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SearchText is the folded text the `name` filter matches.
func (p *Product) SearchText() string { return foldJoin(p.Name, p.Description) }

// PriceMicros is the unit price in millionths, which the stores keep next
// to the exact decimal text to filter by price without floating point.
func (p *Product) PriceMicros() int64 {
	return p.UnitPrice.Shift(6).Round(0).IntPart()
}

// ProductFilter selects a team's services in one mode. Deleted services are
// never selected.
type ProductFilter struct {
	TeamID     TeamID
	Livemode   bool
	Name       string // folded substring of name or description
	Category   string
	Active     *bool
	MinPrice   *decimal.Decimal
	MaxPrice   *decimal.Decimal
	SKU        string
	ProductKey string
	Metadata   map[string]string
	ListOptions
}
