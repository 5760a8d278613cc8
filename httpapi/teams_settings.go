package httpapi

import "github.com/sello-mx/sello"

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

// seriesRequest is the body of the series routes.
type seriesRequest struct {
	Series string     `json:"series,omitempty" doc:"the series' name (POST)"`
	Live   opt[int64] `json:"live" doc:"the next live folio"`
	Test   opt[int64] `json:"test" doc:"the next test folio"`
}
