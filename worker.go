package sello

import (
	"context"
	"time"
)

// poll is the one loop of Sello's background workers: it runs batch until a
// run handles fewer than size items (work is caught up), waits interval,
// and starts again, until ctx ends. Errors are logged under name; the
// claims with leases in storage make it safe in several processes.
func (s *Service) poll(ctx context.Context, name string, interval time.Duration, size int, batch func(context.Context, int) (int, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := batch(ctx, size)
			if err != nil && ctx.Err() == nil {
				s.logger().Warn(name, "err", err)
			}
			if n < size || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
