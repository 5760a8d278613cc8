package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func testTeam(t *testing.T, s sello.Store) {
	ctx := t.Context()
	parent := newTeam("team_Parent", "", "Escuela Kemper Urgate", t0)
	child := newTeam("team_child", parent.ID, "Hijo SA de CV", t0.Add(time.Minute))
	child.Sandbox = true
	for _, want := range []*sello.Team{parent, child} {
		mustCreateTeam(t, s, want)
		got, err := s.FindTeamByID(ctx, want.ID)
		if err != nil {
			t.Fatalf("FindTeamByID(%s) = %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FindTeamByID(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("FindTeamByID(%s).CreatedAt location = %v, want UTC", want.ID, got.CreatedAt.Location())
		}
	}
}

func testTeamErrors(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := newTeam("team_one", "", "Uno", t0)
	mustCreateTeam(t, s, team)

	dup := newTeam("team_one", "", "Otro", t0.Add(time.Hour))
	wantCode(t, "CreateTeam(duplicate id)", s.CreateTeam(ctx, dup), sello.AlreadyExists)
	got, err := s.FindTeamByID(ctx, "team_one")
	if err != nil || got.LegalName != "Uno" {
		t.Errorf("FindTeamByID(team_one) after duplicate = %v, %v, want the first team", got, err)
	}

	orphan := newTeam("team_orphan", "team_missing", "Huérfano", t0)
	wantCode(t, "CreateTeam(unknown parent)", s.CreateTeam(ctx, orphan), sello.NotFound)

	_, err = s.FindTeamByID(ctx, "team_missing")
	wantCode(t, "FindTeamByID(team_missing)", err, sello.NotFound)
	_, err = s.FindTeamByID(ctx, "TEAM_ONE")
	wantCode(t, "FindTeamByID(TEAM_ONE)", err, sello.NotFound) // ids are case-sensitive
}

func testCountTeams(t *testing.T, s sello.Store) {
	ctx := t.Context()
	for i := range 4 {
		n, err := s.CountTeams(ctx)
		if err != nil || n != i {
			t.Fatalf("CountTeams() = %d, %v, want %d, nil", n, err, i)
		}
		mustCreateTeam(t, s, newTeam(sello.TeamID(fmt.Sprintf("team_%d", i)), "", "Equipo", t0))
	}
}
