package sello

import "time"

// Process is a running Sello server as the store records it. What a process
// holds — folio reservations, sealed documents on their way to the
// stamping provider (Issuing), idempotency keys in flight — is resolved by
// recovery once the process is known to be dead (service_recover.go).
type Process struct {
	ID string
	// Host, Boot and PID say where it runs: the host name, the host's boot
	// id ("" where the OS has none) and the OS process id. PIDStart is the
	// start time the OS gives that pid, so that a reused pid is told apart.
	Host, Boot string
	PID        int
	PIDStart   string
	StartedAt  time.Time
	// BeatAt is when it last said it was alive.
	BeatAt time.Time
}

// Issuing is a sealed document written down before its stamping provider
// is called: if the process dies before storing the answer, recovery asks
// the provider whether it stamped the document, then stores the invoice or
// hands its folio back. Record is the service's own description of what to
// store (opaque to the store), XML the sealed document.
type Issuing struct {
	InvoiceID string
	TeamID    TeamID
	Livemode  bool
	Owner     string
	// Series and Folio are the document's; a reservation of that folio by
	// Owner is kept (it no longer expires) while the record exists.
	Series string
	Folio  int64
	// Reserved says Owner reserved the folio (ReserveFolio): BeginIssuing
	// then requires that reservation to be Owner's still.
	Reserved  bool
	CreatedAt time.Time
	XML       []byte // the sealed document
	Record    []byte
}

// Liveness tells whether a recorded process still runs when this process
// can know it (one of the same host and boot); known is false otherwise.
type Liveness func(p *Process) (alive, known bool)
