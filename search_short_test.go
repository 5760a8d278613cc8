package sello_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func TestShortSubstringCounts(t *testing.T) {
	t.Parallel()
	got := sello.ShortSubstringCounts([]string{"peña", "aaa", "", "a\x1fb"})
	want := map[string]int{
		"p": 1, "e": 1, "ñ": 1, "a": 3, "pe": 1, "eñ": 1, "ña": 1, "aa": 1,
		"\x1f": 1, "b": 1, "a\x1f": 1, "\x1fb": 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ShortSubstringCounts (-want +got):\n%s", diff)
	}
}

func TestShortQuery(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		q    string
		want bool
	}{{"", true}, {"a", true}, {"ñú", true}, {"abc", false}, {"peña", false}} {
		if got := sello.ShortQuery(tt.q); got != tt.want {
			t.Errorf("ShortQuery(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
