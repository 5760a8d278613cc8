package sello

import "strconv"

// SearchText is the folded text that invoice search (`q`, API.md §11.4)
// matches: the UUID, the id, the series and folio written together ("a12"),
// and the client's legal name, name, RFC and e-mail.
func (inv *Invoice) SearchText() string {
	seriesFolio := inv.Series
	if inv.Folio > 0 {
		seriesFolio += strconv.FormatInt(inv.Folio, 10)
	}
	c := inv.Client
	return foldJoin(inv.UUID, inv.ID, seriesFolio, c.LegalName, c.Name, c.TaxID, c.Email)
}
