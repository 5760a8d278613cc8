package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/sello-mx/sello"
)

// thisProcess describes the running process for the store's process
// record (sello.Process): where it runs and how the OS names it.
func thisProcess(id string) sello.Process {
	host, _ := os.Hostname()
	return sello.Process{ID: id, Host: host, Boot: bootScope(), PID: os.Getpid(), PIDStart: pidStart(os.Getpid())}
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
// /proc/<pid>/stat gives it (its 22nd field); "" when it does not run.
func pidStart(pid int) string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	fields := strings.Fields(s[i+1:]) // from field 3 on
	if len(fields) < 20 {
		return ""
	}
	return fields[19]
}

// processAlive is the sello.Liveness of this host: a process of the same
// host, boot and pid namespace runs when its pid does with the same start
// time; of any other process nothing is known here.
func processAlive(p *sello.Process) (alive, known bool) {
	host, _ := os.Hostname()
	scope := bootScope()
	if scope == "" || p.Boot != scope || p.Host != host {
		return false, false
	}
	return p.PIDStart != "" && pidStart(p.PID) == p.PIDStart, true
}
