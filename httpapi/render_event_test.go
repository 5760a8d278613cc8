package httpapi

import (
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

func TestRenderEvent(t *testing.T) {
	t.Parallel()
	team := &sello.Team{ID: "team_1", LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501",
		CreatedAt: time.Unix(1767225600, 0)}
	b, err := RenderEvent("teams.created", team)
	if err != nil {
		t.Fatalf("RenderEvent(team): %v", err)
	}
	if want := `"id":"team_1"`; !strings.Contains(string(b), want) {
		t.Errorf("RenderEvent(team) = %s, want it to contain %s", b, want)
	}
	if _, err := RenderEvent("x.y", 42); err == nil {
		t.Errorf("RenderEvent(int) succeeded, want an error")
	}
}
