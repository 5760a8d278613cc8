package main

import (
	"os/exec"
	"runtime"
	"testing"
)

// TestProcessAlive: this process runs; one that exited, or a pid with
// another start time, is known dead; a process of another host is unknown.
func TestProcessAlive(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	self := thisProcess("process_self")
	if alive, known := processAlive(&self); !alive || !known {
		t.Fatalf("this process: alive %v, known %v", alive, known)
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	gone := self
	gone.PID = cmd.Process.Pid
	if alive, known := processAlive(&gone); alive || !known {
		t.Errorf("an exited process: alive %v, known %v", alive, known)
	}
	reused := self
	reused.PIDStart = "1"
	if alive, known := processAlive(&reused); alive || !known {
		t.Errorf("a pid with another start time: alive %v, known %v", alive, known)
	}
	elsewhere := self
	elsewhere.Host = "another-host"
	if _, known := processAlive(&elsewhere); known {
		t.Error("a process of another host is known")
	}
}
