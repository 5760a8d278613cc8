package cfdi

// calcCurrencyDecimals returns the decimals c_Moneda allows for a currency.
//
// Temporary table until package sat publishes CurrencyDecimals.
func calcCurrencyDecimals(moneda string) (int32, error) {
	switch moneda {
	case "MXN", "USD", "EUR", "CAD", "GBP":
		return 2, nil
	case "JPY", "XXX", "CLP":
		return 0, nil
	case "CLF":
		return 4, nil
	}
	return 0, calcErrorf("Moneda", "%q is not in c_Moneda", moneda)
}
