package storetest

import (
	"fmt"
	"testing"

	"github.com/sello-mx/sello"
)

// benchTeams is how many teams (each with a test and a live key) the lookup
// benchmarks spread their reads over.
const benchTeams = 1000

// BenchFindAPIKeyByID measures the key lookup of every authenticated
// request, from parallel goroutines, on a store holding benchTeams teams.
func BenchFindAPIKeyByID(b *testing.B, s sello.Store) {
	seed(b, s)
	b.SetParallelism(4) // requests wait on I/O (PostgreSQL's round trip); keep the cores busy
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			id := fmt.Sprintf("key_test_%06d", i%benchTeams)
			if _, err := s.FindAPIKeyByID(b.Context(), id); err != nil {
				b.Fatalf("FindAPIKeyByID(%s) = %v", id, err)
			}
			i += 7
		}
	})
}

// BenchFindTeamByID measures the team lookup of every authenticated
// request, from parallel goroutines, on a store holding benchTeams teams.
func BenchFindTeamByID(b *testing.B, s sello.Store) {
	seed(b, s)
	b.SetParallelism(4) // requests wait on I/O (PostgreSQL's round trip); keep the cores busy
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			id := sello.TeamID(fmt.Sprintf("team_%06d", i%benchTeams))
			if _, err := s.FindTeamByID(b.Context(), id); err != nil {
				b.Fatalf("FindTeamByID(%s) = %v", id, err)
			}
			i += 7
		}
	})
}

// seed fills an empty store with benchTeams teams and their keys.
func seed(b *testing.B, s sello.Store) {
	b.Helper()
	n, err := s.CountTeams(b.Context())
	if err != nil {
		b.Fatalf("CountTeams = %v", err)
	}
	if n >= benchTeams {
		return // seeded by an earlier run of the benchmark
	}
	for i := range benchTeams {
		team := newTeam(sello.TeamID(fmt.Sprintf("team_%06d", i)), "", "Equipo", t0)
		if err := s.CreateTeam(b.Context(), team); err != nil {
			b.Fatalf("CreateTeam = %v", err)
		}
		for _, mode := range []string{"test", "live"} {
			key := newKey(fmt.Sprintf("key_%s_%06d", mode, i), team.ID, t0)
			key.Livemode = mode == "live"
			if err := s.CreateAPIKey(b.Context(), key); err != nil {
				b.Fatalf("CreateAPIKey = %v", err)
			}
		}
	}
}
