package sello

import (
	"context"
	"fmt"
	"strings"
)

// checkUser normalises a user's e-mail (trimmed, lower-case) and checks it.
func checkUser(u *User) Problems {
	var p Problems
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	switch {
	case u.Email == "":
		p.Missing("email")
	case !ValidEmail(u.Email):
		p.Add("email", "must be a valid e-mail address")
	}
	if c, ok := CountryCode(u.Address.Country); ok && u.Address.Country != "" {
		u.Address.Country = c
	} else if !ok {
		p.Add("address.country", "must be a c_Pais code (MEX), an alpha-2 code (MX) or a country name")
	}
	if u.Zip != "" && (u.Address.Country == "" || u.Address.Country == "MEX") && !digits(u.Zip, 5) {
		p.Add("address.zip", "must be a 5-digit postal code")
	}
	return p
}

// CreateUser stores a new user created by the target team and, when join,
// makes it a member with role (viewer when empty). Invalid for bad fields;
// AlreadyExists when the e-mail is registered.
func (s *Service) CreateUser(ctx context.Context, target *Team, u *User, role Role, join bool) (*User, error) {
	p := checkUser(u)
	if role == "" {
		role = RoleViewer
	} else if _, ok := ParseRole(string(role)); !ok {
		p.Add("role", "must be admin, editor or viewer")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	u.ID, u.CreatedByTeam, u.CreatedAt = UserID(s.ids.New("user_")), target.ID, s.now().UTC()
	var m *Member
	if join {
		m = &Member{TeamID: target.ID, UserID: u.ID, Email: u.Email, Role: role, CreatedAt: u.CreatedAt}
	}
	if err := s.store.CreateUser(ctx, u, m); err != nil {
		if ErrorCode(err) == AlreadyExists {
			return nil, Wrap(AlreadyExists, err, "A user with this email already exists")
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	if m != nil && role == RoleAdmin {
		if err := s.claimOwner(ctx, target.ID, u.ID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// User returns a user the target team sees (a member or created by it).
// NotFound otherwise.
func (s *Service) User(ctx context.Context, target *Team, id UserID) (*User, error) {
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("find user %s: %w", id, err)
	}
	if u.CreatedByTeam == target.ID {
		return u, nil
	}
	members, err := s.store.FindMembers(ctx, target.ID)
	if err != nil {
		return nil, fmt.Errorf("team %s members: %w", target.ID, err)
	}
	if findMember(members, id) == nil {
		return nil, Errorf(NotFound, "user not found")
	}
	return u, nil
}

// UpdateUser stores a changed user and, when role is not empty, its role in
// the target team. Only the team that created a user may change it
// (Forbidden).
func (s *Service) UpdateUser(ctx context.Context, livemode bool, target *Team, u *User, role Role) (*User, error) {
	if u.CreatedByTeam != target.ID {
		return nil, Errorf(Forbidden, "Only the team that created this user may change it")
	}
	p := checkUser(u)
	if _, ok := ParseRole(string(role)); role != "" && !ok {
		p.Add("role", "must be admin, editor or viewer")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		if ErrorCode(err) == AlreadyExists {
			return nil, Wrap(AlreadyExists, err, "A user with this email already exists")
		}
		return nil, fmt.Errorf("update user %s: %w", u.ID, err)
	}
	if role != "" {
		if _, err := s.ChangeMembers(ctx, livemode, target, []MemberChange{{UserID: u.ID, Role: role}}); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// DeleteUser removes a user created by the target team, with every
// membership (Forbidden for other users).
func (s *Service) DeleteUser(ctx context.Context, target *Team, u *User) error {
	if u.CreatedByTeam != target.ID {
		return Errorf(Forbidden, "Only the team that created this user may delete it")
	}
	if err := s.store.DeleteUser(ctx, u.ID); err != nil {
		return fmt.Errorf("delete user %s: %w", u.ID, err)
	}
	return nil
}

// FindUsers lists the users a team sees.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]*User, bool, int, error) {
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	users, more, total, err := s.store.FindUsers(ctx, f)
	if err != nil {
		return nil, false, 0, fmt.Errorf("find users: %w", err)
	}
	return users, more, total, nil
}

// Members returns a team's members, oldest first.
func (s *Service) Members(ctx context.Context, team TeamID) ([]*Member, error) {
	ms, err := s.store.FindMembers(ctx, team)
	if err != nil {
		return nil, fmt.Errorf("team %s members: %w", team, err)
	}
	return ms, nil
}
