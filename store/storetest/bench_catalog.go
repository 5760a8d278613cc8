package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// benchCatalogRows and benchClients size the catalog and client benchmarks.
const (
	benchCatalogRows = 150_000
	benchClients     = 100_000
)

var benchWords = []string{"servicio", "software", "transporte", "papelería", "construcción", "alimentos",
	"maquinaria", "consultoría", "médico", "educación", "energía", "vehículo", "textil", "química",
	"agrícola", "eléctrico", "financiero", "hospedaje", "publicidad", "seguridad", "limpieza", "óptica",
	"joyería", "cerámica", "mueble", "pintura", "acero", "madera", "vidrio", "plástico", "cómputo", "red"}

// benchCatalog generates n catalog rows shaped like c_ClaveProdServ: 8-digit
// codes and descriptions of three words with accents.
func benchCatalog(n int) []sello.CatalogEntry {
	out := make([]sello.CatalogEntry, n)
	w := len(benchWords)
	for i := range out {
		out[i] = sello.CatalogEntry{
			Code:        fmt.Sprintf("%08d", 10000000+i*7),
			Description: fmt.Sprintf("%s de %s %s tipo %d", benchWords[i%w], benchWords[(i/w)%w], benchWords[(i/(w*w))%w], i),
			From:        "2022-01-01",
			Extra:       map[string]string{"palabras_similares": benchWords[(i*13)%w], "incluir_iva_trasladado": "Opcional"},
		}
	}
	return out
}

// BenchImportCatalog measures replacing a catalog of benchCatalogRows rows
// (one transaction), the work of `sello catalogs import`.
func BenchImportCatalog(b *testing.B, s sello.Store) {
	rows := benchCatalog(benchCatalogRows)
	b.ResetTimer()
	for b.Loop() {
		if err := s.ReplaceCatalog(b.Context(), "c_ClaveProdServ", rows, t0); err != nil {
			b.Fatalf("ReplaceCatalog = %v", err)
		}
	}
	b.ReportMetric(float64(benchCatalogRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchSearchCatalog measures one page of catalog search (q, 20 entries and
// the total) on a catalog of benchCatalogRows rows, with rare and common
// terms, a code prefix and a short query, and reports the 99th percentile.
func BenchSearchCatalog(b *testing.B, s sello.Store) {
	if err := s.ReplaceCatalog(b.Context(), "c_ClaveProdServ", benchCatalog(benchCatalogRows), t0); err != nil {
		b.Fatalf("ReplaceCatalog = %v", err)
	}
	queries := []string{"tipo 14999", "ceramica de vidrio", "1000", "hospedaje", "optica de red madera", "joyeria", "zz", "140000"}
	benchQueries(b, len(queries), func(i int) error {
		f := sello.CatalogEntryFilter{Catalog: "c_ClaveProdServ", Query: sello.Fold(queries[i]), ListOptions: sello.ListOptions{Limit: 20}}
		_, _, _, err := s.FindCatalogEntries(b.Context(), f)
		return err
	})
}

// BenchSearchClients measures GET /v2/clients/search's store query (q, 20
// clients and the total) over benchClients clients of one team.
func BenchSearchClients(b *testing.B, s sello.Store) {
	team := sello.TeamID("team_bench")
	mustCreateTeamB(b, s, newTeam(team, "", "BENCH", t0))
	seedClients(b, s, team)
	queries := []string{"pena 4242", "cliente 99999", "xaxx", "@example.com", "zzz", "nunez diaz 1"}
	benchQueries(b, len(queries), func(i int) error {
		f := sello.ClientFilter{TeamID: team, Query: sello.Fold(queries[i]), ListOptions: sello.ListOptions{Limit: 20, Desc: true}}
		_, _, _, err := s.FindClients(b.Context(), f)
		return err
	})
}

func seedClients(b *testing.B, s sello.Store, team sello.TeamID) {
	b.Helper()
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			for i := w; i < benchClients; i += 8 {
				c := newClient(fmt.Sprintf("client_%06d", i), team, false, fmt.Sprintf("Cliente %d %s", i, benchWords[i%len(benchWords)]), t0.Add(time.Duration(i)*time.Millisecond))
				c.LegalName = fmt.Sprintf("PEÑA NÚÑEZ %d", i)
				if i%10 == 0 {
					c.TaxID = "XAXX010101000"
				}
				if err := s.CreateClient(b.Context(), c); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			b.Fatalf("CreateClient = %v", err)
		}
	}
}

func mustCreateTeamB(b *testing.B, s sello.Store, t *sello.Team) {
	b.Helper()
	if err := s.CreateTeam(b.Context(), t); err != nil {
		b.Fatalf("CreateTeam = %v", err)
	}
}

// benchQueries runs query(i % n) b.N times and reports the 50th and 99th
// percentiles of one call in milliseconds.
func benchQueries(b *testing.B, n int, query func(i int) error) {
	var durs []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		start := time.Now()
		if err := query(i % n); err != nil {
			b.Fatalf("query %d = %v", i%n, err)
		}
		durs = append(durs, time.Since(start))
		i++
	}
	slices.Sort(durs)
	pct := func(p float64) float64 { return float64(durs[int(p*float64(len(durs)-1))]) / 1e6 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
