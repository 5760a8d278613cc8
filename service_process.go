package sello

import (
	"time"
)

// claimLease is how long a recoverer holds a dead process's record.
const claimLease = 2 * time.Minute

// epoch is this process's current epoch (0 without a process record).
func (s *Service) epoch() int64 {
	if s.proc == nil {
		return 0
	}
	return s.proc.epoch.Load()
}

// owner is the id of this process as a holder of folios, sealed documents
// and idempotency keys ("" when the Service runs without a process record).
func (s *Service) owner() string {
	if s.proc == nil {
		return ""
	}
	s.proc.mu.Lock()
	defer s.proc.mu.Unlock()
	return s.proc.self.ID
}

// mayStamp says whether this process may start a provider call now: its
// last heartbeat is recent, so no other process can have judged it dead.
func (s *Service) mayStamp() bool {
	if s.proc == nil {
		return true
	}
	return s.now().Sub(time.Unix(0, s.proc.beat.Load())) < freshBeat
}

// dead says whether a recorded process is known to be dead.
func (s *Service) dead(p *Process, now time.Time) bool {
	if p.ID == s.owner() {
		return false
	}
	if s.proc != nil && s.proc.alive != nil {
		if alive, known := s.proc.alive(p); known {
			return !alive
		}
	}
	return now.Sub(p.BeatAt) >= deadAfter
}

// How processes watch each other (docs/RELIABILITY.md). A process records a
// heartbeat every beatEvery. Another process of the same host knows at once
// whether it still runs (Liveness); one elsewhere is dead once its last beat
// is deadAfter old. A process starts a provider call only while its own last
// recorded beat is younger than freshBeat, and the call ends within
// stampTimeout, so by the time others judge it dead it can no longer stamp:
// freshBeat + stampTimeout < deadAfter.
const (
	beatEvery = 2 * time.Second
	freshBeat = 6 * time.Second
	deadAfter = 25 * time.Second
)
