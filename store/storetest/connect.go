package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sello-mx/sello"
)

func testTeamProfile(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := newTeam("team_profile", "", "Perfil", t0)
	team.TeamProfile = sello.TeamProfile{
		Brand:         sello.Brand{Alias: "Perfil", Logo: "https://example.com/l.png", PrimaryColor: "#112233"},
		Address:       sello.TeamAddress{Street: "Calle 1", City: "Pachuca", Country: "MEX"},
		SupportEmail:  "soporte@example.com",
		ContactEmails: []string{"a@example.com", "b@example.com"},
		Metadata:      map[string]any{"n": json.Number("1.50"), "ñ": "sí", "o": map[string]any{"x": true}},
	}
	team.OwnerID = "user_none" // owner ids are not foreign keys
	if err := s.CreateTeam(ctx, team, newEvent("evt_created", team.ID, true, "teams.created", t0)); err != nil {
		t.Fatalf("CreateTeam with an event = %v", err)
	}
	if _, err := s.FindEventByID(ctx, team.ID, true, "evt_created"); err != nil {
		t.Errorf("FindEventByID(evt_created) = %v, want the event stored with the team", err)
	}
	// An event that cannot be stored undoes the team.
	bad := newTeam("team_bad_event", "", "Malo", t0)
	wantCode(t, "CreateTeam(event of an unknown team)", s.CreateTeam(ctx, bad, newEvent("evt_x", "team_nope", false, "teams.created", t0)), sello.NotFound)
	_, err := s.FindTeamByID(ctx, bad.ID)
	wantCode(t, "FindTeamByID(team whose event failed)", err, sello.NotFound)
	got, err := s.FindTeamByID(ctx, team.ID)
	if err != nil {
		t.Fatalf("FindTeamByID = %v", err)
	}
	if diff := cmp.Diff(team, got); diff != "" {
		t.Errorf("FindTeamByID after create (-want +got):\n%s", diff)
	}

	team.LegalName, team.TaxID, team.Zip = "PERFIL NUEVO", "CACX7605101P8", "42501"
	team.Brand.Alias, team.Metadata, team.OwnerID = "", nil, ""
	team.UpdatedAt = t0.Add(time.Hour)
	if err := s.UpdateTeam(ctx, team, newEvent("evt_upd", team.ID, false, "teams.updated", t0)); err != nil {
		t.Fatalf("UpdateTeam = %v", err)
	}
	got, err = s.FindTeamByID(ctx, team.ID)
	if err != nil {
		t.Fatalf("FindTeamByID = %v", err)
	}
	if diff := cmp.Diff(team, got); diff != "" {
		t.Errorf("FindTeamByID after update (-want +got):\n%s", diff)
	}
	if _, err := s.FindEventByID(ctx, team.ID, false, "evt_upd"); err != nil {
		t.Errorf("FindEventByID(evt_upd) = %v, want the event stored with the update", err)
	}
	missing := newTeam("team_missing", "", "X", t0)
	wantCode(t, "UpdateTeam(missing)", s.UpdateTeam(ctx, missing), sello.NotFound)
}

