package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// cmpDecimal compares decimals by value.
var cmpDecimal = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func newClient(id string, team sello.TeamID, livemode bool, name string, at time.Time) *sello.Client {
	return &sello.Client{
		ID: id, TeamID: team, Livemode: livemode, Name: name, LegalName: "LEGAL " + name,
		TaxID: "EKU9003173C9", TaxSystem: "601", Use: "G03", Email: name + "@example.com",
		Phone: "5555555555", Company: "Compañía " + name, BCC: []string{"a@example.com"},
		Address:   sello.Address{Street: "Insurgentes", Zip: "06600", Country: "MEX"},
		Defaults:  sello.ClientDefaults{IssueAutomaticInvoices: true},
		Metadata:  map[string]any{"crm": "x1", "n": 2.0},
		From:      "api",
		CreatedAt: at, UpdatedAt: at,
	}
}

func testClients(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team, other := sello.TeamID("team_c"), sello.TeamID("team_c2")
	mustCreateTeam(t, s, newTeam(team, "", "CLIENTES", t0))
	mustCreateTeam(t, s, newTeam(other, "", "OTROS", t0))

	c := newClient("client_1", team, false, "José Peña", t0)
	ev := newEvent("evt_c1", team, false, "customer.created", t0)
	if err := s.CreateClient(ctx, c, ev); err != nil {
		t.Fatalf("CreateClient: %v", err)
	}
	got, err := s.FindClientByID(ctx, team, false, "client_1")
	if err != nil {
		t.Fatalf("FindClientByID: %v", err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("FindClientByID (-want +got):\n%s", diff)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_c1"); err != nil {
		t.Errorf("the event of CreateClient was not stored: %v", err)
	}
	for _, k := range []struct {
		team sello.TeamID
		live bool
	}{{team, true}, {other, false}} {
		if _, err := s.FindClientByID(ctx, k.team, k.live, "client_1"); sello.ErrorCode(err) != sello.NotFound {
			t.Errorf("FindClientByID(%s, live %v) = %v, want NotFound", k.team, k.live, err)
		}
	}
	wantCode(t, "CreateClient(duplicate id)", s.CreateClient(ctx, newClient("client_1", team, false, "x", t0)), sello.AlreadyExists)
	wantCode(t, "CreateClient(unknown team)", s.CreateClient(ctx, newClient("client_x", "team_none", false, "x", t0)), sello.NotFound)

	c.Name, c.IsValid, c.UpdatedAt = "Otro Nombre", true, t0.Add(time.Hour)
	c.Metadata = nil
	if err := s.UpdateClient(ctx, c, newEvent("evt_c2", team, false, "customer.updated", t0)); err != nil {
		t.Fatalf("UpdateClient: %v", err)
	}
	got, _ = s.FindClientByID(ctx, team, false, "client_1")
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("after UpdateClient (-want +got):\n%s", diff)
	}
	ghost := newClient("client_ghost", team, false, "g", t0)
	wantCode(t, "UpdateClient(unknown)", s.UpdateClient(ctx, ghost, newEvent("evt_ghost", team, false, "x", t0)), sello.NotFound)
	if _, err := s.FindEventByID(ctx, team, false, "evt_ghost"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("a failed UpdateClient stored its event: %v", err)
	}
	wantCode(t, "UpdateClient(duplicate event)", s.UpdateClient(ctx, c, newEvent("evt_c2", team, false, "x", t0)), sello.AlreadyExists)

	if err := s.DeleteClient(ctx, team, false, "client_1", t0.Add(2*time.Hour), newEvent("evt_c3", team, false, "customer.deleted", t0)); err != nil {
		t.Fatalf("DeleteClient: %v", err)
	}
	if _, err := s.FindClientByID(ctx, team, false, "client_1"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindClientByID after delete = %v, want NotFound", err)
	}
	wantCode(t, "DeleteClient(twice)", s.DeleteClient(ctx, team, false, "client_1", t0), sello.NotFound)
	wantCode(t, "UpdateClient(deleted)", s.UpdateClient(ctx, c), sello.NotFound)
}

func testFindClients(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_fc")
	mustCreateTeam(t, s, newTeam(team, "", "BUSQUEDA", t0))
	names := []string{"Ana Núñez", "Bruno Díaz", "Carla Ibáñez", "Daniel Peña", "Elena Ruiz"}
	for i, n := range names {
		c := newClient(fmt.Sprintf("client_%d", i), team, false, n, t0.Add(time.Duration(i)*time.Second))
		c.Metadata = map[string]any{"i": fmt.Sprint(i % 2)}
		if i == 4 {
			c.TaxID, c.Email = "XAXX010101000", "Elena@Example.com"
		}
		if err := s.CreateClient(ctx, c); err != nil {
			t.Fatalf("CreateClient(%s): %v", n, err)
		}
	}
	live := newClient("client_live", team, true, "Ana Live", t0)
	if err := s.CreateClient(ctx, live); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteClient(ctx, team, false, "client_3", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	ids := func(cs []*sello.Client) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    sello.ClientFilter
		want []string
	}{
		{"all, deleted and live excluded", sello.ClientFilter{}, []string{"client_0", "client_1", "client_2", "client_4"}},
		{"query folded", sello.ClientFilter{Query: sello.Fold("NUÑEZ")}, []string{"client_0"}},
		{"query rfc", sello.ClientFilter{Query: "xaxx01"}, []string{"client_4"}},
		{"query email", sello.ClientFilter{Query: "bruno diaz@"}, []string{"client_1"}},
		{"query company", sello.ClientFilter{Query: "compania carla"}, []string{"client_2"}},
		{"query wildcard is literal", sello.ClientFilter{Query: "%"}, nil},
		{"name", sello.ClientFilter{Name: "ibanez"}, []string{"client_2"}},
		{"name legal", sello.ClientFilter{Name: "legal elena"}, []string{"client_4"}},
		{"email", sello.ClientFilter{Email: "elena@example.COM"}, []string{"client_4"}},
		{"tax_id", sello.ClientFilter{TaxID: "xaxx010101000"}, []string{"client_4"}},
		{"name is", sello.ClientFilter{NameIs: "ana núñez"}, []string{"client_0"}},
		{"metadata", sello.ClientFilter{Metadata: map[string]string{"i": "1"}}, []string{"client_1"}},
		{"desc by name", sello.ClientFilter{ListOptions: sello.ListOptions{OrderBy: "name", Desc: true}}, []string{"client_4", "client_2", "client_1", "client_0"}},
	}
	for _, tt := range tests {
		tt.f.TeamID = team
		got, _, total, err := s.FindClients(ctx, tt.f)
		if err != nil {
			t.Errorf("FindClients(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, ids(got), cmpopts.EquateEmpty()); diff != "" || total != len(tt.want) {
			t.Errorf("FindClients(%s): total %d (-want +got):\n%s", tt.name, total, diff)
		}
	}
	page, more, total, err := s.FindClients(ctx, sello.ClientFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 2}})
	if err != nil || !more || total != 4 || len(page) != 2 {
		t.Fatalf("FindClients(limit 2) = %d, %v, %d, %v", len(page), more, total, err)
	}
	last := page[1]
	rest, more, _, err := s.FindClients(ctx, sello.ClientFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 2,
		After: &sello.Cursor{Key: fmt.Sprint(last.CreatedAt.UnixNano()), ID: last.ID}}})
	if err != nil || more || cmp.Diff([]string{"client_2", "client_4"}, ids(rest)) != "" {
		t.Errorf("FindClients(after %s) = %v, more %v, err %v", last.ID, ids(rest), more, err)
	}
}
