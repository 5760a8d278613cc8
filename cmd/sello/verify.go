package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/sello-mx/sello/cfdi"
)

// errFilesFailed makes `sello cfdi verify` exit 1 after printing its verdicts.
var errFilesFailed = errors.New("some files failed verification")

// cfdiVerify checks CFDI files: structure, cadena, the issuer's Sello, the
// TFD (SelloSAT when the SAT certificate is known) and, as warnings unless
// --strict, the offline CFDI40xxx rules.
func cfdiVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "cfdi verify")
	certDir := fs.String("sat-certs", e.getenv("SELLO_SAT_CERTS"), "directory of SAT certificates (<NoCertificadoSAT>.cer) used to check SelloSAT")
	strict := fs.Bool("strict", false, "treat CFDI40xxx rule findings as failures")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("usage: sello cfdi verify [--sat-certs DIR] [--strict] FILE...")
	}
	opt := cfdi.VerifyOptions{Strict: *strict, Rules: ruleFindings}
	if *certDir != "" {
		certs, err := cfdi.LoadSATCerts(*certDir)
		if err != nil {
			return fmt.Errorf("load SAT certificates: %w", err)
		}
		opt.SATCert = certs.Get
	}
	if failed := cfdi.VerifyFiles(e.stdout, files, opt); failed > 0 {
		return fmt.Errorf("%d of %d files: %w", failed, len(files), errFilesFailed)
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
