package finkoktest_test

import (
	"encoding/base64"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello/pac/finkoktest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// newFake starts a fake with a fresh sandbox behind it.
func newFake(t *testing.T) *finkoktest.Server {
	t.Helper()
	now := time.Date(2026, 11, 26, 16, 5, 0, 0, time.UTC)
	cer, key, err := sandbox.GenerateAuthority([]byte("pw"), now.AddDate(0, -1, 0), rand.NewChaCha8([32]byte{5}))
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Config{Certificate: cer, Key: key, Password: []byte("pw"), Now: func() time.Time { return now }, Rand: rand.NewChaCha8([32]byte{6})})
	if err != nil {
		t.Fatal(err)
	}
	s := finkoktest.New(finkoktest.Config{Username: "user", Password: "pass", PAC: sb})
	t.Cleanup(s.Close)
	return s
}

// post sends a SOAP body to the fake's service and returns status and body.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "text/xml; charset=utf-8", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// stampCall is a call in the style of Finkok's own PHP example: other
// prefixes than the adapter's, same namespaces.
func stampCall(op, user, xml string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://facturacion.finkok.com/stamp"><SOAP-ENV:Body><ns1:` + op +
		`><ns1:xml>` + base64.StdEncoding.EncodeToString([]byte(xml)) + `</ns1:xml><ns1:username>` + user + `</ns1:username><ns1:password>pass</ns1:password></ns1:` + op + `></SOAP-ENV:Body></SOAP-ENV:Envelope>`
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	tests := []struct {
		name, op, user, xml string
		want                []string // substrings of the answer
	}{
		{"stamped, never stamped", "stamped", "user", "<cfdi/>", []string{"<tns:stampedResponse><tns:stampedResult>", "<s0:CodigoError>603</s0:CodigoError>", "El CFDI no contiene un timbre previo"}},
		{"stamp, not a CFDI", "stamp", "user", "<factura/>", []string{"<tns:stampResult>", "<s0:CodigoError>301</s0:CodigoError>"}},
		{"quick_stamp, not a CFDI", "quick_stamp", "user", "<factura/>", []string{"<tns:quick_stampResult>", "<s0:CodigoError>301</s0:CodigoError>"}},
		{"wrong user", "stamp", "other", "<factura/>", []string{"<s0:CodigoError>300</s0:CodigoError>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := post(t, s.URL()+"stamp", stampCall(tt.op, tt.user, tt.xml))
			if status != http.StatusOK {
				t.Fatalf("%s: HTTP %d, want 200:\n%s", tt.op, status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s answer lacks %q:\n%s", tt.op, w, body)
				}
			}
		})
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.FailNext(2, finkoktest.Fail500)
	for i := range 3 {
		status, body := post(t, s.URL()+"stamp", stampCall("stamped", "user", "<cfdi/>"))
		want := http.StatusInternalServerError
		if i == 2 {
			want = http.StatusOK
		}
		if status != want {
			t.Errorf("call %d: HTTP %d, want %d:\n%s", i, status, want, body)
		}
		if i < 2 && !strings.Contains(body, "<senv:Fault>") {
			t.Errorf("call %d: no SOAP fault:\n%s", i, body)
		}
	}
	if n := s.Calls("stamped"); n != 3 {
		t.Errorf("Calls(stamped) = %d, want 3", n)
	}
	if status, _ := post(t, s.URL()+"stamp", "not soap"); status != http.StatusInternalServerError {
		t.Errorf("a body that is not SOAP: HTTP %d, want 500", status)
	}
}

func TestCloseReleasesHang(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	s.FailNext(1, finkoktest.FailHang)
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Post(s.URL()+"stamp", "text/xml", strings.NewReader(stampCall("stamp", "user", "<cfdi/>")))
		if err == nil {
			resp.Body.Close()
		}
	}()
	for s.Calls("stamp") == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	<-done // a hanging call ends when the server closes
}
