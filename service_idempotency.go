package sello

import (
	"context"
	"time"
)

// BeginIdempotent records a request made with an idempotency key as in
// flight, stamping its creation time. It returns (nil, nil) on first use and
// the existing record otherwise. Database on storage failure.
func (s *Service) BeginIdempotent(ctx context.Context, rec *IdempotencyRecord) (*IdempotencyRecord, error) {
	rec.CreatedAt = s.now()
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
