package rsasign_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/rsasign"
)

// In the default build these tests compare crypto/rsa with itself; built
// with -tags fastrsa they compare OpenSSL's signatures with crypto/rsa's.

func TestBackend(t *testing.T) {
	t.Parallel()
	b := rsasign.Backend()
	if b != "go" && !strings.HasPrefix(b, "openssl 3.") {
		t.Errorf("Backend() = %q, want go or openssl 3.x", b)
	}
	t.Logf("backend: %s", b)
}

// testKeys returns the keys of every test CSD in shared/sat/csd and fresh
// 2048- and 4096-bit keys, by name.
func testKeys(t *testing.T) map[string]*rsa.PrivateKey {
	t.Helper()
	keys := map[string]*rsa.PrivateKey{}
	files, err := filepath.Glob(filepath.Join(cfditest.SATDir(t), "csd", "*", "*.key"))
	if err != nil || len(files) == 0 {
		cfditest.SkipOrFail(t, "no test CSD keys in shared/sat/csd: %v", err)
	}
	for _, f := range files {
		dir := filepath.Dir(f)
		k, err := csd.ParsePrivateKey(read(t, f), read(t, filepath.Join(dir, "password.txt")))
		if err != nil {
			t.Fatalf("csd.ParsePrivateKey(%s): %v", f, err)
		}
		keys[filepath.Base(dir)] = k
	}
	for _, bits := range []int{2048, 4096} {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			t.Fatal(err)
		}
		keys[fmt.Sprintf("fresh-%d", bits)] = k
	}
	return keys
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// digests returns n SHA-256-sized digests: all zeros, all ones, and random.
func digests(t *testing.T, n int) [][]byte {
	t.Helper()
	ds := [][]byte{make([]byte, sha256.Size), bytes.Repeat([]byte{0xff}, sha256.Size)}
	for len(ds) < n {
		d := make([]byte, sha256.Size)
		rand.Read(d)
		ds = append(ds, d)
	}
	return ds
}

func TestSameSignature(t *testing.T) {
	t.Parallel()
	ds := digests(t, 200)
	for name, k := range testKeys(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := rsasign.New(k)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if !k.PublicKey.Equal(s.Public()) {
				t.Fatal("Public() is not the key's public key")
			}
			for _, d := range ds {
				same(t, s, k, d)
			}
		})
	}
}

// same checks that s signs the SHA-256 digest d as crypto/rsa does with k.
func same(t *testing.T, s crypto.Signer, k *rsa.PrivateKey, d []byte) {
	t.Helper()
	want, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, d)
	if err != nil {
		t.Fatalf("rsa.SignPKCS1v15(%x): %v", d, err)
	}
	got, err := s.Sign(nil, d, crypto.SHA256)
	if err != nil {
		t.Fatalf("Sign(%x): %v", d, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Sign(%x) = %x, want crypto/rsa's %x", d, got, want)
	}
}

// TestConcurrentSign signs from many goroutines with one signer, as the
// server does with a team's CSD (run it with -race).
func TestConcurrentSign(t *testing.T) {
	t.Parallel()
	k, s := newSigner(t)
	ds := digests(t, 64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < len(ds); i += 8 {
				same(t, s, k, ds[i])
			}
		})
	}
	wg.Wait()
}

// TestOtherOptions checks what the signer passes to crypto/rsa: PSS, other
// hashes, digests of the wrong length.
func TestOtherOptions(t *testing.T) {
	t.Parallel()
	k, s := newSigner(t)
	d384 := sha512.Sum384([]byte("sello"))
	got, err := s.Sign(nil, d384[:], crypto.SHA384)
	want, _ := rsa.SignPKCS1v15(nil, k, crypto.SHA384, d384[:])
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("Sign(SHA-384) = %x, %v; want crypto/rsa's %x", got, err, want)
	}
	d := sha256.Sum256([]byte("sello"))
	pss := &rsa.PSSOptions{Hash: crypto.SHA256}
	sig, err := s.Sign(rand.Reader, d[:], pss)
	if err != nil {
		t.Fatalf("Sign(PSS): %v", err)
	}
	if err := rsa.VerifyPSS(&k.PublicKey, crypto.SHA256, d[:], sig, pss); err != nil {
		t.Errorf("Sign(PSS) does not verify: %v", err)
	}
	if _, err := s.Sign(nil, d[:31], crypto.SHA256); err == nil {
		t.Error("Sign(31-byte digest, SHA-256) = nil error, want one")
	}
}

func TestNewNil(t *testing.T) {
	t.Parallel()
	if _, err := rsasign.New(nil); err == nil {
		t.Error("New(nil) = nil error, want one")
	}
}

// FuzzSameSignature checks that digests sign as crypto/rsa signs them. The
// input is cut or padded with zeros to 32 bytes; as given, an input of
// another length must fail in both.
func FuzzSameSignature(f *testing.F) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		f.Fatal(err)
	}
	s, err := rsasign.New(k)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(make([]byte, 32))
	f.Add(bytes.Repeat([]byte{0xff}, 32))
	f.Add([]byte("the cadena original of a CFDI 4."))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		d := make([]byte, sha256.Size)
		copy(d, in)
		want, werr := rsa.SignPKCS1v15(nil, k, crypto.SHA256, d)
		got, err := s.Sign(nil, d, crypto.SHA256)
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Fatalf("Sign(%x) = %x, %v; crypto/rsa gives %x, %v", d, got, err, want, werr)
		}
		if len(in) == sha256.Size {
			return
		}
		_, werr = rsa.SignPKCS1v15(nil, k, crypto.SHA256, in)
		if _, err := s.Sign(nil, in, crypto.SHA256); err == nil || werr == nil {
			t.Fatalf("Sign(%d bytes, SHA-256) = %v; crypto/rsa gives %v; want errors", len(in), err, werr)
		}
	})
}

// newSigner makes a fresh RSA-2048 key and the backend's signer of it.
func newSigner(t *testing.T) (*rsa.PrivateKey, crypto.Signer) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := rsasign.New(k)
	if err != nil {
		t.Fatal(err)
	}
	return k, s
}
