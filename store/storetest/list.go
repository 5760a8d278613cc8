package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

// listFixture creates two top-level teams, P and q, and 21 children with
// ties in creation time and in legal name, and ids of mixed case so that
// ordering must compare bytes. It returns every team.
func listFixture(t *testing.T, s sello.Store) []*sello.Team {
	t.Helper()
	p := newTeam("team_P", "", "Beta", t0)
	q := newTeam("team_q", "", "alfa", t0)
	teams := []*sello.Team{p, q}
	names := []string{"Gamma", "Beta", "alfa", "Zeta", "Beta"}
	for i := range 21 {
		parent := p.ID
		if i%3 == 0 {
			parent = q.ID
		}
		id := sello.TeamID(fmt.Sprintf("team_%c%02d", "aBcD"[i%4], i))
		// Groups of three share a creation time; the first group shares t0 with P and q.
		at := t0.Add(time.Duration(i/3) * time.Minute)
		teams = append(teams, newTeam(id, parent, names[i%5], at))
	}
	for _, team := range teams {
		mustCreateTeam(t, s, team)
	}
	return teams
}

// expect filters and sorts teams as the store must.
func expect(teams []*sello.Team, f sello.TeamFilter) []*sello.Team {
	var out []*sello.Team
	for _, tm := range teams {
		switch {
		case f.SelfOrChildrenOf != "" && tm.ID != f.SelfOrChildrenOf && tm.ParentID != f.SelfOrChildrenOf,
			!f.CreatedGTE.IsZero() && tm.CreatedAt.Before(f.CreatedGTE),
			!f.CreatedLTE.IsZero() && tm.CreatedAt.After(f.CreatedLTE):
			continue
		}
		out = append(out, tm)
	}
	slices.SortFunc(out, func(a, b *sello.Team) int {
		c := a.CreatedAt.Compare(b.CreatedAt)
		if f.OrderBy == "name" {
			c = cmp.Compare(a.LegalName, b.LegalName)
		}
		c = cmp.Or(c, cmp.Compare(a.ID, b.ID))
		if f.Desc {
			return -c
		}
		return c
	})
	return out
}

// cursorOf is the cursor the HTTP adapter makes from the last item of a page.
func cursorOf(tm *sello.Team, orderBy string) *sello.Cursor {
	if orderBy == "name" {
		return &sello.Cursor{Key: tm.LegalName, ID: string(tm.ID)}
	}
	return &sello.Cursor{Key: strconv.FormatInt(tm.CreatedAt.UnixNano(), 10), ID: string(tm.ID)}
}

func ids(teams []*sello.Team) []sello.TeamID {
	out := make([]sello.TeamID, len(teams))
	for i, tm := range teams {
		out[i] = tm.ID
	}
	return out
}

func testFindTeamsContent(t *testing.T, s sello.Store) {
	teams := listFixture(t, s)
	f := sello.TeamFilter{ListOptions: sello.ListOptions{Limit: 100}}
	got, more, total, err := s.FindTeams(t.Context(), f)
	if err != nil || more || total != len(teams) {
		t.Fatalf("FindTeams(all) = more %v, total %d, %v, want false, %d, nil", more, total, err, len(teams))
	}
	if diff := gocmp.Diff(expect(teams, f), got); diff != "" {
		t.Errorf("FindTeams(all) mismatch (-want +got):\n%s", diff)
	}
}

