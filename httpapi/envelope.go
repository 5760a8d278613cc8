package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// reply is what a handler answers on success; the adapter wraps it in the
// envelope of API.md §5.1.
type reply struct {
	status  int
	message string
	data    any
	list    *listMeta // lists only
	// raw, when set, is written as is with contentType instead of an envelope.
	raw         []byte
	contentType string
	// handler, when set, writes the whole answer (metrics).
	handler http.Handler
	// replayed marks an answer replayed from an idempotency record.
	replayed bool
	// replayData, when set, is the data an idempotency record keeps and
	// replays instead of data: the answer without a secret shown once.
	replayData any
}

// listMeta is the list part of the envelope.
type listMeta struct {
	next    *string
	hasMore bool
	total   int
}

// envelope is the success envelope of a single object.
type envelope struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// listEnvelope is the success envelope of a list, with both spellings of
// its list fields.
type listEnvelope struct {
	Success       bool    `json:"success"`
	Message       string  `json:"message"`
	Data          any     `json:"data"`
	Next          *string `json:"next"`
	HasMore       bool    `json:"has_more"`
	HasMoreCamel  bool    `json:"hasMore"`
	TotalResults  int     `json:"total_results"`
	TotalResultsC int     `json:"totalResults"`
}

// ok returns a 200 reply.
func ok(message string, data any) *reply {
	return &reply{status: http.StatusOK, message: message, data: data}
}

// created returns a 201 reply.
func created(message string, data any) *reply {
	return &reply{status: http.StatusCreated, message: message, data: data}
}

// body returns the envelope value to encode.
func (rp *reply) body() any {
	if rp.list != nil {
		return &listEnvelope{Success: true, Message: rp.message, Data: rp.data, Next: rp.list.next,
			HasMore: rp.list.hasMore, HasMoreCamel: rp.list.hasMore,
			TotalResults: rp.list.total, TotalResultsC: rp.list.total}
	}
	return &envelope{Success: true, Message: rp.message, Data: rp.data}
}

const jsonType = "application/json; charset=utf-8"

type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// encodeJSON encodes v and returns a copy of the bytes.
func encodeJSON(v any) ([]byte, error) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.Clone(e.buf.Bytes()), nil
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		e.buf.Reset()
		e.buf.WriteString(`{"success":false,"message":"Internal server error","error":{"code":"internal_server_error","message":"Internal server error","details":[]}}`)
		status = http.StatusInternalServerError
	}
	writeBytes(w, status, jsonType, e.buf.Bytes())
}

func writeBytes(w http.ResponseWriter, status int, contentType string, b []byte) {
	h := w.Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
}
