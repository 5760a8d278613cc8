package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac"
)

// maxStamps bounds the stamps a PAC keeps for Stamped. A stamp holds its
// whole XML (a few kilobytes), so the memory stays under a few megabytes;
// past the bound the oldest stamp is forgotten and Stamped answers NotFound
// for it, while Stamp still refuses the document with 307.
const maxStamps = 1024

// stampMemory is a bounded map from the sha256 of sealed bytes to the stamp
// made of them, forgetting the oldest first. PAC.mu guards it.
type stampMemory struct {
	byDigest map[[sha256.Size]byte]*sello.Stamp
	order    [][sha256.Size]byte // ring of the keys, oldest at next once full
	next     int
}

// newStampMemory returns a memory holding at most size stamps.
func newStampMemory(size int) stampMemory {
	return stampMemory{byDigest: make(map[[sha256.Size]byte]*sello.Stamp, size), order: make([][sha256.Size]byte, 0, size)}
}

// add remembers st under key unless a stamp is already there: the first
// stamp of a document is the one that counts.
func (m *stampMemory) add(key [sha256.Size]byte, st *sello.Stamp) {
	if _, ok := m.byDigest[key]; ok {
		return
	}
	if len(m.order) < cap(m.order) {
		m.order = append(m.order, key)
	} else {
		delete(m.byDigest, m.order[m.next])
		m.order[m.next] = key
		m.next = (m.next + 1) % len(m.order)
	}
	m.byDigest[key] = st
}

// remember keeps a copy of the stamp made of sealedXML.
func (p *PAC) remember(sealedXML []byte, st *sello.Stamp) {
	c := *st
	c.XML = bytes.Clone(st.XML)
	key := sha256.Sum256(sealedXML)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stamps.add(key, &c)
}

// Stamped returns the stamp this PAC made of exactly these sealed bytes, the
// first one if Stamp was called again (and answered 307). Errors: NotFound
// when this instance did not stamp them (or forgot them: it keeps the last
// 1,024 stamps, in memory); StampUnavailable when ctx is done.
func (p *PAC) Stamped(ctx context.Context, sealedXML []byte) (*sello.Stamp, error) {
	if err := ctx.Err(); err != nil {
		return nil, pac.Unavailable(err)
	}
	key := sha256.Sum256(sealedXML)
	p.mu.Lock()
	st, ok := p.stamps.byDigest[key]
	p.mu.Unlock()
	if !ok {
		return nil, sello.Errorf(sello.NotFound, "the sandbox PAC has not stamped this document")
	}
	c := *st
	c.XML = bytes.Clone(st.XML)
	return &c, nil
}
