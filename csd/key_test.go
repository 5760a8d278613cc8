package csd

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// testKey returns the unencrypted key of the 2023 EKU test CSD.
func testKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	pemBytes, err := os.ReadFile(filepath.Join(satDir(t), "csd", "EKU9003173C9_2023", "EKU9003173C9.key.unencrypted.pem"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParsePrivateKey(pemBytes, nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestEncryptRoundTrip(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	for _, prf := range []asn1.ObjectIdentifier{nil, oidHMACSHA1, oidHMACSHA256} {
		for _, c := range cbcCiphers {
			choice := pbes2Choice{prf: prf, cipher: c.oid}
			t.Run(c.oid.String()+"/"+prf.String(), func(t *testing.T) {
				t.Parallel()
				der, err := encryptPrivateKey(key, []byte("s3cret"), rand.Reader, choice)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ParsePrivateKey(der, []byte("s3cret"))
				if err != nil {
					t.Fatalf("ParsePrivateKey(encrypted with %v) = %v", choice, err)
				}
				if !got.Equal(key) {
					t.Errorf("ParsePrivateKey(encrypted with %v) returned another key", choice)
				}
				if _, err := ParsePrivateKey(der, []byte("s3cre7")); !errors.Is(err, ErrWrongPassword) {
					t.Errorf("ParsePrivateKey(wrong password) = %v, want ErrWrongPassword", err)
				}
			})
		}
	}
}

// TestOpenSSLInterop checks keys OpenSSL encrypts (every cipher and PRF) and
// that OpenSSL decrypts what EncryptPrivateKey writes.
func TestOpenSSLInterop(t *testing.T) {
	t.Parallel()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		missing(t, "openssl not installed")
	}
	plain := filepath.Join(satDir(t), "csd", "EKU9003173C9_2023", "EKU9003173C9.key.unencrypted.pem")
	key := testKey(t)
	tests := []struct{ cipher, prf string }{
		{"des3", "hmacWithSHA1"}, {"aes128", "hmacWithSHA1"}, {"aes192", "hmacWithSHA256"}, {"aes256", "hmacWithSHA256"},
	}
	for _, tt := range tests {
		t.Run(tt.cipher+"-"+tt.prf, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "k.der")
			cmd := exec.Command(openssl, "pkcs8", "-topk8", "-in", plain, "-outform", "DER", "-out", out,
				"-v2", tt.cipher, "-v2prf", tt.prf, "-passout", "pass:pa55word")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("openssl pkcs8: %v\n%s", err, b)
			}
			der, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParsePrivateKey(der, []byte("pa55word"))
			if err != nil || !got.Equal(key) {
				t.Errorf("ParsePrivateKey(openssl %s %s) = %v", tt.cipher, tt.prf, err)
			}
		})
	}
	t.Run("openssl reads ours", func(t *testing.T) {
		t.Parallel()
		der, err := EncryptPrivateKey(key, []byte("pa55word"), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(t.TempDir(), "k.der")
		if err := os.WriteFile(in, der, 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command(openssl, "pkcs8", "-inform", "DER", "-in", in, "-passin", "pass:pa55word").CombinedOutput()
		if err != nil {
			t.Fatalf("openssl pkcs8 -in ours: %v\n%s", err, b)
		}
		want, err := os.ReadFile(plain)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSpace(b), bytes.TrimSpace(want)) {
			t.Errorf("openssl decrypted our key to\n%s\nwant\n%s", b, want)
		}
	})
}

func TestEncryptDeterministic(t *testing.T) {
	t.Parallel()
	key := testKey(t)
	a, err := EncryptPrivateKey(key, []byte("x"), bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncryptPrivateKey(key, []byte("x"), bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("EncryptPrivateKey with the same random bytes gave different output")
	}
}

func TestParsePrivateKeyMalformed(t *testing.T) {
	t.Parallel()
	s := readSample(t, "EKU9003173C9_2023", "EKU9003173C9")
	truncated := s.key[:len(s.key)-8]
	trailing := append(append([]byte(nil), s.key...), 0)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotAKey},
		{"truncated", truncated, ErrNotAKey},
		{"trailing byte", trailing, ErrNotAKey},
		{"PEM of another type", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), ErrNotAKey},
		{"huge", make([]byte, maxKeyFile+1), ErrNotAKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := ParsePrivateKey(tt.data, s.password); !errors.Is(err, tt.want) {
				t.Errorf("ParsePrivateKey(%s) = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}

func FuzzParsePrivateKey(f *testing.F) {
	sat := satDir(f)
	for _, folder := range []string{"EKU9003173C9_2023", "EKU9003173C9_2019", "H_E951128469_2019"} {
		matches, _ := filepath.Glob(filepath.Join(sat, "csd", folder, "*.key"))
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, []byte("12345678a"))
			f.Add(b, []byte(""))
		}
	}
	f.Add([]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\n-----END ENCRYPTED PRIVATE KEY-----\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, data, password []byte) {
		k, err := ParsePrivateKey(data, password)
		if err == nil && k == nil {
			t.Fatal("ParsePrivateKey returned neither key nor error")
		}
		if err != nil && !errors.Is(err, ErrNotAKey) && !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("ParsePrivateKey error %v wraps no sentinel", err)
		}
	})
}