func testDeleteTeam(t *testing.T, s sello.Store) {
	ctx := t.Context()
	parent := newTeam("team_p", "", "Padre", t0)
	child := newTeam("team_c", parent.ID, "Hijo", t0.Add(time.Second))
	mustCreateTeam(t, s, parent)
	mustCreateTeam(t, s, child)
	if err := s.DeleteTeam(ctx, child.ID, t0.Add(time.Hour)); err != nil {
		t.Fatalf("DeleteTeam = %v", err)
	}
	_, err := s.FindTeamByID(ctx, child.ID)
	wantCode(t, "FindTeamByID(deleted)", err, sello.NotFound)
	wantCode(t, "DeleteTeam(again)", s.DeleteTeam(ctx, child.ID, t0), sello.NotFound)
	wantCode(t, "UpdateTeam(deleted)", s.UpdateTeam(ctx, child), sello.NotFound)
	teams, _, total, err := s.FindTeams(ctx, sello.TeamFilter{SelfOrChildrenOf: parent.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 1 || len(teams) != 1 || teams[0].ID != parent.ID {
		t.Errorf("FindTeams after delete = %v, %d, %v; want the parent only", teams, total, err)
	}
	teams, _, total, err = s.FindTeams(ctx, sello.TeamFilter{ChildrenOf: parent.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 0 || len(teams) != 0 {
		t.Errorf("FindTeams(children) after delete = %v, %d, %v; want none", teams, total, err)
	}
}

func testTeamCSD(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := newTeam("team_csd", "", "CSD", t0)
	mustCreateTeam(t, s, team)
	_, err := s.FindTeamCSD(ctx, team.ID, false)
	wantCode(t, "FindTeamCSD(none)", err, sello.NotFound)
	c := &sello.TeamCSD{TeamID: team.ID, Certificate: []byte{1, 2}, SealedKey: []byte{3}, SealedPassword: []byte{4},
		NoCertificado: "30001000000500003416", RFC: "EKU9003173C9", NotBefore: t0, NotAfter: t0.Add(time.Hour), ConnectedAt: t0}
	if err := s.PutTeamCSD(ctx, c, newEvent("evt_csd", team.ID, false, "teams.sat.completed", t0)); err != nil {
		t.Fatalf("PutTeamCSD = %v", err)
	}
	repl := *c
	repl.NoCertificado, repl.SealedKey = "30001000000500003417", []byte{9, 9}
	if err := s.PutTeamCSD(ctx, &repl); err != nil {
		t.Fatalf("PutTeamCSD(replace) = %v", err)
	}
	got, err := s.FindTeamCSD(ctx, team.ID, false)
	if err != nil {
		t.Fatalf("FindTeamCSD = %v", err)
	}
	if diff := cmp.Diff(&repl, got); diff != "" {
		t.Errorf("FindTeamCSD (-want +got):\n%s", diff)
	}
	_, err = s.FindTeamCSD(ctx, team.ID, true)
	wantCode(t, "FindTeamCSD(live)", err, sello.NotFound)
	orphan := *c
	orphan.TeamID = "team_missing"
	wantCode(t, "PutTeamCSD(unknown team)", s.PutTeamCSD(ctx, &orphan), sello.NotFound)
}

func newUser(id sello.UserID, email string, team sello.TeamID, at time.Time) *sello.User {
	return &sello.User{ID: id, Email: email, FirstName: "Ana", LastName: "Pérez", CreatedByTeam: team, CreatedAt: at,
		Address: sello.TeamAddress{City: "Pachuca"}, Zip: "42501"}
}

func testUsersAndMembers(t *testing.T, s sello.Store) {
	ctx := t.Context()
	a := newTeam("team_a", "", "A", t0)
	b := newTeam("team_b", "", "B", t0)
	mustCreateTeam(t, s, a)
	mustCreateTeam(t, s, b)
	u1 := newUser("user_1", "uno@example.com", a.ID, t0)
	m1 := &sello.Member{TeamID: a.ID, UserID: u1.ID, Role: sello.RoleAdmin, CreatedAt: t0}
	if err := s.CreateUser(ctx, u1, m1); err != nil {
		t.Fatalf("CreateUser = %v", err)
	}
	u2 := newUser("user_2", "dos@example.com", b.ID, t0.Add(time.Second))
	if err := s.CreateUser(ctx, u2, nil); err != nil {
		t.Fatalf("CreateUser(2) = %v", err)
	}
	wantCode(t, "CreateUser(duplicate email)", s.CreateUser(ctx, newUser("user_3", "uno@example.com", a.ID, t0), nil), sello.AlreadyExists)
	got, err := s.FindUserByID(ctx, u1.ID)
	if err != nil {
		t.Fatalf("FindUserByID = %v", err)
	}
	if diff := cmp.Diff(u1, got); diff != "" {
		t.Errorf("FindUserByID (-want +got):\n%s", diff)
	}

	// b's user joins a as a viewer: a sees both users, b only its own.
	m2 := &sello.Member{UserID: u2.ID, Role: sello.RoleViewer, Permissions: sello.Permissions{Invoices: sello.AccessNone}, CreatedAt: t0.Add(time.Minute)}
	if err := s.PutMembers(ctx, a.ID, []*sello.Member{m2}, nil, newEvent("evt_m", a.ID, false, "teams.members.updated", t0)); err != nil {
		t.Fatalf("PutMembers = %v", err)
	}
	members, err := s.FindMembers(ctx, a.ID)
	if err != nil {
		t.Fatalf("FindMembers = %v", err)
	}
	m1.Email, m2.Email, m2.TeamID = u1.Email, u2.Email, a.ID
	if diff := cmp.Diff([]*sello.Member{m1, m2}, members); diff != "" {
		t.Errorf("FindMembers (-want +got):\n%s", diff)
	}
	list := func(f sello.UserFilter) []sello.UserID {
		t.Helper()
		f.Limit = 10
		users, _, total, err := s.FindUsers(ctx, f)
		if err != nil {
			t.Fatalf("FindUsers(%+v) = %v", f, err)
		}
		var ids []sello.UserID
		for _, u := range users {
			ids = append(ids, u.ID)
		}
		if total != len(ids) {
			t.Errorf("FindUsers(%+v) total = %d, want %d", f, total, len(ids))
		}
		return ids
	}
	for _, tc := range []struct {
		f    sello.UserFilter
		want []sello.UserID
	}{
		{sello.UserFilter{VisibleTo: a.ID}, []sello.UserID{u1.ID, u2.ID}},
		{sello.UserFilter{VisibleTo: b.ID}, []sello.UserID{u2.ID}},
		{sello.UserFilter{VisibleTo: a.ID, Role: sello.RoleViewer}, []sello.UserID{u2.ID}},
		{sello.UserFilter{VisibleTo: a.ID, Email: "uno@example.com"}, []sello.UserID{u1.ID}},
		{sello.UserFilter{VisibleTo: a.ID, ListOptions: sello.ListOptions{OrderBy: "name"}}, []sello.UserID{u2.ID, u1.ID}},
	} {
		if diff := cmp.Diff(tc.want, list(tc.f), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("FindUsers(%+v) (-want +got):\n%s", tc.f, diff)
		}
	}

	u2.Email, u2.Phone = "nuevo@example.com", "5555555555"
	if err := s.UpdateUser(ctx, u2); err != nil {
		t.Fatalf("UpdateUser = %v", err)
	}
	if got, _ := s.FindUserByID(ctx, u2.ID); got == nil || got.Email != "nuevo@example.com" {
		t.Errorf("FindUserByID after update = %+v", got)
	}
	u2.Email = u1.Email
	wantCode(t, "UpdateUser(taken email)", s.UpdateUser(ctx, u2), sello.AlreadyExists)
	wantCode(t, "UpdateUser(missing)", s.UpdateUser(ctx, newUser("user_x", "x@example.com", a.ID, t0)), sello.NotFound)
	wantCode(t, "PutMembers(unknown user)", s.PutMembers(ctx, a.ID, []*sello.Member{{UserID: "user_x", Role: sello.RoleAdmin, CreatedAt: t0}}, nil), sello.NotFound)

	// Removing u1 from a clears it as owner; deleting u2 drops its membership.
	a.OwnerID = u1.ID
	if err := s.UpdateTeam(ctx, a); err != nil {
		t.Fatalf("UpdateTeam = %v", err)
	}
	if err := s.PutMembers(ctx, a.ID, nil, []sello.UserID{u1.ID}); err != nil {
		t.Fatalf("PutMembers(remove) = %v", err)
	}
	if got, _ := s.FindTeamByID(ctx, a.ID); got == nil || got.OwnerID != "" {
		t.Errorf("team owner after removal = %+v, want none", got)
	}
	if err := s.DeleteUser(ctx, u2.ID); err != nil {
		t.Fatalf("DeleteUser = %v", err)
	}
	wantCode(t, "DeleteUser(again)", s.DeleteUser(ctx, u2.ID), sello.NotFound)
	if members, err := s.FindMembers(ctx, a.ID); err != nil || len(members) != 0 {
		t.Errorf("FindMembers after deletions = %v, %v; want none", members, err)
	}
}

func testSeriesAndSettings(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := newTeam("team_series", "", "Series", t0)
	mustCreateTeam(t, s, team)
	a := &sello.Series{ID: "series_a", TeamID: team.ID, Name: "A", NextLive: 1, NextTest: 1, CreatedAt: t0}
	b := &sello.Series{ID: "series_b", TeamID: team.ID, Name: "B", NextLive: 10, NextTest: 5, CreatedAt: t0.Add(time.Second)}
	for _, x := range []*sello.Series{a, b} {
		if err := s.CreateSeries(ctx, x); err != nil {
			t.Fatalf("CreateSeries(%s) = %v", x.Name, err)
		}
	}
	wantCode(t, "CreateSeries(duplicate name)", s.CreateSeries(ctx, &sello.Series{ID: "series_c", TeamID: team.ID, Name: "A", CreatedAt: t0}), sello.AlreadyExists)
	a.NextLive = 42
	if err := s.UpdateSeries(ctx, a); err != nil {
		t.Fatalf("UpdateSeries = %v", err)
	}
	wantCode(t, "UpdateSeries(missing)", s.UpdateSeries(ctx, &sello.Series{ID: "series_x", TeamID: team.ID}), sello.NotFound)
	got, err := s.FindSeries(ctx, team.ID)
	if err != nil {
		t.Fatalf("FindSeries = %v", err)
	}
	if diff := cmp.Diff([]*sello.Series{a, b}, got); diff != "" {
		t.Errorf("FindSeries (-want +got):\n%s", diff)
	}

	if b, err := s.FindTeamSettings(ctx, team.ID); err != nil || b != nil {
		t.Errorf("FindTeamSettings(none) = %s, %v; want nil, nil", b, err)
	}
	for _, v := range []string{`{"a":1}`, `{"b":[true]}`} {
		if err := s.PutTeamSettings(ctx, team.ID, []byte(v)); err != nil {
			t.Fatalf("PutTeamSettings = %v", err)
		}
	}
	if b, err := s.FindTeamSettings(ctx, team.ID); err != nil || string(b) != `{"b":[true]}` {
		t.Errorf("FindTeamSettings = %s, %v; want the last settings", b, err)
	}
	wantCode(t, "PutTeamSettings(unknown team)", s.PutTeamSettings(ctx, "team_missing", []byte(`{}`)), sello.NotFound)
}