func testFindTeamsPaging(t *testing.T, s sello.Store) {
	teams := listFixture(t, s)
	from, to := t0.Add(2*time.Minute), t0.Add(5*time.Minute)
	tests := []struct {
		name string
		f    sello.TeamFilter
	}{
		{"timestamp asc", list(5, "timestamp", false)},
		{"timestamp desc", list(4, "", true)},
		{"name asc", list(3, "name", false)},
		{"name desc", list(7, "name", true)},
		{"one page exactly", list(len(teams), "timestamp", false)},
		{"page of one", list(1, "name", true)},
		{"children of P", children("team_P", list(4, "timestamp", false))},
		{"children of q by name desc", children("team_q", list(2, "name", true))},
		{"a child alone", children("team_a00", list(2, "timestamp", false))},
		{"unknown team", children("team_missing", list(2, "timestamp", false))},
		{"created range", created(from, to, list(3, "timestamp", false))},
		{"created range desc", created(from, to, list(3, "timestamp", true))},
		{"created range of P by name", created(from, to, children("team_P", list(2, "name", false)))},
		{"created from", created(from, time.Time{}, list(6, "timestamp", true))},
		{"created to", created(time.Time{}, to, list(6, "name", false))},
		{"created instant", created(to, to, list(2, "timestamp", false))},
	}
	for _, tt := range tests {
		want := ids(expect(teams, tt.f))
		if diff := gocmp.Diff(want, walkCursor(t, s, tt.f, len(want)), cmpEmpty); diff != "" {
			t.Errorf("%s: FindTeams by cursor mismatch (-want +got):\n%s", tt.name, diff)
		}
		if diff := gocmp.Diff(want, walkOffset(t, s, tt.f, len(want)), cmpEmpty); diff != "" {
			t.Errorf("%s: FindTeams by offset mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func list(limit int, orderBy string, desc bool) sello.TeamFilter {
	return sello.TeamFilter{ListOptions: sello.ListOptions{Limit: limit, OrderBy: orderBy, Desc: desc}}
}

func children(of sello.TeamID, f sello.TeamFilter) sello.TeamFilter {
	f.SelfOrChildrenOf = of
	return f
}

func created(gte, lte time.Time, f sello.TeamFilter) sello.TeamFilter {
	f.CreatedGTE, f.CreatedLTE = gte, lte
	return f
}

// walkCursor lists every page by cursor and checks each page's shape.
func walkCursor(t *testing.T, s sello.Store, f sello.TeamFilter, wantTotal int) []sello.TeamID {
	t.Helper()
	return walk(t, s, f, wantTotal, func(f *sello.TeamFilter, page []*sello.Team) {
		f.After = cursorOf(page[len(page)-1], f.OrderBy)
	})
}

// walkOffset lists every page by offset and checks each page's shape.
func walkOffset(t *testing.T, s sello.Store, f sello.TeamFilter, wantTotal int) []sello.TeamID {
	t.Helper()
	return walk(t, s, f, wantTotal, func(f *sello.TeamFilter, page []*sello.Team) {
		f.Offset += len(page)
	})
}

func walk(t *testing.T, s sello.Store, f sello.TeamFilter, wantTotal int, next func(*sello.TeamFilter, []*sello.Team)) []sello.TeamID {
	t.Helper()
	var got []sello.TeamID
	for range 100 {
		page, more, total, err := s.FindTeams(t.Context(), f)
		if err != nil {
			t.Fatalf("FindTeams(%+v) = %v", f, err)
		}
		if total != wantTotal {
			t.Errorf("FindTeams(%+v) total = %d, want %d", f, total, wantTotal)
		}
		if more && len(page) != f.Limit || len(page) > f.Limit {
			t.Errorf("FindTeams(%+v) = %d teams with more %v, want a full page of %d when more", f, len(page), more, f.Limit)
		}
		got = append(got, ids(page)...)
		if !more || len(page) == 0 {
			return got
		}
		next(&f, page)
	}
	t.Fatalf("FindTeams(%+v) did not reach the last page", f)
	return nil
}

func testFindTeamsDefaults(t *testing.T, s sello.Store) {
	teams := listFixture(t, s)
	ctx := t.Context()
	all := ids(expect(teams, sello.TeamFilter{}))
	tests := []struct {
		name     string
		opts     sello.ListOptions
		want     []sello.TeamID
		wantMore bool
	}{
		{"no limit means 20", sello.ListOptions{}, all[:20], true},
		{"limit above 100 means 100", sello.ListOptions{Limit: 1000}, all, false},
		{"offset", sello.ListOptions{Limit: 2, Offset: 3}, all[3:5], true},
		{"offset past the end", sello.ListOptions{Limit: 5, Offset: 100}, nil, false},
		{"cursor wins over offset", sello.ListOptions{Limit: 2, Offset: 10,
			After: cursorOf(teams[0], "timestamp")}, all[slices.Index(all, teams[0].ID)+1:][:2], true},
	}
	for _, tt := range tests {
		got, more, total, err := s.FindTeams(ctx, sello.TeamFilter{ListOptions: tt.opts})
		if err != nil || more != tt.wantMore || total != len(all) {
			t.Errorf("%s: FindTeams = more %v, total %d, %v, want %v, %d, nil", tt.name, more, total, err, tt.wantMore, len(all))
		}
		if diff := gocmp.Diff(tt.want, ids(got), cmpEmpty); diff != "" {
			t.Errorf("%s: FindTeams mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// cmpEmpty treats nil and empty slices alike.
var cmpEmpty = gocmp.FilterValues(func(a, b []sello.TeamID) bool { return len(a) == 0 && len(b) == 0 },
	gocmp.Comparer(func(a, b []sello.TeamID) bool { return true }))

func testFindTeamsInvalid(t *testing.T, s sello.Store) {
	listFixture(t, s)
	tests := []struct {
		name string
		opts sello.ListOptions
	}{
		{"unknown order", sello.ListOptions{OrderBy: "size"}},
		{"malformed time cursor", sello.ListOptions{After: &sello.Cursor{Key: "yesterday", ID: "team_P"}}},
	}
	for _, tt := range tests {
		_, _, _, err := s.FindTeams(t.Context(), sello.TeamFilter{ListOptions: tt.opts})
		wantCode(t, "FindTeams("+tt.name+")", err, sello.Invalid)
	}
}
