package httpapi

import (
	"time"

	"github.com/sello-mx/sello"
)

// userView is the User object (API.md §9.13).
type userView struct {
	ID            string          `json:"id"`
	Email         string          `json:"email"`
	FirstName     string          `json:"first_name"`
	LastName      string          `json:"last_name"`
	Phone         string          `json:"phone"`
	CompanyRole   string          `json:"company_role"`
	Address       teamAddressView `json:"address"`
	Role          *string         `json:"role"`
	CreatedByTeam string          `json:"created_by_team"`
	// CreatedAt is in unix seconds.
	CreatedAt int64 `json:"created_at"`
}

func newUserView(u *sello.User, members []*sello.Member) *userView {
	country := u.Address.Country
	if country == "" {
		country = "MEX"
	}
	a := u.Address
	v := &userView{ID: string(u.ID), Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Phone: u.Phone,
		CompanyRole: u.CompanyRole, CreatedByTeam: string(u.CreatedByTeam), CreatedAt: u.CreatedAt.Unix(),
		Address: teamAddressView{Street: a.Street, Exterior: a.Exterior, Interior: a.Interior, Neighborhood: a.Neighborhood,
			Municipality: a.Municipality, City: a.City, State: a.State, Zip: u.Zip, Country: country}}
	for _, m := range members {
		if m.UserID == u.ID {
			v.Role = optional(string(m.Role))
		}
	}
	return v
}

// userFields are a user's fields in a body: the body of PUT
// /v2/users/{id}, where an absent field is left alone.
type userFields struct {
	Email       opt[string]       `json:"email"`
	FirstName   opt[string]       `json:"first_name"`
	LastName    opt[string]       `json:"last_name"`
	Phone       opt[string]       `json:"phone"`
	CompanyRole opt[string]       `json:"company_role"`
	Address     opt[addressInput] `json:"address"`
	Role        opt[string]       `json:"role" doc:"admin, editor or viewer: the role in the target team"`
}

// userRequest is the body of POST /v2/users.
type userRequest struct {
	userFields
	AutoJoin opt[bool] `json:"auto_join" doc:"make the user a member of the target team (default true)"`
}

// apply copies the user fields present in the body onto u.
func (r *userFields) apply(u *sello.User) {
	r.Email.to(&u.Email)
	r.FirstName.to(&u.FirstName)
	r.LastName.to(&u.LastName)
	r.Phone.to(&u.Phone)
	r.CompanyRole.to(&u.CompanyRole)
	applyTeamAddress(r.Address, &u.Address, &u.Zip)
}

func (c *call) members() ([]*sello.Member, error) { return c.s.svc.Members(c.ctx(), c.target.ID) }

// listUsers answers GET /v2/users.
func (s *Server) listUsers(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	f := sello.UserFilter{VisibleTo: c.target.ID, Email: c.query["email"], ListOptions: opts}
	if v := c.query["role"]; v != "" {
		r, ok := sello.ParseRole(v)
		if !ok {
			return nil, invalidValue("Invalid query parameters", "role", "must be admin, editor or viewer")
		}
		f.Role = r
	}
	users, more, total, err := s.svc.FindUsers(c.ctx(), f)
	if err != nil {
		return nil, err
	}
	ms, err := c.members()
	if err != nil {
		return nil, err
	}
	out := make([]*userView, len(users))
	for i, u := range users {
		out[i] = newUserView(u, ms)
	}
	last := lastCursor(users, opts, func(u *sello.User) (time.Time, string, string) {
		return u.CreatedAt, string(u.ID), u.Email
	})
	return c.page("Users retrieved successfully", out, more, total, last)
}

// pathUser is the {id} user, visible to the target team.
func (c *call) pathUser() (*sello.User, error) {
	return c.s.svc.User(c.ctx(), c.target, sello.UserID(c.r.PathValue("id")))
}

// getUser answers GET /v2/users/{id}.
func (s *Server) getUser(c *call) (*reply, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	ms, err := c.members()
	if err != nil {
		return nil, err
	}
	return ok("User retrieved successfully", newUserView(u, ms)), nil
}

// createUser answers POST /v2/users: 201 User.
func (s *Server) createUser(c *call) (*reply, error) {
	var req userRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	u := &sello.User{}
	req.apply(u)
	role := sello.Role(req.Role.V) // checked by the Service with the other fields
	join := true
	req.AutoJoin.toOr(&join, false)
	u, err := s.svc.CreateUser(c.ctx(), c.target, u, role, join)
	if err != nil {
		return nil, err
	}
	ms, err := c.members()
	if err != nil {
		return nil, err
	}
	return created("User created successfully", newUserView(u, ms)), nil
}

// updateUser answers PUT /v2/users/{id}.
func (s *Server) updateUser(c *call) (*reply, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	var req userFields
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	req.apply(u)
	role := sello.Role(req.Role.V)
	if u, err = s.svc.UpdateUser(c.ctx(), c.auth.Livemode, c.target, u, role); err != nil {
		return nil, err
	}
	ms, err := c.members()
	if err != nil {
		return nil, err
	}
	return ok("User updated successfully", newUserView(u, ms)), nil
}

// deleteUser answers DELETE /v2/users/{id}.
func (s *Server) deleteUser(c *call) (*reply, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	if err := s.svc.DeleteUser(c.ctx(), c.target, u); err != nil {
		return nil, err
	}
	return ok("User deleted successfully", deletedView{ID: string(u.ID), Deleted: true}), nil
}
