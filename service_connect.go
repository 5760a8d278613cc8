package sello

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// The team event names of API.md §13.1.
const (
	EventTeamCreated        = "teams.created"
	EventTeamSATCompleted   = "teams.sat.completed"
	EventTeamMembersUpdated = "teams.members.updated"
)

// TeamState is a team as its API views show it to a key of one mode: the
// stored team plus its members, its CSD for that mode, its settings and its
// document counts.
type TeamState struct {
	*Team
	Livemode bool
	Members  []*Member
	CSD      *TeamCSD // nil when no CSD is connected in this mode
	Settings *TeamSettings
	// Counts of documents created in this mode (0 until those resources exist).
	InvoicesCreated, PaymentsCreated, ReceiptsCreated int
	// Stripe says the team connected Stripe in this mode (service_stripe.go).
	Stripe bool
}

// SetupComplete reports whether the team can issue CFDI in this mode: its
// legal name, RFC, regime and postal code are set and a CSD is connected.
func (s *TeamState) SetupComplete() bool { return len(s.MissingSetup()) == 0 }

// MissingSetup names what the team's setup lacks in this mode, as a team
// body names it: the settings of Team.MissingIssuer, then "sat.csd" when
// no CSD is connected.
func (s *TeamState) MissingSetup() []string {
	missing := s.Team.MissingIssuer()
	if s.CSD == nil {
		missing = append(missing, "sat.csd")
	}
	return missing
}

// MemberChange adds a user to a team or changes its membership.
type MemberChange struct {
	UserID UserID
	// Role is the new role; empty keeps an existing member's role and gives
	// DefaultRole to a new one.
	Role        Role
	DefaultRole Role
	// Permissions, when not nil, replace the explicit permissions.
	Permissions *Permissions
	// Field names the change in the request ("members[0]"): an unknown user
	// is then Invalid naming it, instead of NotFound.
	Field string
}

// TeamState loads what the API views of team show for a key of the mode.
func (s *Service) TeamState(ctx context.Context, t *Team, livemode bool) (*TeamState, error) {
	st := &TeamState{Team: t, Livemode: livemode}
	var err error
	if st.Members, err = s.store.FindMembers(ctx, t.ID); err != nil {
		return nil, fmt.Errorf("team %s members: %w", t.ID, err)
	}
	c, err := s.store.FindTeamCSD(ctx, t.ID, livemode)
	switch ErrorCode(err) {
	case "":
		st.CSD = c
	case NotFound:
	default:
		return nil, fmt.Errorf("team %s CSD: %w", t.ID, err)
	}
	if st.Settings, err = s.TeamSettings(ctx, t.ID); err != nil {
		return nil, err
	}
	if st.ReceiptsCreated, err = s.countReceipts(ctx, t.ID, livemode); err != nil {
		return nil, err
	}
	if st.Stripe, err = s.stripeConnected(ctx, t.ID, livemode); err != nil {
		return nil, err
	}
	return st, nil
}

