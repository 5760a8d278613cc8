package cfdi

import "github.com/sello-mx/sello/sat"

// calcCurrencyDecimals returns the decimals c_Moneda gives a currency's
// amounts (MXN 2, JPY 0, CLF 4, XXX 0).
func calcCurrencyDecimals(moneda string) (int32, error) {
	m, ok := sat.LookupMoneda(moneda)
	if !ok {
		return 0, calcErrorf("Moneda", "%q is not in c_Moneda", moneda)
	}
	return int32(m.Decimals), nil
}
