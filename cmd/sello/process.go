package main

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
)

// thisProcess describes the running process for the store's process
// record (sello.Process): where it runs and how the OS names it.
func thisProcess(id string) sello.Process {
	host, _ := os.Hostname()
	start, _ := pidStart(os.Getpid())
	return sello.Process{ID: id, Host: host, Boot: bootScope(), PID: os.Getpid(), PIDStart: start}
}

// bootScope names the boot of this host and the pid namespace of this
// process ("" where /proc has neither): two processes with the same scope
// see each other's pids, so one can tell whether the other still runs.
func bootScope() string {
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(boot)) + "/" + ns
}

// pidStart is the start time of a process, in clock ticks after boot, as
// /proc/<pid>/stat gives it (its 22nd field); fs.ErrNotExist when no
// process has that pid.
func pidStart(pid int) (string, error) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	fields := strings.Fields(s[i+1:]) // from field 3 on
	if i < 0 || len(fields) < 20 {
		return "", errors.New("unreadable /proc stat")
	}
	return fields[19], nil
}

// processAlive is the sello.Liveness of this host: a process of the same
// host, boot and pid namespace runs when its pid does with the same start
// time, and is dead when its pid does not exist or another process has it.
// Anything else (another host, /proc unreadable) is left unknown, to the
// heartbeat.
func processAlive(p *sello.Process) (alive, known bool) {
	host, _ := os.Hostname()
	scope := bootScope()
	if scope == "" || p.Boot != scope || p.Host != host || p.PIDStart == "" {
		return false, false
	}
	start, err := pidStart(p.PID)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, true
	case err != nil:
		return false, false
	}
	return start == p.PIDStart, true
}
