package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// Server is the HTTP handler of the API. Build it with NewServer.
type Server struct {
	svc     *sello.Service
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []*route
	extra   []*route // appended to the table (tests)
	metrics *metrics
	openapi openAPIState

	version    string
	serverName string
	publicURL  string
	accessLog  bool
	maxBody    int64
	authLimit  *authLimiter  // nil: failed authentication is not limited
	writeLimit time.Duration // see WithWriteTimeout
}

// Option configures a Server.
type Option func(*Server)

// WithVersion sets the version reported by ping ("sello/<version>") and the
// OpenAPI document.
func WithVersion(v string) Option { return func(s *Server) { s.version = v } }

// WithPublicURL sets the public base URL absolute links are built from.
func WithPublicURL(u string) Option {
	return func(s *Server) { s.publicURL = strings.TrimRight(u, "/") }
}

// WithAccessLog logs one Info line per request (off by default: the hot path
// stays free of logging; 5xx answers are always logged).
func WithAccessLog(on bool) Option { return func(s *Server) { s.accessLog = on } }

// defaultWriteTimeout bounds how long a client may take to accept each
// writeChunk of an answer.
const defaultWriteTimeout = 60 * time.Second

// writeChunk is how much of an answer a client must accept within the
// write timeout; the deadline moves on after each chunk, so a large
// download by a slow client that keeps reading is not cut.
const writeChunk = 1 << 20

// WithWriteTimeout sets the write deadline of every answer: it starts when
// the answer does (the handler's own time is not counted) and moves on after
// every MiB the client accepts, so a client that stops reading releases its
// connection within d. Zero leaves the deadline to the http.Server.
func WithWriteTimeout(d time.Duration) Option { return func(s *Server) { s.writeLimit = d } }

// NewServer returns the API handler over svc, logging to logger.
func NewServer(svc *sello.Service, logger *slog.Logger, opts ...Option) *Server {
	s := &Server{svc: svc, log: logger, version: "dev", maxBody: 1 << 20, writeLimit: defaultWriteTimeout,
		authLimit: newAuthLimiter(defaultAuthFailures, defaultAuthFailureWindow, maxAuthClients)}
	for _, o := range opts {
		o(s)
	}
	s.serverName = "sello/" + s.version
	s.metrics = newMetrics(svc.QueueStats, svc.Now)
	s.routes = append(s.routeTable(), s.extra...)
	prepareRoutes(s.routes)
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
	}
	s.mux.HandleFunc("/", s.unmatched)
	return s
}

// Routes returns "METHOD /pattern" for every route served, in table order.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.Method + " " + rt.Pattern
	}
	return out
}

// ServeHTTP assigns the request id, recovers panics, records metrics and
// dispatches to the route table.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	sw := &statusWriter{ResponseWriter: w, requestID: id, deadline: s.writeLimit}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !sw.wrote {
				s.writeError(sw, r, sello.Errorf(sello.Internal, "panic"))
			}
		}
		s.observe(sw, r, start)
	}()
	if p := r.URL.Path; strings.Contains(p, "//") || strings.Contains(p, "/.") {
		// Clean here so the mux does not answer with a non-JSON redirect.
		r.URL.Path, r.URL.RawPath = path.Clean("/"+p), ""
	}
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		r.URL.Path = strings.TrimRight(p, "/")
		if r.URL.Path == "" {
			r.URL.Path = "/"
		}
		r.URL.RawPath = ""
	}
	if !validPath(r.URL.Path) || outOfScope(r.URL.Path) {
		sw.route = "unmatched"
		s.writeError(sw, r, errRouteNotFound)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

func (s *Server) observe(sw *statusWriter, r *http.Request, start time.Time) {
	d := time.Since(start)
	route := sw.route
	if route == "" {
		route = "unmatched"
	}
	s.metrics.observe(route, sw.status, d)
	if s.accessLog {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", sw.requestID), slog.String("method", r.Method),
			slog.String("route", route), slog.Int("status", sw.status), slog.Duration("duration", d))
	}
}

// unmatched answers requests no route matches: 405 with Allow when the path
// is served for other methods, 404 "Route not found" otherwise.
func (s *Server) unmatched(w http.ResponseWriter, r *http.Request) {
	if sw, ok := w.(*statusWriter); ok {
		sw.route = "unmatched"
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		s.writeError(w, r, errRouteNotFound)
		return
	}
	if contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	s.writeError(w, r, &apiError{status: http.StatusMethodNotAllowed, code: "operation_not_allowed",
		message: fmt.Sprintf("Method %s is not allowed on %s", r.Method, r.URL.Path)})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// statusWriter remembers the status written and the route that answered,
// and keeps the answer's write deadline (WithWriteTimeout).
type statusWriter struct {
	http.ResponseWriter
	status    int
	wrote     bool
	route     string
	requestID string
	deadline  time.Duration // 0: none set here
	unmoved   int           // bytes written since the deadline last moved
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
		w.moveDeadline()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write writes b a chunk at a time, moving the deadline on after each
// writeChunk the client has accepted.
func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
		w.moveDeadline()
	}
	if w.deadline <= 0 {
		return w.ResponseWriter.Write(b)
	}
	total := 0
	for len(b) > 0 {
		k := min(len(b), writeChunk-w.unmoved)
		n, err := w.ResponseWriter.Write(b[:k])
		total += n
		if err != nil {
			return total, err
		}
		b = b[k:]
		if w.unmoved += n; w.unmoved >= writeChunk {
			w.moveDeadline()
		}
	}
	return total, nil
}

// moveDeadline gives the client w.deadline from now to accept the next
// chunk. Writers without deadlines (tests' recorders) are left alone.
func (w *statusWriter) moveDeadline() {
	if w.deadline > 0 {
		w.unmoved = 0
		_ = http.NewResponseController(w.ResponseWriter).SetWriteDeadline(time.Now().Add(w.deadline))
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
