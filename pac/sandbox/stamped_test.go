package sandbox

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/google/go-cmp/cmp"
	sello "github.com/sello-mx/sello"
)

func TestStamped(t *testing.T) {
	t.Parallel()
	p := newPAC(t, 11)
	in := sealedInvoice(t, "S1")
	if _, err := p.Stamped(context.Background(), in); sello.ErrorCode(err) != sello.NotFound {
		t.Fatalf("Stamped(before Stamp) = %v, want NotFound", err)
	}
	first, err := p.Stamp(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamp() = %v", err)
	}
	got, err := p.Stamped(context.Background(), in)
	if err != nil {
		t.Fatalf("Stamped() = %v", err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("Stamped() mismatch (-want +got):\n%s", diff)
	}
	// A second Stamp of the same bytes is refused with 307, and Stamped
	// still answers the first stamp.
	_, err = p.Stamp(context.Background(), in)
	if e, ok := err.(*sello.Error); !ok || e.Code != sello.StampRejected || len(e.Fields) != 1 || e.Fields[0].SATCode != "307" {
		t.Fatalf("second Stamp() = %v, want StampRejected 307", err)
	}
	again, err := p.Stamped(context.Background(), in)
	if err != nil || again.UUID != first.UUID {
		t.Errorf("Stamped() after a 307 = %+v, %v; want the first stamp %s", again, err, first.UUID)
	}
	// The caller cannot change what the PAC remembers.
	got.XML[0] = 'X'
	if again, _ := p.Stamped(context.Background(), in); again.XML[0] == 'X' {
		t.Errorf("Stamped() shares its memory with the caller")
	}
	// Other bytes, even the same document re-indented, are another document.
	if _, err := p.Stamped(context.Background(), append(in, '\n')); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("Stamped(other bytes) = %v, want NotFound", err)
	}
}

func TestStampMemoryBound(t *testing.T) {
	t.Parallel()
	m := newStampMemory(3)
	key := func(i int) [sha256.Size]byte { return sha256.Sum256([]byte{byte(i)}) }
	for i := range 5 {
		m.add(key(i), &sello.Stamp{UUID: string(rune('A' + i))})
	}
	m.add(key(4), &sello.Stamp{UUID: "later"})
	var kept []string
	for i := range 5 {
		if st, ok := m.byDigest[key(i)]; ok {
			kept = append(kept, st.UUID)
		}
	}
	if diff := cmp.Diff([]string{"C", "D", "E"}, kept); diff != "" {
		t.Errorf("memory of 3 after 5 stamps mismatch (-want +got):\n%s", diff)
	}
}
