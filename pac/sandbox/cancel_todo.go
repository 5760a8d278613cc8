package sandbox

// Placeholders until the sandbox cancels; the PAC work replaces this file.

import (
	"context"

	"github.com/sello-mx/sello"
)

// Stamped is not implemented yet.
func (p *PAC) Stamped(ctx context.Context, sealedXML []byte) (*sello.Stamp, error) {
	return nil, sello.Errorf(sello.NotFound, "not stamped")
}

// Cancel is not implemented yet.
func (p *PAC) Cancel(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	return nil, sello.Errorf(sello.Internal, "not implemented")
}

// CancellationStatus is not implemented yet.
func (p *PAC) CancellationStatus(ctx context.Context, req sello.CancelRequest) (*sello.Cancellation, error) {
	return nil, sello.Errorf(sello.Internal, "not implemented")
}
