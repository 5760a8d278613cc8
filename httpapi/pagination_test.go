package httpapi

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

func TestTeamsPagination(t *testing.T) {
	t.Parallel()
	e := setup(t)
	want := []string{string(e.parent.ID), string(e.child.ID)}
	for i := 0; i < 5; i++ {
		tm := &sello.Team{LegalName: "CHILD " + string(rune('A'+i)), TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600", ParentID: e.parent.ID}
		if _, err := e.svc.CreateTeam(context.Background(), tm); err != nil {
			t.Fatal(err)
		}
		want = append(want, string(tm.ID))
	}
	if got := e.walk(t, "/v2/teams?limit=2", "id", 7); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("walk = %v, want %v", got, want)
	}
	byName := "CHILD,CHILD A,CHILD B,CHILD C,CHILD D,CHILD E,PARENT"
	if got := e.walk(t, "/v2/teams?limit=3&order_by=name", "legal_name", 7); strings.Join(got, ",") != byName {
		t.Errorf("walk by name = %v, want %s", got, byName)
	}
	byNameDesc := "PARENT,CHILD E,CHILD D,CHILD C,CHILD B,CHILD A,CHILD"
	if got := e.walk(t, "/v2/teams?limit=4&order_by=name&sort=desc", "legal_name", 7); strings.Join(got, ",") != byNameDesc {
		t.Errorf("walk by name desc = %v, want %s", got, byNameDesc)
	}

	// A cursor is bound to its list: tampered, or from another order, it is refused.
	_, first := e.do(t, "GET", "/v2/teams?limit=2", bearer(e.test), "")
	cur := first["next"].(string)
	tampered := strings.Replace(cur, cur[:3], "eyK", 1)
	_, desc := e.do(t, "GET", "/v2/teams?limit=2&sort=desc", bearer(e.test), "")
	if lookup(desc, "data.0.id") != want[len(want)-1] {
		t.Errorf("sort=desc first = %v, want %s", lookup(desc, "data.0.id"), want[len(want)-1])
	}
	tests := []scenario{
		{name: "tampered cursor", method: "GET", path: "/v2/teams?next=" + url.QueryEscape(tampered), hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "garbage cursor", method: "GET", path: "/v2/teams?cursor=abc", hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "cursor of another order", method: "GET", path: "/v2/teams?limit=2&next=" + url.QueryEscape(desc["next"].(string)), hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "cursor alias starting_after", method: "GET", path: "/v2/teams?limit=2&starting_after=" + url.QueryEscape(cur), hdr: bearer(e.test), status: 200,
			want: map[string]any{"data.0.id": want[2]}},
		{name: "limit 0", method: "GET", path: "/v2/teams?limit=0", hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "limit text", method: "GET", path: "/v2/teams?limit=ten", hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "limit clamped", method: "GET", path: "/v2/teams?limit=500", hdr: bearer(e.test), status: 200, want: map[string]any{"has_more": false}},
		{name: "two problems", method: "GET", path: "/v2/teams?limit=0&sort=up", hdr: bearer(e.test), status: 400, code: "validation_failed",
			want: map[string]any{"error.details": []any{"limit: must be an integer of at least 1", "sort: must be asc or desc"}}},
		{name: "offset", method: "GET", path: "/v2/teams?offset=6", hdr: bearer(e.test), status: 200, want: map[string]any{"data.0.id": want[6], "total_results": 7.0}},
		{name: "camel orderBy name", method: "GET", path: "/v2/teams?orderBy=name&limit=1", hdr: bearer(e.test), status: 200, want: map[string]any{"data.0.legal_name": "CHILD"}},
		{name: "created window excludes all", method: "GET", path: "/v2/teams?from=2020-01-01&to=2020-01-02", hdr: bearer(e.test), status: 200, want: map[string]any{"total_results": 0.0}},
		{name: "created ms and ISO", method: "GET", path: "/v2/teams?created[gte]=1772323200000&created[lte]=2026-03-02T00:00:00Z", hdr: bearer(e.test), status: 200, want: map[string]any{"total_results": 7.0}},
		{name: "bad date", method: "GET", path: "/v2/teams?from=yesterday", hdr: bearer(e.test), status: 400, code: "invalid_field_value"},
		{name: "child key sees itself", method: "GET", path: "/v2/teams", hdr: bearer(e.childTest), status: 200, want: map[string]any{"total_results": 1.0, "data.0.id": string(e.child.ID)}},
		{name: "get child", method: "GET", path: "/v2/teams/" + string(e.child.ID), hdr: bearer(e.test), status: 200,
			want: map[string]any{"data.parent_team": string(e.parent.ID), "data.address.zip": "06600", "data.tax_system": "601", "data.name": "CHILD"}},
		{name: "get other", method: "GET", path: "/v2/teams/" + string(e.other.ID), hdr: bearer(e.test), status: 403, code: "forbidden"},
		{name: "get parent from child", method: "GET", path: "/v2/teams/" + string(e.parent.ID), hdr: bearer(e.childTest), status: 403, code: "forbidden"},
	}
	e.run(t, tests)
}

// walk follows next cursors from path and returns field of every item.
func (e *env) walk(t *testing.T, path, field string, total float64) []string {
	t.Helper()
	var got []string
	next := ""
	for page := 0; page < 20; page++ {
		p := path
		if next != "" {
			p += "&next=" + url.QueryEscape(next)
		}
		resp, body := e.do(t, "GET", p, bearer(e.test), "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d %v", p, resp.StatusCode, body)
		}
		if body["total_results"] != total || body["totalResults"] != total || body["has_more"] != body["hasMore"] {
			t.Errorf("GET %s: list fields %v %v %v %v", p, body["total_results"], body["totalResults"], body["has_more"], body["hasMore"])
		}
		for _, d := range body["data"].([]any) {
			got = append(got, d.(map[string]any)[field].(string))
		}
		n, _ := body["next"].(string)
		if n == "" {
			if body["has_more"] != false || body["next"] != nil {
				t.Errorf("last page: has_more %v next %v", body["has_more"], body["next"])
			}
			return got
		}
		next = n
	}
	t.Fatalf("GET %s: more than 20 pages", path)
	return nil
}
