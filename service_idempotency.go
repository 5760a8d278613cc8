package sello

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"sync"
	"time"
)

// BeginIdempotent records a request made with an idempotency key as in
// flight, stamping its creation time. It returns (nil, nil) on first use and
// the existing record otherwise. Database on storage failure.
func (s *Service) BeginIdempotent(ctx context.Context, rec *IdempotencyRecord) (*IdempotencyRecord, error) {
	rec.CreatedAt = s.now()
	if rec.Resumable {
		rec.Owner = s.owner()
	}
	return s.store.BeginIdempotent(ctx, rec)
}

// FinishIdempotent stores the answer of a request begun with BeginIdempotent.
func (s *Service) FinishIdempotent(ctx context.Context, key IdempotencyKey, status int, contentType string, body []byte) error {
	return s.store.FinishIdempotent(ctx, key, status, contentType, body)
}

// ReleaseIdempotent forgets an in-flight request so the client may retry.
func (s *Service) ReleaseIdempotent(ctx context.Context, key IdempotencyKey) error {
	return s.store.ReleaseIdempotent(ctx, key)
}

// IdempotencyRetention is how long idempotency records are kept at least
// (API.md §7 requires 24 hours).
const IdempotencyRetention = 48 * time.Hour

// PurgeIdempotent deletes idempotency records older than IdempotencyRetention.
func (s *Service) PurgeIdempotent(ctx context.Context) (int, error) {
	return s.store.PurgeIdempotent(ctx, s.now().Add(-IdempotencyRetention))
}

// requestKey is the idempotency key of the request a context runs, and how
// many ids of each prefix the Service made for it.
type requestKey struct {
	seed [32]byte
	mu   sync.Mutex
	made map[string]int
}

type requestKeyCtx struct{}

// WithIdempotency marks ctx as running the request made under key with
// the given fingerprint. The ids the Service makes for that request (an
// invoice's) then derive from both: when the request runs again — its
// first run died with its process and recovery forgot the key — the same
// ids come out, and the run finds what the first one stored instead of
// issuing a second invoice. A different request under the same key (after
// the record was purged) gets other ids.
func WithIdempotency(ctx context.Context, key IdempotencyKey, fingerprint string) context.Context {
	h := sha256.New()
	for _, s := range []string{string(key.KeyTeam), string(key.TargetTeam), strconv.FormatBool(key.Livemode), key.Value, fingerprint} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	rk := &requestKey{made: map[string]int{}}
	h.Sum(rk.seed[:0])
	return context.WithValue(ctx, requestKeyCtx{}, rk)
}

// keyedID returns the id of the request's n-th object of the prefix,
// derived from its idempotency key (see WithIdempotency); ok is false when
// ctx runs no keyed request.
func keyedID(ctx context.Context, prefix string) (id string, ok bool) {
	rk, _ := ctx.Value(requestKeyCtx{}).(*requestKey)
	if rk == nil {
		return "", false
	}
	rk.mu.Lock()
	n := rk.made[prefix]
	rk.made[prefix]++
	rk.mu.Unlock()
	return IDGenerator{Rand: &digestStream{seed: rk.seed, label: prefix + "#" + strconv.Itoa(n)}}.New(prefix), true
}

// keyedRequest says whether ctx runs a request made with an idempotency key.
func keyedRequest(ctx context.Context) bool { return ctx.Value(requestKeyCtx{}) != nil }

// newID makes the id of a new object of a request: derived from its
// idempotency key when it has one, else random.
func (s *Service) newID(ctx context.Context, prefix string) string {
	if id, ok := keyedID(ctx, prefix); ok {
		return id
	}
	return s.ids.New(prefix)
}

// digestStream is an endless deterministic byte stream: SHA-256 of the
// seed, a label and a block counter.
type digestStream struct {
	seed  [32]byte
	label string
	block uint64
	buf   []byte
}

func (d *digestStream) Read(p []byte) (int, error) {
	for i := range p {
		if len(d.buf) == 0 {
			h := sha256.New()
			h.Write(d.seed[:])
			h.Write([]byte(d.label))
			h.Write(binary.BigEndian.AppendUint64(nil, d.block))
			d.block++
			d.buf = h.Sum(nil)
		}
		p[i], d.buf = d.buf[0], d.buf[1:]
	}
	return len(p), nil
}
