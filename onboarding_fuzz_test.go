package sello_test

import (
	"context"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// FuzzOpenOnboarding checks that no forged token opens the onboarding page:
// anything but a token the Service signed is NotFound.
func FuzzOpenOnboarding(f *testing.F) {
	f.Add("eyJ0IjoidGVhbV94IiwibCI6ZmFsc2UsImUiOjk5OTk5OTk5OTl9.AAAA")
	f.Add("")
	f.Add("..")
	svc := sello.NewService(sello.Config{Store: openStore(f), Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }})
	f.Fuzz(func(t *testing.T, token string) {
		_, _, err := svc.OpenOnboarding(context.Background(), token)
		if sello.ErrorCode(err) != sello.NotFound {
			t.Fatalf("OpenOnboarding(%q) = %v, want NotFound", token, err)
		}
	})
}
