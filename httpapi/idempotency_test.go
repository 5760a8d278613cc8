package httpapi

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sello-mx/sello"
)

func TestIdempotency(t *testing.T) {
	t.Parallel()
	var calls, flaky atomic.Int64
	entered, release := make(chan struct{}), make(chan struct{})
	e := setup(t, withRoutes(
		&route{Method: "POST", Pattern: "/v2/test/create", Surface: surfaceShared, BodyIdempotency: true,
			Handler: func(c *call) (*reply, error) {
				return created("Thing created", map[string]any{"n": calls.Add(1), "body": c.body}), nil
			}},
		&route{Method: "POST", Pattern: "/v2/test/slow", Surface: surfaceC,
			Handler: func(c *call) (*reply, error) {
				entered <- struct{}{}
				<-release
				return ok("done", nil), nil
			}},
		&route{Method: "POST", Pattern: "/v2/test/flaky", Surface: surfaceC,
			Handler: func(c *call) (*reply, error) {
				if flaky.Add(1) == 1 {
					return nil, sello.Errorf(sello.Database, "lost")
				}
				return created("ok", map[string]any{"attempt": flaky.Load()}), nil
			}},
	))
	key := func(k string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + e.test, "Idempotency-Key": k}
	}
	post := func(path string, hdr map[string]string, body string) (int, map[string]any, string) {
		t.Helper()
		resp, out := e.do(t, "POST", path, hdr, body)
		return resp.StatusCode, out, resp.Header.Get("Idempotent-Replayed")
	}

	st, first, replayed := post("/v2/test/create", key("k1"), `{"a":1,"legalName":"x"}`)
	if st != 201 || replayed != "" {
		t.Fatalf("first POST = %d replayed %q, want 201 not replayed", st, replayed)
	}
	// Same request with another key order and spelling: replayed.
	st, again, replayed := post("/v2/test/create", key("k1"), `{"legal_name":"x","a":1}`)
	if st != 201 || replayed != "true" || lookup(again, "data.n") != lookup(first, "data.n") {
		t.Errorf("replay = %d replayed %q n=%v, want 201 true n=%v", st, replayed, lookup(again, "data.n"), lookup(first, "data.n"))
	}
	if calls.Load() != 1 {
		t.Errorf("handler ran %d times, want 1", calls.Load())
	}
	st, out, _ := post("/v2/test/create", key("k1"), `{"a":2}`)
	if st != 422 || lookup(out, "error.code") != "invalid_request_body" ||
		lookup(out, "message") != "Idempotency-Key was already used with a different request" {
		t.Errorf("different body = %d %v, want 422 invalid_request_body", st, out)
	}
	// The same value in another mode or under ?team= is another key.
	st, _, replayed = post("/v2/test/create?team="+string(e.child.ID), key("k1"), `{"a":1,"legalName":"x"}`)
	if st != 201 || replayed != "" {
		t.Errorf("same key for the child team = %d replayed %q, want a fresh 201", st, replayed)
	}
	// The body field is honoured on routes that declare it.
	st, _, _ = post("/v2/test/create", bearer(e.test), `{"idempotencyKey":"k2"}`)
	st2, _, replayed := post("/v2/test/create", bearer(e.test), `{"idempotency_key":"k2"}`)
	if st != 201 || st2 != 201 || replayed != "true" {
		t.Errorf("body idempotency_key: %d then %d replayed %q, want 201, 201 true", st, st2, replayed)
	}
	st, out, _ = post("/v2/test/create", key("k3"), `{"idempotency_key":"other"}`)
	if st != 400 || lookup(out, "error.code") != "invalid_field_value" {
		t.Errorf("header and body differ = %d %v, want 400 invalid_field_value", st, out)
	}
	for _, bad := range []string{strings.Repeat("x", 256), "tab\there"} {
		st, out, _ = post("/v2/test/create", key(bad), `{}`)
		if st != 400 || lookup(out, "error.code") != "invalid_field_value" {
			t.Errorf("Idempotency-Key %q = %d %v, want 400 invalid_field_value", bad, st, out)
		}
	}

	// In flight: a second request with the key conflicts.
	done := make(chan int)
	go func() {
		st, _, _ := post("/v2/test/slow", key("slow"), `{}`)
		done <- st
	}()
	<-entered
	st, out, _ = post("/v2/test/slow", key("slow"), `{}`)
	if st != 409 || lookup(out, "error.code") != "resource_conflict" {
		t.Errorf("in flight = %d %v, want 409 resource_conflict", st, out)
	}
	close(release)
	if st := <-done; st != 200 {
		t.Errorf("slow POST = %d, want 200", st)
	}

	// A 5xx releases the key: the retry runs again.
	st, out, _ = post("/v2/test/flaky", key("f"), `{}`)
	if st != 500 || lookup(out, "error.code") != "database_error" {
		t.Errorf("flaky first = %d %v, want 500 database_error", st, out)
	}
	st, out, replayed = post("/v2/test/flaky", key("f"), `{}`)
	if st != 201 || replayed != "" || lookup(out, "data.attempt") != 2.0 {
		t.Errorf("flaky retry = %d replayed %q %v, want a fresh 201", st, replayed, out)
	}
}
