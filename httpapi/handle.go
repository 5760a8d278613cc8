package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/sello-mx/sello"
)

// handler is what a route does once the request is authenticated, decoded
// and its target team resolved. It returns the reply or an error; the
// adapter writes either.
type handler func(c *call) (*reply, error)

// call is one request as a handler sees it.
type call struct {
	s      *Server
	r      *http.Request
	w      http.ResponseWriter
	route  *route
	auth   *sello.Auth // nil on routes without authentication
	target *sello.Team // the team the request acts on (API.md §4.4)
	raw    []byte      // the body as received
	value  any         // the parsed body (normalised when it is an object)
	body   map[string]any
	query  query

	listHash string
}

func (c *call) ctx() context.Context { return c.r.Context() }

func (c *call) requestID() string { return c.w.Header().Get("X-Request-Id") }

// adapt turns a route into an http.Handler: the one place requests are
// prepared and responses written.
func (s *Server) adapt(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sw, ok := w.(*statusWriter); ok {
			sw.route = rt.name
		}
		c := &call{s: s, r: r, w: w, route: rt}
		var rp *reply
		err := s.prepare(w, c)
		if err == nil {
			rp, err = s.dispatch(c)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeReply(w, c, rp)
	})
}

// prepare authenticates, reads the body and the query, and resolves the
// target team.
func (s *Server) prepare(w http.ResponseWriter, c *call) error {
	r, rt := c.r, c.route
	if !rt.Public {
		a, err := s.authenticate(w, r)
		if err != nil {
			return err
		}
		c.auth = a
	}
	raw, err := readBody(w, r, s.maxBody)
	if err != nil {
		return err
	}
	c.raw = raw
	if err := c.parseBody(); err != nil {
		return err
	}
	if c.query, err = parseQuery(r.URL.RawQuery, rt.queryAliases); err != nil {
		return err
	}
	if !rt.Public {
		team, err := c.teamParam()
		if err != nil {
			return err
		}
		if c.target, err = s.svc.ResolveTarget(r.Context(), c.auth, team); err != nil {
			return err
		}
		if !rt.AnyJSON {
			if err := c.checkLivemode(); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseBody parses the body: any JSON on routes that echo it, otherwise an
// object (empty means {}), with its keys normalised.
func (c *call) parseBody() error {
	if c.route.Multipart {
		c.body = map[string]any{}
		c.value = multipartDigest(c.r.Header.Get("Content-Type"), c.raw)
		return nil
	}
	if !c.route.AnyJSON {
		if len(c.raw) == 0 {
			c.body = map[string]any{}
			c.value = c.body
			return nil
		}
		m, err := decodeBody(c.raw, c.route.aliases)
		c.body, c.value = m, m
		return err
	}
	v, err := parseJSON(c.raw)
	if err != nil {
		return err
	}
	c.value = v
	if m, ok := v.(map[string]any); ok {
		var p sello.Problems
		c.body = normalizeObject("", m, c.route.aliases, &p)
		c.value = c.body
		return p.Err("Invalid request body")
	}
	c.body = map[string]any{}
	return nil
}

// teamParam returns the Connect target named by the query or, on surface S
// and shared routes, the body. Invalid when both name different teams.
func (c *call) teamParam() (string, error) {
	q := c.query["team"]
	if c.route.Surface != surfaceS && c.route.Surface != surfaceShared {
		return q, nil
	}
	v, ok := c.body["team"]
	if !ok || v == nil {
		return q, nil
	}
	b, isString := v.(string)
	switch {
	case !isString:
		return "", invalidValue("Invalid request body", "team", "must be a team id")
	case q != "" && b != q:
		return "", invalidValue("Invalid request body", "team", "conflicting values in the query and the body")
	}
	return b, nil
}

// dispatch runs the handler, through the idempotency layer on POSTs.
func (s *Server) dispatch(c *call) (*reply, error) {
	if c.r.Method == http.MethodPost && c.auth != nil {
		key, err := c.idempotencyKey()
		if err != nil {
			return nil, err
		}
		if key != "" {
			return s.idempotent(c, key)
		}
	}
	return s.invoke(c)
}

// invoke calls the handler, turning a panic into an Internal error logged
// with its stack.
func (s *Server) invoke(c *call) (rp *reply, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.LogAttrs(c.ctx(), slog.LevelError, "panic",
				slog.String("method", c.r.Method), slog.String("route", c.route.name),
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
			rp, err = nil, sello.Errorf(sello.Internal, "panic")
		}
	}()
	return c.route.Handler(c)
}

// writeReply writes a successful (or replayed) reply.
func (s *Server) writeReply(w http.ResponseWriter, c *call, rp *reply) {
	if rp.replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	if rp.handler != nil {
		rp.handler.ServeHTTP(w, c.r)
		return
	}
	if rp.raw != nil {
		writeBytes(w, rp.status, rp.contentType, rp.raw)
		return
	}
	writeJSON(w, rp.status, rp.body())
}
