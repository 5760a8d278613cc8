package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/sqlite"
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
	addSandboxCert(ctx, e, *dbPath, certs)
	opt.SATCert = certs.Get
	if failed := cfdi.VerifyFiles(e.stdout, files, opt); failed > 0 {
		return fmt.Errorf("%d of %d files: %w", failed, len(files), errFilesFailed)
	}
	return nil
}

// addSandboxCert adds to certs the certificate of the sandbox PAC of the
// Sello database at path (or DATABASE_URL), which stamps its test-mode
// invoices: none when there is no such database, or it has never stamped.
// The database is only read (no migration, no file made); when it cannot
// be read, verify goes on without it and says so.
func addSandboxCert(ctx context.Context, e *env, path string, certs cfdi.SATCerts) {
	var raw []byte
	var err error
	if u := e.getenv("DATABASE_URL"); strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		raw, err = postgres.ReadSecret(ctx, u, sandboxAuthority)
	} else {
		raw, err = sqlite.ReadSecret(ctx, path, sandboxAuthority)
	}
	if sello.ErrorCode(err) == sello.NotFound {
		return
	}
	if err == nil {
		err = addCert(raw, certs)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "note: the sandbox PAC's certificate was not read (%v); test-mode stamps are checked only with --sat-certs\n", err)
	}
}

// addCert adds the certificate of the sandbox authority raw to certs.
func addCert(raw []byte, certs cfdi.SATCerts) error {
	pair, err := sandboxAuthorityPair(raw)
	if err != nil {
		return err
	}
	cert, err := x509.ParseCertificate(pair[0])
	if err != nil {
		return err
	}
	no, err := cfdi.NoCertificado(cert)
	if err != nil {
		return err
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
