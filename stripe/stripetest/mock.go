// Package stripetest runs Stripe's stripe-mock for tests: a local server
// that answers Stripe's API from its OpenAPI specification.
package stripetest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

// Install is how CI installs the stripe-mock these tests use.
const Install = "go install github.com/stripe/stripe-mock@v0.203.0"

var listening = regexp.MustCompile(`Listening for HTTP at address: (\S+)`)

// Mock starts stripe-mock on a free local port for the test and returns
// its base URL; the process is killed when the test ends. Without
// stripe-mock (on $PATH, in $STRIPE_MOCK or in $GOPATH/bin) the test is
// skipped, or fails when CI is set.
func Mock(t testing.TB) string {
	t.Helper()
	bin := findMock()
	if bin == "" {
		cfditest.SkipOrFail(t, "stripe-mock not found: %s", Install)
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("stripe-mock did not start")
	}
	return ""
}

func findMock() string {
	if p := os.Getenv("STRIPE_MOCK"); p != "" {
		return p
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p
	}
	for _, dir := range []string{os.Getenv("GOBIN"), filepath.Join(os.Getenv("GOPATH"), "bin"), filepath.Join(os.Getenv("HOME"), "go", "bin")} {
		p := filepath.Join(dir, "stripe-mock")
		if fi, err := os.Stat(p); dir != "" && err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}
