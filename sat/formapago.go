package sat

// FormaPago is a row of c_FormaPago. Besides the code, it carries the
// catalog's columns for the Pagos 2.0 complement, as the catalog text: a flag
// column is "1" when set and "" otherwise, a pattern column holds an XSD
// regular expression ("[0-9]{10}|[0-9]{18}"; "\V*" for anything) or "" when
// the attribute is not allowed.
type FormaPago struct {
	Entry
	// Bancarizado is "1" for payment forms that go through a bank.
	Bancarizado string
	// NumOperacion is "1" when the payment's NumOperacion is required.
	NumOperacion string
	// RfcEmisorCtaOrd is "1" when RfcEmisorCtaOrd may be given.
	RfcEmisorCtaOrd string
	// CtaOrdenante is "1" when CtaOrdenante may be given.
	CtaOrdenante string
	// PatronCtaOrdenante is the pattern CtaOrdenante must match.
	PatronCtaOrdenante string
	// RfcEmisorCtaBen is "1" when RfcEmisorCtaBen may be given.
	RfcEmisorCtaBen string
	// CtaBeneficiario is "1" when CtaBeneficiario may be given.
	CtaBeneficiario string
	// PatronCtaBeneficiario is the pattern CtaBeneficiario must match.
	PatronCtaBeneficiario string
	// TipoCadenaPago is "1" when TipoCadPago (SPEI) may be given.
	TipoCadenaPago string
	// NomBancoOrdExt is "1" when NomBancoOrdExt is expected for a foreign bank.
	NomBancoOrdExt string
}

// IsBancarizado reports whether the payment form goes through a bank.
func (f FormaPago) IsBancarizado() bool { return f.Bancarizado == "1" }

// LookupFormaPago finds a c_FormaPago code.
func LookupFormaPago(code string) (FormaPago, bool) {
	return find(formasPago[:], code, func(f *FormaPago) string { return f.Code })
}
