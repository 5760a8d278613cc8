package sello

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// CreateSeries adds a folio series to a team; live and test are the next
// folios (1 when zero). Invalid for a bad name or folio; AlreadyExists for
// a name the team already has.
func (s *Service) CreateSeries(ctx context.Context, team TeamID, name string, live, test int64) (*Series, error) {
	var p Problems
	if n := utf8.RuneCountInString(name); n == 0 {
		p.Missing("series")
	} else if n > 25 {
		p.Add("series", "must have 1 to 25 characters")
	}
	checkFolio(&p, "live", &live)
	checkFolio(&p, "test", &test)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	sr := &Series{ID: s.ids.New("series_"), TeamID: team, Name: name, NextLive: live, NextTest: test, CreatedAt: s.now().UTC()}
	if err := s.store.CreateSeries(ctx, sr); err != nil {
		if ErrorCode(err) == AlreadyExists {
			return nil, Wrap(AlreadyExists, err, "The team already has a series named "+name)
		}
		return nil, fmt.Errorf("create series: %w", err)
	}
	return sr, nil
}

func checkFolio(p *Problems, field string, v *int64) {
	if *v == 0 {
		*v = 1
	} else if *v < 1 {
		p.Add(field, "must be an integer of at least 1")
	}
}

// UpdateSeries sets the next folios of a series named by id or name; nil
// leaves a counter unchanged. NotFound when the team has no such series.
func (s *Service) UpdateSeries(ctx context.Context, team TeamID, idOrName string, live, test *int64) (*Series, error) {
	all, err := s.FindSeries(ctx, team)
	if err != nil {
		return nil, err
	}
	var sr *Series
	for _, x := range all {
		if x.ID == idOrName || x.Name == idOrName {
			sr = x
			break
		}
	}
	if sr == nil {
		return nil, Errorf(NotFound, "series not found")
	}
	var p Problems
	for _, c := range []struct {
		field string
		v     *int64
		dst   *int64
	}{{"live", live, &sr.NextLive}, {"test", test, &sr.NextTest}} {
		if c.v == nil {
			continue
		}
		if *c.v < 1 {
			p.Add(c.field, "must be an integer of at least 1")
		}
		*c.dst = *c.v
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if err := s.store.UpdateSeries(ctx, sr); err != nil {
		return nil, fmt.Errorf("update series: %w", err)
	}
	return sr, nil
}

// FindSeries returns a team's series, oldest first.
func (s *Service) FindSeries(ctx context.Context, team TeamID) ([]*Series, error) {
	all, err := s.store.FindSeries(ctx, team)
	if err != nil {
		return nil, fmt.Errorf("find series: %w", err)
	}
	return all, nil
}

// UpdateTeamSettings applies a partial update to a team's settings (API.md
// §8, §9.11) and returns the result. Invalid when a value has the wrong type.
func (s *Service) UpdateTeamSettings(ctx context.Context, team TeamID, patch map[string]any) (*TeamSettings, error) {
	cur, err := s.TeamSettings(ctx, team)
	if err != nil {
		return nil, err
	}
	curJSON, err := json.Marshal(cur)
	if err != nil {
		return nil, Wrap(Internal, err, "Cannot encode the settings")
	}
	curMap, err := settingsMap(curJSON)
	if err != nil {
		return nil, Wrap(Internal, err, "Cannot encode the settings")
	}
	defaults, _ := settingsMap([]byte(defaultSettings))
	merged, err := json.Marshal(mergeSettings(curMap, patch, defaults))
	if err != nil {
		return nil, Wrap(Internal, err, "Cannot encode the settings")
	}
	var next TeamSettings
	if err := json.Unmarshal(merged, &next); err != nil {
		field := "settings"
		if te, ok := err.(*json.UnmarshalTypeError); ok && te.Field != "" {
			field = te.Field
		}
		var p Problems
		p.Add(field, "has the wrong type")
		return nil, p.Err("Invalid request body")
	}
	if err := s.checkSettingsPeriod(ctx, team, next.Periodicity.Value); err != nil {
		return nil, err
	}
	out, err := json.Marshal(&next)
	if err != nil {
		return nil, Wrap(Internal, err, "Cannot encode the settings")
	}
	if err := s.store.PutTeamSettings(ctx, team, out); err != nil {
		return nil, fmt.Errorf("team %s settings: %w", team, err)
	}
	return &next, nil
}
