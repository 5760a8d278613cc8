package csd

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"
)

var (
	sandboxFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sandboxTo   = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

func TestGenerateSandbox(t *testing.T) {
	t.Parallel()
	random := bytes.NewReader(bytes.Repeat([]byte{0x42}, 4096))
	cer, key, err := GenerateSandbox("H&E951128469", "HERRERIA & ELECTRICOS", []byte("pw"), sandboxFrom, sandboxTo, random)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(cer, key, []byte("pw"), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("Load(GenerateSandbox) = %v", err)
	}
	if c.RFC != "H&E951128469" || c.Name != "HERRERIA & ELECTRICOS" || !c.IsCSD() {
		t.Errorf("Load(GenerateSandbox) = RFC %q Name %q IsCSD %v", c.RFC, c.Name, c.IsCSD())
	}
	// 0x4242424242424242 % 1e10 = 7313060418: the serial depends only on random.
	if want := "30001000007313060418"; c.NoCertificado != want {
		t.Errorf("NoCertificado = %q, want %q", c.NoCertificado, want)
	}
	if !c.NotBefore.Equal(sandboxFrom) || !c.NotAfter.Equal(sandboxTo) {
		t.Errorf("validity = %v..%v, want %v..%v", c.NotBefore, c.NotAfter, sandboxFrom, sandboxTo)
	}
	if _, err := Load(cer, key, []byte("PW"), sandboxFrom); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("Load(wrong password) = %v, want ErrWrongPassword", err)
	}
}

// TestGenerateSandboxGlobalRandom shows that GenerateSandbox is byte for byte
// deterministic once crypto/rsa's global random source is fixed.
func TestGenerateSandboxGlobalRandom(t *testing.T) {
	gen := func() ([]byte, []byte) {
		cryptotest.SetGlobalRandom(t, 1)
		random := bytes.NewReader(bytes.Repeat([]byte{1, 2, 3}, 2000))
		cer, key, err := GenerateSandbox("EKU9003173C9", "ESCUELA", []byte("pw"), sandboxFrom, sandboxTo, random)
		if err != nil {
			t.Fatal(err)
		}
		return cer, key
	}
	cer1, key1 := gen()
	cer2, key2 := gen()
	if !bytes.Equal(cer1, cer2) || !bytes.Equal(key1, key2) {
		t.Error("GenerateSandbox with a fixed global random source is not deterministic")
	}
}

func TestGenerateSandboxRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rfc, holder string
		from, to          time.Time
	}{
		{"bad RFC", "EKU90031", "X", sandboxFrom, sandboxTo},
		{"no name", "EKU9003173C9", "", sandboxFrom, sandboxTo},
		{"empty validity", "EKU9003173C9", "X", sandboxTo, sandboxFrom},
	}
	for _, tt := range tests {
		if _, _, err := GenerateSandbox(tt.rfc, tt.holder, nil, tt.from, tt.to, rand.Reader); err == nil {
			t.Errorf("GenerateSandbox(%s) succeeded", tt.name)
		}
	}
}

// TestFIEL builds a certificate shaped like an e.firma: no OU, wider usages.
func TestFIEL(t *testing.T) {
	t.Parallel()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: "BERENICE XIMO QUEZADA", ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidUniqueIdentifier, Value: "XIQB891116QE4"}}}
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes([]byte("30001000000400002335")),
		Subject:      subject,
		NotBefore:    sandboxFrom,
		NotAfter:     sandboxTo,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment |
			x509.KeyUsageDataEncipherment | x509.KeyUsageKeyAgreement,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	cer, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := EncryptPrivateKey(key, []byte("pw"), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(cer, keyDER, []byte("pw"), sandboxFrom.AddDate(1, 0, 0)); !errors.Is(err, ErrNotCSD) {
		t.Errorf("Load(FIEL) = %v, want ErrNotCSD", err)
	}
}

// TestSignOpenSSL seals a cadena with a loaded CSD and verifies the seal with
// openssl and the certificate's public key.
func TestSignOpenSSL(t *testing.T) {
	t.Parallel()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		missing(t, "openssl not installed")
	}
	s := readSample(t, "EKU9003173C9_2023", "EKU9003173C9")
	c, err := Load(s.cer, s.key, s.password, sandboxFrom)
	if err != nil {
		t.Fatal(err)
	}
	cadena := []byte("||4.0|A|1|2026-01-01T00:00:00|01|" + c.NoCertificado + "|100.00|MXN|116.00|I|01|PUE|06000|EKU9003173C9|ESCUELA KEMPER URGATE|601||")
	sum := sha256.Sum256(cadena)
	sig, err := c.Signer().Sign(rand.Reader, sum[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{"cadena.txt": cadena, "sig.bin": sig, "cert.der": s.cer}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		cmd := exec.Command(openssl, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("x509", "-inform", "DER", "-in", "cert.der", "-pubkey", "-noout", "-out", "pub.pem")
	if out := run("dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "cadena.txt"); !strings.Contains(out, "Verified OK") {
		t.Errorf("openssl dgst -verify = %q", out)
	}
}
