package cfdi

import (
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// SATCerts holds the SAT certificates that sign TimbreFiscalDigital stamps,
// by certificate number.
type SATCerts map[string]*x509.Certificate

// Get returns the certificate numbered no, or nil. It fits Document.Verify.
func (s SATCerts) Get(no string) *x509.Certificate { return s[no] }

// LoadSATCerts reads the DER certificates dir/*.cer, each named by its
// certificate number (00001000000708361114.cer). A file whose certificate
// number differs from its name is an error.
func LoadSATCerts(dir string) (SATCerts, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.cer"))
	if err != nil {
		return nil, fmt.Errorf("load SAT certificates: %w", err)
	}
	certs := SATCerts{}
	for _, f := range files {
		der, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("load SAT certificates: %w", err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("load SAT certificate %s: %w", f, err)
		}
		no, err := NoCertificado(cert)
		name := strings.TrimSuffix(filepath.Base(f), ".cer")
		if err != nil || no != name {
			return nil, fmt.Errorf("load SAT certificate %s: its number is %q, not %q", f, no, name)
		}
		certs[no] = cert
	}
	return certs, nil
}

// VerifyOptions configures VerifyFiles.
type VerifyOptions struct {
	// SATCert returns the SAT certificate for a NoCertificadoSAT, nil if unknown.
	SATCert func(noCertificadoSAT string) *x509.Certificate
	// Rules, when set, returns rule findings (CFDI40xxx) for a document;
	// they are printed as warnings unless Strict is set.
	Rules func(*Document) []string
	// Strict turns rule findings into failures.
	Strict bool
}

// VerifyFiles verifies each file as `sello cfdi verify` does and writes one
// verdict per file to w: "OK <file>" followed by indented warnings, or
// "FAIL <file>" followed by each failure. It returns the number of files
// that failed.
func VerifyFiles(w io.Writer, paths []string, opt VerifyOptions) (failed int) {
	for _, p := range paths {
		failures, warnings := verifyFile(p, opt)
		if len(failures) > 0 {
			failed++
			fmt.Fprintf(w, "FAIL %s\n", p)
		} else {
			fmt.Fprintf(w, "OK %s\n", p)
		}
		for _, f := range failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
		for _, f := range warnings {
			fmt.Fprintf(w, "  warning: %s\n", f)
		}
	}
	return failed
}

func verifyFile(path string, opt VerifyOptions) (failures, warnings []string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}, nil
	}
	doc, err := Parse(data)
	if err != nil {
		return []string{Finding{CheckStructure, err.Error()}.String()}, nil
	}
	r := doc.Verify(opt.SATCert)
	for _, f := range r.Failures {
		failures = append(failures, f.String())
	}
	for _, f := range r.Warnings {
		warnings = append(warnings, f.String())
	}
	if opt.Rules != nil {
		for _, msg := range opt.Rules(doc) {
			if opt.Strict {
				failures = append(failures, "rule: "+msg)
			} else {
				warnings = append(warnings, "rule: "+msg)
			}
		}
	}
	return failures, warnings
}
