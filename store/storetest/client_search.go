package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sello-mx/sello"
)

// testClientSearch checks q and name on clients: case- and
// accent-insensitive substrings of any length, LIKE and FTS syntax taken
// literally, exact totals, and the index kept in step with every write.
func testClientSearch(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team, other := sello.TeamID("team_cs"), sello.TeamID("team_cs2")
	mustCreateTeam(t, s, newTeam(team, "", "BUSCAR", t0))
	mustCreateTeam(t, s, newTeam(other, "", "OTRO", t0))
	var live []*sello.Client
	for i, n := range []string{"Ana Núñez", "Bruno_Díaz", "Carla 50% Ibáñez", `Daniel "Peña"`, "Elena Ruiz", "Ñandú (Sur)*: ^NEAR/2"} {
		c := newClient(fmt.Sprintf("client_s%d", i), team, false, n, t0.Add(time.Duration(i)*time.Second))
		mustCreateClient(t, s, c)
		live = append(live, c)
	}
	mustCreateClient(t, s, newClient("client_sx", other, false, "Ana Otra", t0))
	mustCreateClient(t, s, newClient("client_sl", team, true, "Ana Live", t0))
	gone := newClient("client_sd", team, false, "Borrado Núñez", t0)
	mustCreateClient(t, s, gone)
	if err := s.DeleteClient(ctx, team, false, gone.ID, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// Renamed: the old name no longer matches, the new one does.
	live[4].Name, live[4].LegalName, live[4].Company, live[4].Email = "Elena Quiroga", "QUIROGA", "Quiroga SA", "eq@example.com"
	if err := s.UpdateClient(ctx, live[4]); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		f     sello.ClientFilter
		want  []string
		total int
	}{
		{"middle of a word", sello.ClientFilter{Query: "une"}, []string{"client_s0"}, 1},
		{"accents and case", sello.ClientFilter{Query: sello.Fold("IBÁÑEZ")}, []string{"client_s2"}, 1},
		{"renamed", sello.ClientFilter{Query: "ruiz"}, nil, 0},
		{"new name", sello.ClientFilter{Query: "quiroga"}, []string{"client_s4"}, 1},
		{"deleted", sello.ClientFilter{Query: "borrado"}, nil, 0},
		{"one character", sello.ClientFilter{Query: "q"}, []string{"client_s4"}, 1},
		{"two characters", sello.ClientFilter{Query: "ru"}, []string{"client_s1"}, 1},
		{"underscore", sello.ClientFilter{Query: "o_d"}, []string{"client_s1"}, 1},
		{"underscore as a wildcard", sello.ClientFilter{Query: "a_a"}, nil, 0},
		{"percent", sello.ClientFilter{Query: "50%"}, []string{"client_s2"}, 1},
		{"percent as a wildcard", sello.ClientFilter{Query: "a%z"}, nil, 0},
		{"quotes", sello.ClientFilter{Query: `"pena"`}, []string{"client_s3"}, 1},
		{"fts syntax", sello.ClientFilter{Query: "ana OR elena"}, nil, 0},
		{"name, middle", sello.ClientFilter{Name: "arl"}, []string{"client_s2"}, 1},
		{"name and query", sello.ClientFilter{Name: "ana", Query: "nunez"}, []string{"client_s0"}, 1},
		{"query and email", sello.ClientFilter{Query: "ana", Email: "ana núñez@example.com"}, []string{"client_s0"}, 1},
		{"desc by name", sello.ClientFilter{Query: "ez", ListOptions: sello.ListOptions{OrderBy: "name", Desc: true}}, []string{"client_s2", "client_s0"}, 2},
	}
	for _, tt := range tests {
		tt.f.TeamID = team
		got, _, total, err := s.FindClients(ctx, tt.f)
		if err != nil {
			t.Errorf("FindClients(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, clientIDs(got), cmpopts.EquateEmpty()); diff != "" || total != tt.total {
			t.Errorf("FindClients(%s): total %d, want %d (-want +got):\n%s", tt.name, total, tt.total, diff)
		}
	}
	checkClientSubstrings(t, s, team, live)
}

// checkClientSubstrings checks every substring of one to four characters
// of the clients' texts, as q and as name, against strings.Contains.
func checkClientSubstrings(t *testing.T, s sello.Store, team sello.TeamID, clients []*sello.Client) {
	t.Helper()
	var texts []string
	for _, c := range clients {
		texts = append(texts, c.SearchText())
	}
	for _, q := range substrings(texts, 4) {
		for _, byName := range []bool{false, true} {
			f := sello.ClientFilter{TeamID: team, Query: q, ListOptions: sello.ListOptions{Limit: 100}}
			if byName {
				f.Query, f.Name = "", q
			}
			var want []string
			for _, c := range clients {
				text := c.SearchText()
				if byName {
					text = c.NameText()
				}
				if strings.Contains(text, q) {
					want = append(want, c.ID)
				}
			}
			got, _, total, err := s.FindClients(context.Background(), f)
			if err != nil || total != len(want) || cmp.Diff(want, clientIDs(got), cmpopts.EquateEmpty()) != "" {
				t.Errorf("FindClients(q %q, name %q) = %v, total %d, %v; want %v", f.Query, f.Name, clientIDs(got), total, err, want)
			}
		}
	}
}

// testClientSearchMany checks a search that matches more clients than the
// stores look up one by one.
func testClientSearchMany(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_csm")
	mustCreateTeam(t, s, newTeam(team, "", "MUCHOS", t0))
	const n = 700
	for i := range n {
		c := newClient(fmt.Sprintf("client_m%03d", i), team, false, fmt.Sprintf("Cliente %d", i), t0.Add(time.Duration(i)*time.Second))
		if i%2 == 0 {
			c.Metadata = map[string]any{"par": "si"}
		}
		mustCreateClient(t, s, c)
	}
	var want []string
	for i := n - 1; i >= n-5; i-- {
		want = append(want, fmt.Sprintf("client_m%03d", i))
	}
	tests := []struct {
		name  string
		f     sello.ClientFilter
		want  []string
		total int
		more  bool
	}{
		{"all", sello.ClientFilter{Query: "example.com"}, want, n, true},
		{"with metadata", sello.ClientFilter{Query: "example.com", Metadata: map[string]string{"par": "si"}}, []string{"client_m698", "client_m696", "client_m694", "client_m692", "client_m690"}, n / 2, true},
		{"after cursor", sello.ClientFilter{Query: "cliente", ListOptions: sello.ListOptions{After: &sello.Cursor{Key: fmt.Sprint(t0.Add(3 * time.Second).UnixNano()), ID: "client_m003"}}}, []string{"client_m002", "client_m001", "client_m000"}, n, false},
		{"few", sello.ClientFilter{Query: "cliente 69"}, []string{"client_m699", "client_m698", "client_m697", "client_m696", "client_m695"}, 11, true},
	}
	for _, tt := range tests {
		tt.f.TeamID, tt.f.Desc = team, true
		if tt.f.Limit == 0 {
			tt.f.Limit = 5
		}
		got, more, total, err := s.FindClients(ctx, tt.f)
		if err != nil {
			t.Errorf("FindClients(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, clientIDs(got)); diff != "" || total != tt.total || more != tt.more {
			t.Errorf("FindClients(%s): total %d, more %v, want %d, %v (-want +got):\n%s", tt.name, total, more, tt.total, tt.more, diff)
		}
	}
}

func mustCreateClient(t *testing.T, s sello.Store, c *sello.Client) {
	t.Helper()
	if err := s.CreateClient(context.Background(), c); err != nil {
		t.Fatalf("CreateClient(%s) = %v", c.ID, err)
	}
}

// invoiceIDs are the ids of invs, in their order.
func invoiceIDs(invs []*sello.Invoice) []string {
	var out []string
	for _, inv := range invs {
		out = append(out, inv.ID)
	}
	return out
}

func clientIDs(cs []*sello.Client) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
