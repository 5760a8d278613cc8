package webhook

import (
	"bytes"
	"encoding/json"

	"github.com/sello-mx/sello"
)

// Payload is the body of a delivery (API.md §13.2) and the Event object of
// GET /v2/events.
type Payload struct {
	ID       string `json:"id"`
	Event    string `json:"event"`
	Type     string `json:"type"`
	Created  int64  `json:"created"` // unix milliseconds
	Livemode bool   `json:"livemode"`
	Team     string `json:"team"`
	Data     Data   `json:"data"`
}

// Data holds the object the event is about, as the API represents it.
type Data struct {
	Object json.RawMessage `json:"object"`
}

// NewPayload returns the payload of event e delivered under name (the
// spelling the subscription chose).
func NewPayload(e *sello.Event, name string) *Payload {
	obj := bytes.TrimSpace(e.Data)
	if len(obj) == 0 {
		obj = []byte("null")
	}
	return &Payload{ID: e.ID, Event: name, Type: name, Created: e.CreatedAt.UnixMilli(),
		Livemode: e.Livemode, Team: string(e.TeamID), Data: Data{Object: obj}}
}

// Encode returns the exact bytes that are signed and sent: compact JSON,
// HTML characters not escaped.
func (p *Payload) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
