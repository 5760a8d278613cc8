package sandbox

import (
	"context"
	"regexp"
	"strings"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac"
)

// The SAT's answers on a cancellation, as its query service words them
// (CFDI.md §10, EstatusCancelacion).
const (
	satInProcess        = "En proceso"
	satCancelled        = "Cancelado sin aceptación"
	satCancelledAccepts = "Cancelado con aceptación"
)

// The SAT cancellation codes the sandbox answers with. 201 is the SAT's
// "request received"; 207–209 are its refusals of the motive and of the
// substitution folio (see docs/PAC.md: recalled, not checked against a
// published SAT table).
const (
	codeReceived        = "201"
	codeBadMotive       = "207"
	codeBadSubstitution = "208"
	codeNoSubstitution  = "209"
)

// uuidShape is a folio fiscal: 36 hexadecimal characters and dashes.
var uuidShape = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// cancellation is what the sandbox remembers of a cancellation asked of it.
type cancellation struct {
	emisorRFC string
	answer    sello.Cancellation
}

// Cancel checks a cancellation request as the SAT does and answers it:
// accepted at once, with an acuse signed by the sandbox authority and At =
// now, or pending when Config.PendingCancellations is set (the next
// CancellationStatus accepts it). Asking again for a UUID already asked
// about returns the first answer, as the SAT's 202 "previously requested"
// does.
//
// Errors: Rejected with one FieldError per problem — UUID or EmisorRFC
// missing or malformed; Motive not 01–04 (SATCode 207); motive 01 without a
// Substitution UUID, or a Substitution that is not a UUID or is the UUID
// itself (208); a Substitution with motive 02–04 (209). StampUnavailable
// when ctx is done or the acuse cannot be signed.
func (p *PAC) Cancel(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	if err := ctx.Err(); err != nil {
		return nil, pac.Unavailable(err)
	}
	if err := checkCancel(req); err != nil {
		return nil, err
	}
	uuid := strings.ToUpper(req.UUID)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.cancels[uuid]; ok {
		return answerOf(c), nil
	}
	c := &cancellation{emisorRFC: strings.ToUpper(req.EmisorRFC)}
	if p.pending {
		c.answer = sello.Cancellation{Status: sello.CancellationPending, SATStatus: satInProcess}
	} else if err := p.accept(c, uuid, satCancelled); err != nil {
		return nil, err
	}
	p.cancels[uuid] = c
	return answerOf(c), nil
}

// CancellationStatus answers how the cancellation of req.UUID stands. A
// pending cancellation (Config.PendingCancellations) is accepted by this
// call, as if the receiver had accepted it in the meantime.
//
// Errors: NotFound when no cancellation of that UUID was asked of this
// instance (they live in memory); StampUnavailable when ctx is done or the
// acuse cannot be signed.
func (p *PAC) CancellationStatus(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	if err := ctx.Err(); err != nil {
		return nil, pac.Unavailable(err)
	}
	uuid := strings.ToUpper(req.UUID)
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.cancels[uuid]
	if !ok {
		return nil, sello.Errorf(sello.NotFound, "no cancellation of %s was asked of the sandbox PAC", req.UUID)
	}
	if c.answer.Status == sello.CancellationPending {
		if err := p.accept(c, uuid, satCancelledAccepts); err != nil {
			return nil, err
		}
	}
	return answerOf(c), nil
}

// accept marks c accepted now, with a signed acuse. p.mu is held.
func (p *PAC) accept(c *cancellation, uuid, satStatus string) error {
	now := p.now()
	acuse, err := p.acuse(c.emisorRFC, uuid, now)
	if err != nil {
		return pac.Unavailable(err)
	}
	c.answer = sello.Cancellation{Status: sello.CancellationAccepted, Acuse: acuse, At: now, SATStatus: satStatus}
	return nil
}

// answerOf returns a copy of the answer that the caller may keep.
func answerOf(c *cancellation) *sello.Cancellation {
	a := c.answer
	a.Acuse = append([]byte(nil), a.Acuse...)
	if len(a.Acuse) == 0 {
		a.Acuse = nil
	}
	return &a
}
