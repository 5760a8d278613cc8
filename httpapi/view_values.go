package httpapi

import (
	"encoding/json"
	"strconv"

	"github.com/shopspring/decimal"
)

// number renders a decimal as a JSON number, exactly as stored.
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// isoTime renders unix seconds as the ISO alias of a timestamp (API.md §3.3).
func isoTime(secs int64) string {
	return isoFromSeconds(json.Number(strconv.FormatInt(secs, 10))).(string)
}
