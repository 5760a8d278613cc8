package httpapi

import (
	"github.com/sello-mx/sello"
)

// teamView is the Team object of surface C (API.md §9.9), in its minimal
// form: the fiscal identity the official CLI reads.
type teamView struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	LegalName  string      `json:"legal_name"`
	TaxID      string      `json:"tax_id"`
	TaxSystem  string      `json:"tax_system"`
	Address    addressView `json:"address"`
	ParentTeam *string     `json:"parent_team"`
	Status     string      `json:"status"`
	// CreatedAt is in unix seconds.
	CreatedAt int64 `json:"created_at"`
}

// addressView is the part of an Address a minimal team carries.
type addressView struct {
	Zip string `json:"zip"`
}

func newTeamView(t *sello.Team) *teamView {
	v := &teamView{
		ID: string(t.ID), Name: t.Name, LegalName: t.LegalName, TaxID: t.TaxID, TaxSystem: t.TaxSystem,
		Address: addressView{Zip: t.Zip}, Status: "active", CreatedAt: t.CreatedAt.Unix(),
	}
	if v.Name == "" {
		v.Name = t.LegalName
	}
	if t.ParentID != "" {
		p := string(t.ParentID)
		v.ParentTeam = &p
	}
	return v
}

// listTeams answers GET /v2/teams: the target team first, then its children.
func (s *Server) listTeams(c *call) (*reply, error) {
	opts, err := c.listOptions(false)
	if err != nil {
		return nil, err
	}
	teams, more, total, err := s.svc.FindTeams(c.ctx(), c.target, opts)
	if err != nil {
		return nil, err
	}
	out := make([]*teamView, len(teams))
	for i, t := range teams {
		out[i] = newTeamView(t)
	}
	var last sello.Cursor
	if n := len(teams); n > 0 {
		t := teams[n-1]
		last = timeCursor(t.CreatedAt, string(t.ID))
		if opts.OrderBy == "name" {
			last = sello.Cursor{Key: t.LegalName, ID: string(t.ID)}
		}
	}
	return c.page("Teams retrieved successfully", out, more, total, last)
}

// getTeam answers GET /v2/teams/{id} for the key's team or a child.
func (s *Server) getTeam(c *call) (*reply, error) {
	t, err := s.svc.FindTeamByID(c.ctx(), c.auth, sello.TeamID(c.r.PathValue("id")))
	if err != nil {
		return nil, err
	}
	return ok("Team retrieved successfully", newTeamView(t)), nil
}
