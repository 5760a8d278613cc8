package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func testAPIKey(t *testing.T, s sello.Store) {
	ctx := t.Context()
	mustCreateTeam(t, s, newTeam("team_keys", "", "Llaves", t0))
	test := newKey("key_test_abc", "team_keys", t0)
	live := newKey("key_live_abc", "team_keys", t0.Add(time.Second))
	live.Livemode = true
	revoked := newKey("key_test_old", "team_keys", t0)
	revoked.RevokedAt = t0.Add(time.Hour)
	for _, want := range []*sello.APIKey{test, live, revoked} {
		if err := s.CreateAPIKey(ctx, want); err != nil {
			t.Fatalf("CreateAPIKey(%s) = %v", want.ID, err)
		}
		got, err := s.FindAPIKeyByID(ctx, want.ID)
		if err != nil {
			t.Fatalf("FindAPIKeyByID(%s) = %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FindAPIKeyByID(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
}

func testAPIKeyErrors(t *testing.T, s sello.Store) {
	ctx := t.Context()
	mustCreateTeam(t, s, newTeam("team_keys", "", "Llaves", t0))
	if err := s.CreateAPIKey(ctx, newKey("key_test_1", "team_keys", t0)); err != nil {
		t.Fatalf("CreateAPIKey(key_test_1) = %v", err)
	}
	wantCode(t, "CreateAPIKey(duplicate id)",
		s.CreateAPIKey(ctx, newKey("key_test_1", "team_keys", t0)), sello.AlreadyExists)
	wantCode(t, "CreateAPIKey(unknown team)",
		s.CreateAPIKey(ctx, newKey("key_test_2", "team_missing", t0)), sello.NotFound)
	_, err := s.FindAPIKeyByID(ctx, "key_test_missing")
	wantCode(t, "FindAPIKeyByID(key_test_missing)", err, sello.NotFound)
	wantCode(t, "RevokeAPIKey(key_test_missing)",
		s.RevokeAPIKey(ctx, "key_test_missing", t0), sello.NotFound)
}

func testRevokeAPIKey(t *testing.T, s sello.Store) {
	ctx := t.Context()
	mustCreateTeam(t, s, newTeam("team_keys", "", "Llaves", t0))
	key := newKey("key_live_1", "team_keys", t0)
	if err := s.CreateAPIKey(ctx, key); err != nil {
		t.Fatalf("CreateAPIKey = %v", err)
	}
	first, second := t0.Add(time.Hour), t0.Add(2*time.Hour)
	for _, at := range []time.Time{first, second} {
		if err := s.RevokeAPIKey(ctx, key.ID, at); err != nil {
			t.Fatalf("RevokeAPIKey(%s, %v) = %v", key.ID, at, err)
		}
		got, err := s.FindAPIKeyByID(ctx, key.ID)
		if err != nil {
			t.Fatalf("FindAPIKeyByID(%s) = %v", key.ID, err)
		}
		if !got.Revoked() || !got.RevokedAt.Equal(first) {
			t.Errorf("after RevokeAPIKey(%v): RevokedAt = %v, want %v", at, got.RevokedAt, first)
		}
	}
}
