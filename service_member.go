package sello

import (
	"context"
	"fmt"
)

// ChangeMembers adds or updates members of a team and records
// teams.members.updated. A new member must be a user created by the team or
// by its parent: any other user counts as unknown. Invalid for unknown users
// named by a Field (NotFound otherwise); NotAllowed when the change leaves
// the team without an admin.
// It returns the team's members afterwards.
func (s *Service) ChangeMembers(ctx context.Context, livemode bool, t *Team, changes []MemberChange) ([]*Member, error) {
	return s.putMembers(ctx, livemode, t, changes, nil)
}

// RemoveMembers removes users from a team and records
// teams.members.updated. NotFound for a user that is not a member;
// NotAllowed when the last admin would go. It returns the removed members.
func (s *Service) RemoveMembers(ctx context.Context, livemode bool, t *Team, users []UserID) ([]*Member, error) {
	current, err := s.store.FindMembers(ctx, t.ID)
	if err != nil {
		return nil, fmt.Errorf("team %s members: %w", t.ID, err)
	}
	var removed []*Member
	for _, u := range users {
		m := findMember(current, u)
		if m == nil {
			return nil, Errorf(NotFound, "User %s is not a member of this team", u)
		}
		removed = append(removed, m)
	}
	if _, err := s.putMembers(ctx, livemode, t, nil, users); err != nil {
		return nil, err
	}
	return removed, nil
}

func findMember(ms []*Member, u UserID) *Member {
	for _, m := range ms {
		if m.UserID == u {
			return m
		}
	}
	return nil
}

// putMembers applies changes and removals in one transaction with their event.
func (s *Service) putMembers(ctx context.Context, livemode bool, t *Team, changes []MemberChange, remove []UserID) ([]*Member, error) {
	current, err := s.store.FindMembers(ctx, t.ID)
	if err != nil {
		return nil, fmt.Errorf("team %s members: %w", t.ID, err)
	}
	var p Problems
	for _, c := range changes {
		if _, ok := ParseRole(string(c.Role)); c.Role != "" && !ok {
			p.Add(c.Field+".role", "must be admin, editor or viewer")
		}
	}
	put, err := s.memberChanges(ctx, current, changes, []TeamID{t.ID, t.ParentID}, &p)
	if err != nil {
		return nil, err
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	after := map[UserID]*Member{}
	for _, m := range current {
		after[m.UserID] = m
	}
	for _, m := range put {
		if m.CreatedAt.IsZero() {
			m.CreatedAt = now
		}
		after[m.UserID] = m
	}
	for _, u := range remove {
		delete(after, u)
	}
	if admins(current) > 0 && admins(mapValues(after)) == 0 {
		return nil, Errorf(NotAllowed, "A team must keep at least one admin")
	}
	st := &TeamState{Team: t, Livemode: livemode}
	if st.Members, err = s.membersAfter(current, after); err != nil {
		return nil, err
	}
	ev, err := s.newEvent(t.ID, livemode, EventTeamMembersUpdated, string(t.ID), st)
	if err != nil {
		return nil, err
	}
	if err := s.store.PutMembers(ctx, t.ID, put, remove, ev); err != nil {
		return nil, fmt.Errorf("team %s members: %w", t.ID, err)
	}
	for _, m := range put {
		if m.Role == RoleAdmin { // the first admin of a team without owner becomes its owner
			if err := s.claimOwner(ctx, t.ID, m.UserID); err != nil {
				return nil, err
			}
			break
		}
	}
	return s.store.FindMembers(ctx, t.ID)
}

// membersAfter lists the members after a change in their stored order,
// new ones last.
func (s *Service) membersAfter(current []*Member, after map[UserID]*Member) ([]*Member, error) {
	var out []*Member
	seen := map[UserID]bool{}
	for _, m := range current {
		if a, ok := after[m.UserID]; ok {
			out = append(out, a)
			seen[m.UserID] = true
		}
	}
	for u, m := range after {
		if !seen[u] {
			out = append(out, m)
		}
	}
	return out, nil
}

func admins(ms []*Member) int {
	n := 0
	for _, m := range ms {
		if m.Role == RoleAdmin {
			n++
		}
	}
	return n
}

func mapValues(m map[UserID]*Member) []*Member {
	out := make([]*Member, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// claimOwner makes user the owner of a team that has none, reading the team
// fresh (the caller's copy may come from the key cache).
func (s *Service) claimOwner(ctx context.Context, team TeamID, user UserID) error {
	t, err := s.store.FindTeamByID(ctx, team)
	if err != nil {
		return fmt.Errorf("team %s owner: %w", team, err)
	}
	if t.OwnerID != "" {
		return nil
	}
	t.OwnerID, t.UpdatedAt = user, s.now().UTC()
	if err := s.store.UpdateTeam(ctx, t); err != nil {
		return fmt.Errorf("team %s owner: %w", team, err)
	}
	s.forgetTeam(team)
	return nil
}
