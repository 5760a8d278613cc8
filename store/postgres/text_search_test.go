package postgres

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sello-mx/sello"

	"github.com/sello-mx/sello/store/storetest"
)

func TestRareTrigrams(t *testing.T) {
	freq := map[string]float64{"cli": 1, "lie": 1, "ien": 1, "ent": 1, "nte": 1, "com": 0.9, "ome": 0.9, "033": 0.03,
		"abc": 0.2, "bcd": 0.04}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"cliente 0334 comercial", []string{"334", "mer", "erc"}}, // unnamed ones are the rarest, digits first
		{"cliente", []string{"cli"}},                              // only common ones: the rarest alone
		{"abcd cliente", []string{"bcd"}},                         // abc is not rare enough to add
		{"033 abcd", []string{"033", "bcd"}},
		{"ab", nil}, {"a-b-c", nil}, {"ñandú", []string{"and"}}, {"x_y%z", nil},
		{"e60bc0ec", []string{"e60", "60b", "0bc"}},
	} {
		if got := rareTrigrams(c.q, freq); !slices.Equal(got, c.want) {
			t.Errorf("rareTrigrams(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestSearchExact checks invoice and payment search after ANALYZE, when
// it reads only the rarest trigrams of q, and before, when it knows none.
func TestSearchExact(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		list, stats string
		check       func(*testing.T, sello.Store, func())
	}{
		{"invoices", "search_parties_trigrams", storetest.InvoiceSearchExact},
		{"payments", "payments_trigrams", storetest.PaymentSearchExact},
	} {
		for _, analyzed := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s analyzed %v", c.list, analyzed), func(t *testing.T) {
				t.Parallel()
				db, err := Open(t.Context(), storetest.PostgresURL(t))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				c.check(t, db, func() {
					if !analyzed {
						return
					}
					if err := db.Analyze(t.Context()); err != nil {
						t.Fatal(err)
					}
					if freq, err := db.trigramFreq(t.Context(), c.stats); err != nil || freq["cli"] < 0.9 || len(freq) < 100 {
						t.Fatalf("statistics after ANALYZE: %d trigrams, cli %v, %v", len(freq), freq["cli"], err)
					}
				})
			})
		}
	}
}
