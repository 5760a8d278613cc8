package httpapi

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/sello-mx/sello"
)

// memberView is the Member object of surface S (API.md §9.10).
type memberView struct {
	ID           string          `json:"id"`
	Email        string          `json:"email"`
	Role         string          `json:"role"`
	IsAdmin      bool            `json:"isAdmin"`
	IsSuperAdmin bool            `json:"isSuperAdmin"`
	Status       string          `json:"status"`
	Permissions  permissionsView `json:"permissions"`
}

type permissionsView struct {
	Invoices string `json:"invoices"`
	Payments string `json:"payments"`
	Expenses string `json:"expenses"`
	Services string `json:"services"`
}

func newMemberView(t *sello.Team, m *sello.Member) memberView {
	p := m.Effective()
	return memberView{ID: string(m.UserID), Email: m.Email, Role: string(m.Role), IsAdmin: m.Role == sello.RoleAdmin,
		IsSuperAdmin: m.UserID == t.OwnerID, Status: "active",
		Permissions: permissionsView{Invoices: string(p.Invoices), Payments: string(p.Payments), Expenses: string(p.Expenses), Services: string(p.Services)}}
}

func newMemberViews(t *sello.Team, ms []*sello.Member) []memberView {
	out := make([]memberView, 0, len(ms))
	for _, m := range ms {
		out = append(out, newMemberView(t, m))
	}
	return out
}

// connectMembers answers GET /v2/connect/teams/{id}/members.
func (s *Server) connectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	ms, err := s.svc.Members(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
}

func (c *call) memberList(t *sello.Team, ms []*sello.Member) (*reply, error) {
	return &reply{status: http.StatusOK, message: "Members retrieved successfully", data: newMemberViews(t, ms),
		list: &listMeta{total: len(ms)}}, nil
}

// putConnectMembers answers PUT /v2/connect/teams/{id}/members.
func (s *Server) putConnectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req membersRequest
	var p sello.Problems
	c.decode(&req, &p)
	if !req.Members.valued() {
		p.Missing(c.fieldName("members"))
	}
	changes := memberChanges(req.Members.V, sello.RoleAdmin, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	ms, err := s.svc.ChangeMembers(c.ctx(), c.auth.Livemode, t, changes)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
}

// deleteConnectMembers answers DELETE /v2/connect/teams/{id}/members: the
// users named in the body (ids or {id}) or the query members=a,b.
func (s *Server) deleteConnectMembers(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req membersRequest
	var p sello.Problems
	c.decode(&req, &p)
	changes := memberChanges(req.Members.V, "", &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	var users []sello.UserID
	for _, ch := range changes {
		users = append(users, ch.UserID)
	}
	for _, id := range strings.Split(c.query["members"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			users = append(users, sello.UserID(id))
		}
	}
	if len(users) == 0 {
		return nil, missingField(c.fieldName("members"))
	}
	if _, err := s.svc.RemoveMembers(c.ctx(), c.auth.Livemode, t, users); err != nil {
		return nil, err
	}
	ms, err := s.svc.Members(c.ctx(), t.ID)
	if err != nil {
		return nil, err
	}
	return c.memberList(t, ms)
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

// membersRequest is the body of the Connect members routes.
type membersRequest struct {
	Members opt[[]memberInput] `json:"members" must:"an array of user ids"`
}

// memberInput is a member in a body: a user id, or {id, role, permissions}.
type memberInput struct {
	ID          string            `json:"id"`
	Role        string            `json:"role,omitempty"`
	Permissions *permissionsInput `json:"permissions,omitempty"`
	field       string            // its path, spelled in the route's casing
	object      bool              // sent as an object
}

// permissionsInput are a member's permissions in a body.
type permissionsInput struct {
	Invoices string `json:"invoices" doc:"none, view or edit"`
	Payments string `json:"payments" doc:"none, view or edit"`
	Expenses string `json:"expenses" doc:"none, view or edit"`
	Services string `json:"services" doc:"none, view or edit"`
}

func (m *memberInput) fromBody(d *decoder, raw any, path string) bool {
	m.field = d.c.fieldName(path)
	switch x := raw.(type) {
	case string:
		m.ID = x
	case map[string]any:
		m.object = true
		d.object(reflect.ValueOf(m).Elem(), x, path)
	default:
		d.bad(path, "must be a user id or an object with id")
		return false
	}
	return true
}

func (memberInput) jsonSchema(g *schemaGen) map[string]any {
	return map[string]any{"oneOf": []any{
		map[string]any{"type": "string", "description": "a user id"},
		g.object(reflect.TypeFor[memberInput]()),
	}}
}

// memberChanges are the changes a members array asks for; defaultRole
// applies to new members without a role. A problem is added to p for each
// member without an id, or with a role or a permission that does not exist.
func memberChanges(in []memberInput, defaultRole sello.Role, p *sello.Problems) []sello.MemberChange {
	var out []sello.MemberChange
	for _, m := range in {
		if m.object && m.ID == "" {
			p.Missing(m.field + ".id")
			continue
		}
		ch := sello.MemberChange{UserID: sello.UserID(m.ID), DefaultRole: defaultRole, Field: m.field}
		if m.Role != "" {
			r, ok := sello.ParseRole(m.Role)
			if !ok {
				p.Add(m.field+".role", "must be admin, editor or viewer")
			}
			ch.Role = r
		}
		if pm := m.Permissions; pm != nil {
			var perms sello.Permissions
			for _, f := range []struct {
				key, in string
				dst     *sello.Access
			}{
				{"invoices", pm.Invoices, &perms.Invoices}, {"payments", pm.Payments, &perms.Payments},
				{"expenses", pm.Expenses, &perms.Expenses}, {"services", pm.Services, &perms.Services},
			} {
				switch a := sello.Access(f.in); a {
				case "":
				case sello.AccessNone, sello.AccessView, sello.AccessEdit:
					*f.dst = a
				default:
					p.Add(m.field+".permissions."+f.key, "must be none, view or edit")
				}
			}
			ch.Permissions = &perms
		}
		out = append(out, ch)
	}
	return out
}
