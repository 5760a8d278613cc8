package sello

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// TeamKeys are the two keys a new team gets, shown once.
type TeamKeys struct {
	Test   string
	TestID string
	Live   string
	LiveID string
}

// rfcPattern is the shape of an RFC: 3 letters (legal person) or 4 (natural
// person), the date YYMMDD and a 3-character homoclave.
var rfcPattern = regexp.MustCompile(`^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$`)

// ValidateTeam checks a team's fiscal fields: legal name present, RFC shape,
// a 3-digit c_RegimenFiscal code and a 5-digit postal code. Invalid lists
// every problem.
func ValidateTeam(t *Team) error {
	var p Problems
	if strings.TrimSpace(t.LegalName) == "" {
		p.Missing("legal_name")
	}
	if t.TaxID == "" {
		p.Missing("tax_id")
	} else if !rfcPattern.MatchString(t.TaxID) {
		p.Add("tax_id", "must be an RFC of 12 or 13 characters (for example EKU9003173C9)")
	}
	if !digits(t.TaxSystem, 3) {
		p.Add("tax_system", "must be a 3-digit c_RegimenFiscal code (for example 601)")
	}
	if !digits(t.Zip, 5) {
		p.Add("zip", "must be a 5-digit postal code")
	}
	return p.Err("Invalid team")
}

// CreateTeam validates and stores a new team (ID and timestamps are set
// here) and issues its test and live keys. A team with a ParentID becomes
// that team's child; the parent must itself be top-level
// (InsufficientPermissions otherwise). Invalid for bad fields.
func (s *Service) CreateTeam(ctx context.Context, t *Team) (*TeamKeys, error) {
	t.TaxID = strings.ToUpper(strings.TrimSpace(t.TaxID))
	t.LegalName = strings.TrimSpace(t.LegalName)
	if err := ValidateTeam(t); err != nil {
		return nil, err
	}
	if t.ParentID != "" {
		parent, err := s.store.FindTeamByID(ctx, t.ParentID)
		if err != nil {
			return nil, fmt.Errorf("create team: %w", err)
		}
		if parent.ParentID != "" {
			return nil, Errorf(InsufficientPermissions, "Only top-level teams may create teams")
		}
	}
	if t.Name == "" {
		t.Name = t.LegalName
	}
	// Full precision: GET /v2/teams lists the parent before children made
	// within the same second.
	now := s.now().UTC()
	t.ID = TeamID(s.ids.New("team_"))
	t.CreatedAt, t.UpdatedAt = now, now
	if err := s.store.CreateTeam(ctx, t); err != nil {
		return nil, fmt.Errorf("create team: %w", err)
	}
	var keys TeamKeys
	var err error
	var k *APIKey
	if keys.Test, k, err = s.IssueKey(ctx, t.ID, false); err != nil {
		return nil, err
	}
	keys.TestID = k.ID
	if keys.Live, k, err = s.IssueKey(ctx, t.ID, true); err != nil {
		return nil, err
	}
	keys.LiveID = k.ID
	return &keys, nil
}

// EnsureSandbox creates the sandbox team when no team exists yet and returns
// it with its keys; it returns (nil, nil, nil) when teams already exist.
func (s *Service) EnsureSandbox(ctx context.Context) (*Team, *TeamKeys, error) {
	n, err := s.store.CountTeams(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("count teams: %w", err)
	}
	if n > 0 {
		return nil, nil, nil
	}
	// EKU9003173C9 is the SAT's public test RFC, whose test CSD ships with Sello's fixtures.
	t := &Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501", Sandbox: true}
	keys, err := s.CreateTeam(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	return t, keys, nil
}

// ResolveTarget returns the team a request acts on (API.md §4.4): the key's
// team when param is empty, otherwise the team param names, which must be
// the key's team or its direct child. Forbidden otherwise, a team that does
// not exist included.
func (s *Service) ResolveTarget(ctx context.Context, a *Auth, param string) (*Team, error) {
	if param == "" || TeamID(param) == a.Team.ID {
		return a.Team, nil
	}
	return s.FindTeamByID(ctx, a, TeamID(param))
}

// FindTeamByID returns a team the key may act on: its own or a direct child.
// Forbidden for any other id, one that does not exist included.
func (s *Service) FindTeamByID(ctx context.Context, a *Auth, id TeamID) (*Team, error) {
	if id == a.Team.ID {
		return a.Team, nil
	}
	t, err := s.store.FindTeamByID(ctx, id)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(Forbidden, errNoTeam, "You cannot act on this team")
	} else if err != nil {
		return nil, fmt.Errorf("find team %s: %w", id, err)
	}
	if !a.Team.CanActOn(t) {
		return nil, Wrap(Forbidden, errNoTeam, "You cannot act on this team")
	}
	return t, nil
}

// FindTeams lists the target team and its direct children, one page at a time.
func (s *Service) FindTeams(ctx context.Context, target *Team, opts ListOptions) ([]*Team, bool, int, error) {
	teams, more, total, err := s.store.FindTeams(ctx, TeamFilter{SelfOrChildrenOf: target.ID, ListOptions: opts})
	if err != nil {
		return nil, false, 0, fmt.Errorf("find teams: %w", err)
	}
	return teams, more, total, nil
}

// TeamSettings returns a team's settings, the defaults filled in.
func (s *Service) TeamSettings(ctx context.Context, team TeamID) (*TeamSettings, error) {
	b, err := s.store.FindTeamSettings(ctx, team)
	if err != nil {
		return nil, fmt.Errorf("team %s settings: %w", team, err)
	}
	if b == nil {
		return defaultTeamSettings(), nil
	}
	var ts TeamSettings
	if err := json.Unmarshal(b, &ts); err != nil {
		return nil, Wrap(DataIntegrity, err, "Stored team settings are unreadable")
	}
	return &ts, nil
}
