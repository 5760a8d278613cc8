package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/sello-mx/sello"
)

// idempotencyKey returns the key of a POST: the Idempotency-Key header or,
// on routes that declare it, the body field idempotency_key (API.md §7).
// Invalid when the value is not 1–255 printable ASCII characters or when
// header and body disagree.
func (c *call) idempotencyKey() (string, error) {
	hv, inHeader := c.r.Header["Idempotency-Key"]
	var h string
	if inHeader {
		h = hv[0]
		if !validIdempotencyKey(h) {
			return "", invalidValue("Invalid request headers", "Idempotency-Key", "must be 1 to 255 printable ASCII characters")
		}
	}
	if !c.route.BodyIdempotency {
		return h, nil
	}
	v, ok := c.body["idempotency_key"]
	if !ok || v == nil {
		return h, nil
	}
	b, isString := v.(string)
	switch {
	case !isString || !validIdempotencyKey(b):
		return "", invalidValue("Invalid request body", "idempotency_key", "must be 1 to 255 printable ASCII characters")
	case inHeader && b != h:
		return "", invalidValue("Invalid request body", "idempotency_key", "differs from the Idempotency-Key header")
	}
	return b, nil
}

func validIdempotencyKey(s string) bool {
	if len(s) < 1 || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// fingerprint identifies a request: method, path, target team and the
// canonical JSON of the normalised body (object keys sorted).
func (c *call) fingerprint() (string, error) {
	canon, err := json.Marshal(c.value)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, s := range []string{c.r.Method, c.r.URL.Path, string(c.target.ID)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(canon)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// idempotent runs a POST under an idempotency key: first use runs it and
// stores the answer (a 5xx releases the key instead), a repeat replays the
// stored answer, a different request is refused, and a request still in
// flight is a conflict.
func (s *Server) idempotent(c *call, value string) (*reply, error) {
	key := sello.IdempotencyKey{KeyTeam: c.auth.Team.ID, TargetTeam: c.target.ID, Livemode: c.auth.Livemode, Value: value}
	fp, err := c.fingerprint()
	if err != nil {
		return nil, err
	}
	prev, err := s.svc.BeginIdempotent(c.ctx(), &sello.IdempotencyRecord{Key: key, Fingerprint: fp, Resumable: c.route.Resumable})
	if err != nil {
		return nil, err
	}
	if prev != nil {
		switch {
		case prev.Fingerprint != fp:
			return nil, sello.Errorf(sello.IdempotencyMismatch, "Idempotency-Key was already used with a different request")
		case !prev.Done:
			return nil, sello.Errorf(sello.Conflict, "A request with this Idempotency-Key is in progress")
		}
		return &reply{status: prev.Status, raw: prev.Body, contentType: prev.ContentType, replayed: true}, nil
	}
	c.r = c.r.WithContext(sello.WithIdempotency(c.ctx(), key, fp))
	rp, herr := s.invoke(c)
	out := s.materialize(c, rp, herr)
	bg := context.WithoutCancel(c.ctx())
	if out.status >= http.StatusInternalServerError {
		err = s.svc.ReleaseIdempotent(bg, key)
	} else {
		err = s.svc.FinishIdempotent(bg, key, out.status, out.contentType, replayBody(rp, herr, out))
	}
	if err != nil {
		s.log.ErrorContext(c.ctx(), "idempotency record", "error", err.Error())
	}
	return out, nil
}

// replayBody is what an idempotency record keeps of an answer: the answer
// itself, or its replayData version when the handler set one (a secret is
// shown once, never replayed).
func replayBody(rp *reply, err error, out *reply) []byte {
	if err != nil || rp == nil || rp.replayData == nil {
		return out.raw
	}
	kept := *rp
	kept.data = rp.replayData
	b, encErr := encodeJSON(kept.body())
	if encErr != nil {
		return out.raw
	}
	return b
}

// materialize renders a handler's result (success or error) to bytes.
func (s *Server) materialize(c *call, rp *reply, err error) *reply {
	if err == nil && rp.raw != nil {
		return rp
	}
	if err == nil {
		b, encErr := encodeJSON(rp.body())
		if encErr == nil {
			return &reply{status: rp.status, raw: b, contentType: jsonType}
		}
		err = encErr
	}
	status, body := s.renderLogged(c.r, err, c.requestID())
	b, _ := encodeJSON(body)
	return &reply{status: status, raw: b, contentType: jsonType}
}
