package httpapi

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// deadlineRecorder is a ResponseWriter that records write deadlines.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadlines []time.Time
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.deadlines = append(d.deadlines, t)
	return nil
}

// TestWriteDeadlineMoves: the deadline is set when the answer starts and
// moved after every MiB written, so a large answer to a reading client is
// not cut.
func TestWriteDeadlineMoves(t *testing.T) {
	t.Parallel()
	rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	w := &statusWriter{ResponseWriter: rec, deadline: time.Minute}
	before := time.Now()
	body := make([]byte, 3*writeChunk+writeChunk/2)
	for len(body) > 0 { // in odd pieces, as handlers write
		k := min(len(body), 300<<10)
		if n, err := w.Write(body[:k]); n != k || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		body = body[k:]
	}
	if got := len(rec.deadlines); got != 4 {
		t.Fatalf("deadlines set = %d, want 4 (start and after each of 3 MiB)", got)
	}
	if d := rec.deadlines[0]; d.Before(before.Add(time.Minute)) {
		t.Errorf("first deadline %v, want ≥ start + 1m", d)
	}
	if rec.Body.Len() != 3*writeChunk+writeChunk/2 {
		t.Errorf("written %d bytes", rec.Body.Len())
	}
}

// TestWriteDeadlineCutsStalledClient: a client that sends a request and
// never reads the answer is cut once the deadline passes; the server's
// write fails instead of holding the connection.
func TestWriteDeadlineCutsStalledClient(t *testing.T) {
	t.Parallel()
	errc := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w := &statusWriter{ResponseWriter: rw, deadline: 200 * time.Millisecond}
		_, err := w.Write(make([]byte, 64<<20)) // far more than the socket buffers hold
		errc <- err
	}))
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("write to a client that does not read = %v, want a deadline error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the write to a client that does not read never ended")
	}
}
