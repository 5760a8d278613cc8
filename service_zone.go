package sello

import (
	"context"
	"time"

	"github.com/sello-mx/sello/sat"
)

// zoneOf is the time zone of Fecha for a LugarExpedicion (Anexo 20: the
// local time of the place of issue): the imported c_CodigoPostal's row
// when it names one (sat.ZoneFromCatalog), else Mexico's zones by postal
// code (sat.ZoneOfZip). Kept in memory as the catalog's codes are.
func (s *Service) zoneOf(ctx context.Context, zip string) (*time.Location, error) {
	codes, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return nil, err
	}
	if codes == nil || !codes.Has(zip) {
		return sat.ZoneOfZip(zip), nil
	}
	return s.zones.of(ctx, s.store, zip, s.now())
}

// CatalogZones returns the time zone of a LugarExpedicion as Sello issues
// Fecha in it, for a stamping provider that judges Fecha (the sandbox PAC):
// by the c_CodigoPostal imported into store, else by sat.ZoneOfZip. A row
// is read again after codesTTL, as the Service does.
func CatalogZones(store Store) func(zip string) *time.Location {
	c := &zoneCache{}
	return func(zip string) *time.Location {
		zone, err := c.of(context.Background(), store, zip, time.Now())
		if err != nil {
			return sat.ZoneOfZip(zip)
		}
		return zone
	}
}
