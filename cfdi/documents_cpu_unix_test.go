//go:build unix

package cfdi_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the test process has used
// so far. Benchmarks report it per operation, since on a shared machine the
// wall clock mostly measures the neighbours.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
