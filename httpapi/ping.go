package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// APIVersion is the gigstack API version Sello implements.
const APIVersion = "2.0.0"

// pingData is the data of a ping (API.md §11.1, surface S camelCase).
type pingData struct {
	Message string `json:"message"`
	// Method is the HTTP method, on POST, PUT and DELETE only.
	Method string `json:"method,omitempty"`
	// Body is the JSON body exactly as received (null when empty), on POST,
	// PUT and DELETE only.
	Body      *json.RawMessage `json:"body,omitempty"`
	Timestamp string           `json:"timestamp"`
	Version   string           `json:"version"`
	Server    string           `json:"server"`
	Team      string           `json:"team"`
	Livemode  bool             `json:"livemode"`
}

// anyJSON documents a body that may be any JSON value.
type anyJSON struct{}

// isoMillis is the ISO 8601 form of output timestamps (API.md §3.3).
const isoMillis = "2006-01-02T15:04:05.000Z07:00"

// isoMillisOf is t in UTC as an output timestamp.
func isoMillisOf(t time.Time) string { return t.UTC().Format(isoMillis) }

func (s *Server) ping(c *call) (*reply, error) {
	d := &pingData{
		Message:   "pong",
		Timestamp: isoMillisOf(s.svc.Now()),
		Version:   APIVersion,
		Server:    s.serverName,
		Team:      string(c.target.ID),
		Livemode:  c.auth.Livemode,
	}
	if c.r.Method != http.MethodGet {
		d.Method = c.r.Method
		body := json.RawMessage("null")
		if len(bytes.TrimSpace(c.raw)) > 0 {
			var buf bytes.Buffer
			if err := json.Compact(&buf, c.raw); err != nil {
				return nil, errNotJSON
			}
			body = buf.Bytes()
		}
		d.Body = &body
	}
	return ok("pong", d), nil
}