// Team returns a team the key may act on (its own or a direct child), read
// fresh from storage. Forbidden for any other id, one that does not exist or
// was deleted included.
func (s *Service) Team(ctx context.Context, a *Auth, id TeamID) (*Team, error) {
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

// CreateChildTeam creates a team as a child of the key's team (API.md §4.4,
// §11.9, §11.10) with the given members, and records teams.created for the
// parent. Only a top-level team may create teams (InsufficientPermissions).
// Every optional field is checked (CheckTeamProfile); at least one of the
// legal name, the RFC and the alias is required. Members must be users
// created by the key's team (others count as unknown). Invalid lists every
// problem, unknown members included.
func (s *Service) CreateChildTeam(ctx context.Context, a *Auth, t *Team, members []MemberChange) (*TeamState, error) {
	if a.Team.ParentID != "" {
		return nil, Errorf(InsufficientPermissions, "Only top-level teams may create teams")
	}
	NormalizeTeam(t)
	p := CheckTeamProfile(t)
	if t.LegalName == "" && t.TaxID == "" && t.Brand.Alias == "" {
		p.Missing("legal_name")
	}
	// The new team's only possible creator of users so far is its parent.
	put, err := s.memberChanges(ctx, nil, members, []TeamID{a.Team.ID}, &p)
	if err != nil {
		return nil, err
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	t.ID, t.ParentID, t.Sandbox = TeamID(s.ids.New("team_")), a.Team.ID, false
	t.CreatedAt, t.UpdatedAt = now, now
	if len(put) > 0 {
		t.OwnerID = put[0].UserID
	}
	for _, m := range put {
		m.TeamID, m.CreatedAt = t.ID, now
	}
	st := &TeamState{Team: t, Livemode: a.Livemode, Members: put, Settings: defaultTeamSettings()}
	ev, err := s.newEvent(a.Team.ID, a.Livemode, EventTeamCreated, string(t.ID), st)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateTeam(ctx, t, ev); err != nil {
		return nil, fmt.Errorf("create team: %w", err)
	}
	if len(put) > 0 {
		if err := s.store.PutMembers(ctx, t.ID, put, nil); err != nil {
			// A member deleted meanwhile: take the team back rather than
			// leave it half made.
			if derr := s.store.DeleteTeam(ctx, t.ID, s.now().UTC()); derr != nil {
				err = errors.Join(err, derr)
			}
			return nil, fmt.Errorf("create team %s members: %w", t.ID, err)
		}
	}
	return s.TeamState(ctx, t, a.Livemode)
}

// memberChanges resolves changes against the current members. A user who
// is not yet a member must have been created by one of creators (the team
// and its parent): any other user, like one that does not exist, is Invalid
// in p when the change names its Field and NotFound otherwise, so a team
// can neither attach nor detect another tenant's users.
func (s *Service) memberChanges(ctx context.Context, current []*Member, changes []MemberChange, creators []TeamID, p *Problems) ([]*Member, error) {
	byUser := map[UserID]*Member{}
	for _, m := range current {
		byUser[m.UserID] = m
	}
	var out []*Member
	for i, c := range changes {
		field := c.Field
		if field == "" {
			field = "members[" + strconv.Itoa(i) + "]"
		}
		u, err := s.store.FindUserByID(ctx, c.UserID)
		if err == nil && byUser[u.ID] == nil && !createdBy(u, creators) {
			err = Errorf(NotFound, "User %s not found", c.UserID)
		}
		if ErrorCode(err) == NotFound {
			if c.Field == "" {
				return nil, Errorf(NotFound, "User %s not found", c.UserID)
			}
			p.Add(field, "user %s does not exist", c.UserID)
			continue
		} else if err != nil {
			return nil, fmt.Errorf("find user %s: %w", c.UserID, err)
		}
		m := &Member{UserID: u.ID, Email: u.Email, Role: c.Role}
		if old := byUser[u.ID]; old != nil {
			cp := *old
			m = &cp
			if c.Role != "" {
				m.Role = c.Role
			}
		} else if m.Role == "" {
			m.Role = c.DefaultRole
		}
		if c.Permissions != nil {
			m.Permissions = *c.Permissions
		}
		byUser[u.ID] = m
		out = append(out, m)
	}
	return out, nil
}

// createdBy reports whether one of teams created u.
func createdBy(u *User, teams []TeamID) bool {
	for _, t := range teams {
		if t != "" && u.CreatedByTeam == t {
			return true
		}
	}
	return false
}

// UpdateTeam stores a changed team (every field but its id, parent and
// creation time), checked like CreateChildTeam. Changing the RFC while a CSD
// of another RFC is connected in either mode is Rejected.
func (s *Service) UpdateTeam(ctx context.Context, a *Auth, t *Team) (*TeamState, error) {
	NormalizeTeam(t)
	if err := CheckTeamProfile(t).Err("Invalid request body"); err != nil {
		return nil, err
	}
	for _, live := range []bool{false, true} {
		c, err := s.store.FindTeamCSD(ctx, t.ID, live)
		if err == nil && c.RFC != t.TaxID {
			return nil, &Error{Code: Rejected, Message: "The team's CSD belongs to another RFC",
				Fields: []FieldError{{Field: "tax_id", Problem: fmt.Sprintf("a CSD for %s is connected; upload a CSD for the new RFC first", c.RFC)}}}
		} else if err != nil && ErrorCode(err) != NotFound {
			return nil, fmt.Errorf("team %s CSD: %w", t.ID, err)
		}
	}
	t.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateTeam(ctx, t); err != nil {
		return nil, fmt.Errorf("update team %s: %w", t.ID, err)
	}
	s.forgetTeam(t.ID)
	return s.TeamState(ctx, t, a.Livemode)
}

// DeleteTeam soft-deletes a child of the key's team: it leaves every list,
// its keys stop working and its documents are kept. The key's own team is
// NotAllowed; any team that is not a child is Forbidden.
func (s *Service) DeleteTeam(ctx context.Context, a *Auth, id TeamID) error {
	if id == a.Team.ID {
		return Errorf(NotAllowed, "A team cannot delete itself")
	}
	if _, err := s.Team(ctx, a, id); err != nil {
		return err
	}
	if err := s.store.DeleteTeam(ctx, id, s.now().UTC()); err != nil {
		return fmt.Errorf("delete team %s: %w", id, err)
	}
	s.forgetTeam(id)
	return nil
}

// forgetTeam drops every cached key of a team, so a change or a deletion
// is seen by the next request.
func (s *Service) forgetTeam(id TeamID) {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	for token, e := range s.auth.entries {
		if e.team.ID == id {
			delete(s.auth.entries, token)
		}
	}
}

// FindChildTeams lists the target team's children, one page at a time.
func (s *Service) FindChildTeams(ctx context.Context, target *Team, opts ListOptions) ([]*Team, bool, int, error) {
	teams, more, total, err := s.store.FindTeams(ctx, TeamFilter{ChildrenOf: target.ID, ListOptions: opts})
	if err != nil {
		return nil, false, 0, fmt.Errorf("find teams: %w", err)
	}
	return teams, more, total, nil
}
