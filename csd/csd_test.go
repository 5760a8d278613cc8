package csd

import (
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// satDir returns ../shared/sat next to the repository root, skipping the test
// when it is missing (failing when CI is set).
func satDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	sat := filepath.Join(dir, "..", "shared", "sat")
	if _, err := os.Stat(sat); err != nil {
		missing(t, "shared SAT test data: %v", err)
	}
	return sat
}

// missing skips the test, or fails it when the environment variable CI is set.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// sample holds the files of one test CSD in ../shared/sat/csd.
type sample struct {
	cer, key, password []byte
}

// readSample reads the .cer, .key and password.txt of folder.
func readSample(t testing.TB, folder, base string) sample {
	t.Helper()
	dir := filepath.Join(satDir(t), "csd", folder)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return sample{cer: read(base + ".cer"), key: read(base + ".key"), password: read("password.txt")}
}

// at2020 lies within the validity of every 2019 test CSD.
var at2020 = time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC)

func TestLoadSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		folder, base, rfc, no, name string
		at                          time.Time
	}{
		{"EKU9003173C9_2023", "EKU9003173C9", "EKU9003173C9", "30001000000500003416", "ESCUELA KEMPER URGATE SA DE CV", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{"EKU9003173C9_2019", "EKU9003173C9", "EKU9003173C9", "30001000000400002434", "ESCUELA KEMPER URGATE SA DE CV", at2020},
		{"XIA190128J61_2019", "XIA190128J61", "XIA190128J61", "30001000000400002443", "XENON INDUSTRIAL ARTICLES S DE CV", at2020},
		{"IIA040805DZ4_2019", "IIA040805DZ4", "IIA040805DZ4", "30001000000400002447", "INDISTRIA ILUMINADORA DE ALMACENES SA DE CV", at2020},
		{"H_E951128469_2019", "H_E951128469", "H&E951128469", "30001000000400002463", "HERRERIA & ELECTRICOS S DE CV", at2020},
		{"XIQB891116QE4_2019", "XIQB891116QE4", "XIQB891116QE4", "30001000000400002336", "BERENICE XIMO QUEZADA", at2020},
		{"CACX7605101P8_2019", "CACX7605101P8", "CACX7605101P8", "30001000000400002451", "XOCHILT CASAS CHAVEZ", at2020},
		{"FUNK671228PH6_2019", "FUNK671228PH6", "FUNK671228PH6", "30001000000400002321", "KARLA FUENTE NOLASCO", at2020},
	}
	for _, tt := range tests {
		t.Run(tt.folder, func(t *testing.T) {
			t.Parallel()
			s := readSample(t, tt.folder, tt.base)
			c, err := Load(s.cer, s.key, s.password, tt.at)
			if err != nil {
				t.Fatalf("Load(%s) = %v", tt.folder, err)
			}
			if c.RFC != tt.rfc || c.NoCertificado != tt.no || c.Name != tt.name {
				t.Errorf("Load(%s) = RFC %q, NoCertificado %q, Name %q; want %q, %q, %q",
					tt.folder, c.RFC, c.NoCertificado, c.Name, tt.rfc, tt.no, tt.name)
			}
			if err := c.CheckRFC(tt.rfc); err != nil {
				t.Errorf("CheckRFC(%q) = %v", tt.rfc, err)
			}
			if err := c.CheckRFC("XAXX010101000"); !errors.Is(err, ErrRFCMismatch) {
				t.Errorf("CheckRFC(XAXX010101000) = %v, want ErrRFCMismatch", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	eku := readSample(t, "EKU9003173C9_2023", "EKU9003173C9")
	old := readSample(t, "EKU9003173C9_2019", "EKU9003173C9")
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		cer, key, pwd []byte
		at            time.Time
		want          error
	}{
		{"wrong password", eku.cer, eku.key, []byte("12345678b"), now, ErrWrongPassword},
		{"empty password", eku.cer, eku.key, nil, now, ErrWrongPassword},
		{"swapped key", eku.cer, old.key, old.password, now, ErrKeyMismatch},
		{"garbage key", eku.cer, []byte("not a key at all"), eku.password, now, ErrNotAKey},
		{"certificate as key", eku.cer, eku.cer, eku.password, now, ErrNotAKey},
		{"garbage certificate", []byte("nope"), eku.key, eku.password, now, ErrNotACertificate},
		{"key as certificate", eku.key, eku.key, eku.password, now, ErrNotACertificate},
		{"expired 2019 CSD in 2026", old.cer, old.key, old.password, now, ErrExpired},
		{"2023 CSD in 2020", eku.cer, eku.key, eku.password, at2020, ErrNotYetValid},
		{"2023 CSD after 2027-05-18", eku.cer, eku.key, eku.password, time.Date(2027, 5, 19, 0, 0, 0, 0, time.UTC), ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.cer, tt.key, tt.pwd, tt.at)
			if !errors.Is(err, tt.want) {
				t.Errorf("Load() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestLoadPEM(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(satDir(t), "csd", "EKU9003173C9_2023")
	cer, err := os.ReadFile(filepath.Join(dir, "EKU9003173C9.cer.pem"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(dir, "EKU9003173C9.key.unencrypted.pem"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := Load(cer, key, nil, at)
	if err != nil {
		t.Fatalf("Load(PEM, unencrypted) = %v", err)
	}
	if c.NoCertificado != "30001000000500003416" {
		t.Errorf("NoCertificado = %q", c.NoCertificado)
	}
	s := readSample(t, "EKU9003173C9_2023", "EKU9003173C9")
	encrypted := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: s.key})
	if _, err := Load(s.cer, encrypted, s.password, at); err != nil {
		t.Errorf("Load(PEM encrypted key) = %v", err)
	}
	if _, err := Load(cer, key, []byte("12345678a"), at); !errors.Is(err, ErrNotAKey) {
		t.Errorf("Load(unencrypted key, password) = %v, want ErrNotAKey", err)
	}
}

func FuzzParseCertificate(f *testing.F) {
	matches, _ := filepath.Glob(filepath.Join(satDir(f), "csd", "*", "*.cer"))
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCertificate(data)
		if err != nil {
			if !errors.Is(err, ErrNotACertificate) {
				t.Fatalf("ParseCertificate error %v wraps no sentinel", err)
			}
			return
		}
		if len(c.NoCertificado) != 20 || c.RFC == "" {
			t.Fatalf("ParseCertificate accepted NoCertificado %q RFC %q", c.NoCertificado, c.RFC)
		}
		c.IsCSD()
	})
}
