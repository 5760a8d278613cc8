package httpapi

import (
	"github.com/sello-mx/sello"
)

// createTeamC answers POST /v2/teams (API.md §11.9): 201 Team, a child of
// the key's team.
func (s *Server) createTeamC(c *call) (*reply, error) {
	if c.auth.Team.ParentID != "" {
		return nil, sello.Errorf(sello.InsufficientPermissions, "Only top-level teams may create teams")
	}
	var req teamRequest
	var p sello.Problems
	c.decode(&req, &p)
	t := &sello.Team{}
	req.apply(c, t)
	members := memberChanges(req.AddMembers.V, sello.RoleViewer, &p)
	if req.AddMasterTeamMembers {
		master, err := s.svc.Members(c.ctx(), c.auth.Team.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range master {
			members = append(members, sello.MemberChange{UserID: m.UserID, Role: m.Role, Permissions: &m.Permissions})
		}
	}
	st, err := s.createTeam(c, t, members, p)
	if err != nil {
		return nil, err
	}
	v := newTeamView(st)
	if req.GenerateOnboardingURL {
		if v.OnboardingURL, _, err = c.onboardingURL(st.Team); err != nil {
			return nil, err
		}
	}
	return created("Team created successfully", v), nil
}

// updateTeamC answers PUT /v2/teams/{id}.
func (s *Server) updateTeamC(c *call) (*reply, error) {
	st, err := s.updateTeamFrom(c)
	if err != nil {
		return nil, err
	}
	return ok("Team updated successfully", newTeamView(st)), nil
}

// deleteTeamC answers DELETE /v2/teams/{id}: only a child of the key's team.
func (s *Server) deleteTeamC(c *call) (*reply, error) {
	id := sello.TeamID(c.r.PathValue("id"))
	if err := s.svc.DeleteTeam(c.ctx(), c.auth, id); err != nil {
		return nil, err
	}
	return ok("Team deleted successfully", deletedView{ID: string(id), Deleted: true}), nil
}

// teamIntegrations answers GET /v2/teams/integrations for the target team.
func (s *Server) teamIntegrations(c *call) (*reply, error) {
	st, err := c.teamState(c.target)
	if err != nil {
		return nil, err
	}
	return ok("Integrations retrieved successfully", newTeamView(st).Integrations), nil
}

// onboardingURLC answers GET /v2/teams/{id}/onboarding-url: data is the
// bare URL.
func (s *Server) onboardingURLC(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	u, _, err := c.onboardingURL(t)
	if err != nil {
		return nil, err
	}
	return ok("Onboarding URL retrieved successfully", u), nil
}

// memberResult is the member add-member and remove-member answer with.
type memberResult = memberSnakeView

// memberRoleRequest is the body of POST /v2/teams/{id}/add-member and
// remove-member.
type memberRoleRequest struct {
	ID   string `json:"id" doc:"the user"`
	Role string `json:"role,omitempty" doc:"admin, editor or viewer (add-member; default viewer)"`
}

// addMember answers POST /v2/teams/{id}/add-member {id, role}.
func (s *Server) addMember(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req memberRoleRequest
	var p sello.Problems
	c.decode(&req, &p)
	id, role := req.ID, req.Role
	if id == "" {
		p.Missing("id")
	}
	r, okRole := sello.ParseRole(role)
	if role != "" && !okRole {
		p.Add("role", "must be admin, editor or viewer")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	ms, err := s.svc.ChangeMembers(c.ctx(), c.auth.Livemode, t, []sello.MemberChange{{UserID: sello.UserID(id), Role: r, DefaultRole: sello.RoleViewer}})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.UserID == sello.UserID(id) {
			return ok("Operation completed successfully", memberResult{ID: id, Email: m.Email, Role: string(m.Role), Status: "active"}), nil
		}
	}
	return nil, sello.Errorf(sello.DataIntegrity, "member not stored")
}

// removeMember answers POST /v2/teams/{id}/remove-member {id}.
func (s *Server) removeMember(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req memberRoleRequest
	var p sello.Problems
	c.decode(&req, &p)
	id := req.ID
	if id == "" && len(p) == 0 {
		p.Missing("id")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	removed, err := s.svc.RemoveMembers(c.ctx(), c.auth.Livemode, t, []sello.UserID{sello.UserID(id)})
	if err != nil {
		return nil, err
	}
	m := removed[0]
	return ok("Operation completed successfully", memberResult{ID: id, Email: m.Email, Role: string(m.Role), Status: "active"}), nil
}

// seriesView is the Series object (API.md §9.10).
type seriesView struct {
	ID        string `json:"id"`
	Series    string `json:"series"`
	Live      int64  `json:"live"`
	Test      int64  `json:"test"`
	CreatedAt int64  `json:"created_at"`
}

func newSeriesView(sr *sello.Series) seriesView {
	return seriesView{ID: sr.ID, Series: sr.Name, Live: sr.NextLive, Test: sr.NextTest, CreatedAt: sr.CreatedAt.Unix()}
}

// listSeries answers GET /v2/teams/{id}/series.
func (s *Server) listSeries(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	all, err := s.svc.FindSeries(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	out := make([]seriesView, len(all))
	for i, sr := range all {
		out[i] = newSeriesView(sr)
	}
	return &reply{status: 200, message: "Series retrieved successfully", data: out, list: &listMeta{total: len(out)}}, nil
}

// createSeries answers POST /v2/teams/{id}/series.
func (s *Server) createSeries(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req seriesRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	next := func(o opt[int64]) int64 {
		if o.valued() && o.V == 0 {
			return -1 // 0 is not a folio
		}
		return o.V
	}
	sr, err := s.svc.CreateSeries(c.ctx(), t.ID, req.Series, next(req.Live), next(req.Test))
	if err != nil {
		return nil, err
	}
	return created("Series created successfully", newSeriesView(sr)), nil
}

// updateSeries answers PUT /v2/teams/{id}/series/{seriesId}.
func (s *Server) updateSeries(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req seriesRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	given := func(o opt[int64]) *int64 {
		if !o.valued() {
			return nil
		}
		return &o.V
	}
	sr, err := s.svc.UpdateSeries(c.ctx(), t.ID, c.r.PathValue("seriesId"), given(req.Live), given(req.Test))
	if err != nil {
		return nil, err
	}
	return ok("Series updated successfully", newSeriesView(sr)), nil
}

// getSettings answers GET /v2/teams/{id}/settings.
func (s *Server) getSettings(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	ts, err := s.svc.TeamSettings(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	return ok("Settings retrieved successfully", ts), nil
}

// putSettings answers PUT /v2/teams/{id}/settings: a partial update.
func (s *Server) putSettings(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	ts, err := s.svc.UpdateTeamSettings(c.ctx(), t.ID, c.body)
	if err != nil {
		return nil, err
	}
	return ok("Settings updated successfully", ts), nil
}
