package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func testSecret(t *testing.T, s sello.Store) {
	ctx := t.Context()
	calls := 0
	gen := func(v string) func() ([]byte, error) {
		return func() ([]byte, error) { calls++; return []byte(v), nil }
	}
	got, err := s.Secret(ctx, "signing", gen("first"))
	if err != nil || string(got) != "first" || calls != 1 {
		t.Fatalf("Secret(signing) first use = %q, %v after %d generate calls, want \"first\", nil after 1", got, err, calls)
	}
	got, err = s.Secret(ctx, "signing", gen("second"))
	if err != nil || string(got) != "first" || calls != 1 {
		t.Errorf("Secret(signing) again = %q, %v after %d generate calls, want \"first\", nil after 1", got, err, calls)
	}
	got, err = s.Secret(ctx, "other", gen("third"))
	if err != nil || string(got) != "third" {
		t.Errorf("Secret(other) = %q, %v, want \"third\", nil", got, err)
	}
	bin := []byte{0, 1, 2, 0xfe, 0xff, 0}
	got, err = s.Secret(ctx, "binary", func() ([]byte, error) { return bin, nil })
	if err != nil || !cmp.Equal(got, bin) {
		t.Errorf("Secret(binary) = %x, %v, want %x, nil", got, err, bin)
	}
}

func testSecretGenerateFails(t *testing.T, s sello.Store) {
	ctx := t.Context()
	boom := errors.New("no entropy")
	_, err := s.Secret(ctx, "signing", func() ([]byte, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Secret with failing generate = %v, want an error wrapping %v", err, boom)
	}
	got, err := s.Secret(ctx, "signing", func() ([]byte, error) { return []byte("later"), nil })
	if err != nil || string(got) != "later" {
		t.Errorf("Secret after a failed generate = %q, %v, want \"later\", nil", got, err)
	}
}

// testSecretConcurrent races several first uses; all must agree on one of
// the generated values.
func testSecretConcurrent(t *testing.T, s sello.Store) {
	const n = 16
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		got   [n][]byte
		errs  [n]error
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = s.Secret(t.Context(), "race", func() ([]byte, error) {
				return fmt.Appendf(nil, "value-%d", i), nil
			})
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Secret(race) in goroutine %d = %v", i, errs[i])
		}
		if string(got[i]) != string(got[0]) {
			t.Errorf("Secret(race) in goroutine %d = %q, goroutine 0 got %q", i, got[i], got[0])
		}
	}
	again, err := s.Secret(t.Context(), "race", func() ([]byte, error) { return []byte("late"), nil })
	if err != nil || string(again) != string(got[0]) {
		t.Errorf("Secret(race) afterwards = %q, %v, want %q", again, err, got[0])
	}
}

func testFindAndDeleteSecret(t *testing.T, s sello.Store) {
	ctx := t.Context()
	if _, err := s.FindSecret(ctx, "absent"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindSecret(absent) = %v, want not_found", err)
	}
	if _, err := s.Secret(ctx, "kept", func() ([]byte, error) { return []byte("v"), nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindSecret(ctx, "kept"); err != nil || string(got) != "v" {
		t.Errorf("FindSecret(kept) = %q, %v, want \"v\"", got, err)
	}
	if err := s.DeleteSecret(ctx, "kept"); err != nil {
		t.Fatalf("DeleteSecret(kept) = %v", err)
	}
	if _, err := s.FindSecret(ctx, "kept"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("FindSecret after DeleteSecret = %v, want not_found", err)
	}
	if err := s.DeleteSecret(ctx, "kept"); err != nil {
		t.Errorf("DeleteSecret(absent) = %v, want nil", err)
	}
}
