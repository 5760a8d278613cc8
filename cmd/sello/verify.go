package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
)

// errFilesFailed makes `sello cfdi verify` exit 1 after printing its verdicts.
var errFilesFailed = errors.New("some files failed verification")

// cfdiVerify checks CFDI files: structure, cadena, the issuer's Sello, the
// TFD (SelloSAT when the SAT certificate is known: from --sat-certs, or the
// sandbox PAC's of the local Sello database, so that test-mode invoices are
// checked with no flag) and, as warnings unless --strict, the offline
// CFDI40xxx rules.
func cfdiVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "cfdi verify")
	certDir := fs.String("sat-certs", e.getenv("SELLO_SAT_CERTS"), "directory of SAT certificates (<NoCertificadoSAT>.cer) used to check SelloSAT")
	strict := fs.Bool("strict", false, "treat CFDI40xxx rule findings as failures")
	dbPath := dbFlag(fs, e)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("usage: sello cfdi verify [--sat-certs DIR] [--strict] FILE...")
	}
	opt := cfdi.VerifyOptions{Strict: *strict, Rules: ruleFindings}
	certs := cfdi.SATCerts{}
	if *certDir != "" {
		var err error
		if certs, err = cfdi.LoadSATCerts(*certDir); err != nil {
			return fmt.Errorf("load SAT certificates: %w", err)
		}
	}
	if err := addSandboxCert(ctx, e, *dbPath, certs); err != nil {
		return err
	}
	opt.SATCert = certs.Get
	if failed := cfdi.VerifyFiles(e.stdout, files, opt); failed > 0 {
		return fmt.Errorf("%d of %d files: %w", failed, len(files), errFilesFailed)
	}
	return nil
}

// addSandboxCert adds to certs the certificate of the sandbox PAC of the
// Sello database at path (or DATABASE_URL), which stamps its test-mode
// invoices: none when there is no such database, or it has never stamped.
// The database is only read; a SQLite file that does not exist is not made.
func addSandboxCert(ctx context.Context, e *env, path string, certs cfdi.SATCerts) error {
	if !strings.HasPrefix(e.getenv("DATABASE_URL"), "postgres") {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	store, _, err := openStore(ctx, e, path)
	if err != nil {
		return fmt.Errorf("the Sello database (for its sandbox PAC's certificate): %w", err)
	}
	defer store.Close()
	raw, err := store.FindSecret(ctx, sandboxAuthority)
	switch {
	case sello.ErrorCode(err) == sello.NotFound:
		return nil
	case err != nil:
		return fmt.Errorf("the sandbox PAC's certificate: %w", err)
	}
	pair, err := sandboxAuthorityPair(raw)
	if err != nil {
		return err
	}
	cert, err := x509.ParseCertificate(pair[0])
	if err != nil {
		return fmt.Errorf("the sandbox PAC's certificate: %w", err)
	}
	no, err := cfdi.NoCertificado(cert)
	if err != nil {
		return fmt.Errorf("the sandbox PAC's certificate: %w", err)
	}
	if _, ok := certs[no]; !ok {
		certs[no] = cert
	}
	return nil
}

// ruleFindings runs the offline rules on a CFDI 4.0 document of a type Sello
// knows; other documents get no rule findings.
func ruleFindings(d *cfdi.Document) []string {
	if d.Version != "4.0" || d.Comprobante == nil {
		return nil
	}
	var out []string
	for _, p := range cfdi.Validate(d.Comprobante, cfdi.ValidateOptions{}) {
		out = append(out, p.String())
	}
	return out
}
