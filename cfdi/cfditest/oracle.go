package cfditest

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
)

// ErrToolMissing is wrapped by Check when xmllint, xsltproc, openssl or the
// shared SAT folder is not available.
var ErrToolMissing = errors.New("oracle tool missing")

// Option changes what Check verifies.
type Option func(*config)

type config struct {
	satCert    *x509.Certificate
	skipSchema bool
	schemas    map[string]string // namespace → XSD path, besides the SAT's
}

// WithSATCert makes Check verify the TFD SelloSAT with cert (the SAT's, or
// the sandbox PAC's own certificate).
func WithSATCert(cert *x509.Certificate) Option {
	return func(c *config) { c.satCert = cert }
}

// WithSchema adds the XSD at path for namespace to the SAT's schemas: an
// addenda's own schema. cfdv40.xsd's Addenda is a strict wildcard, so the
// SAT XSD validates an addenda only against the schema of its namespace.
func WithSchema(namespace, path string) Option {
	return func(c *config) {
		if c.schemas == nil {
			c.schemas = map[string]string{}
		}
		c.schemas[namespace] = path
	}
}

// SkipSchema leaves out the xmllint check, for documents with complements
// the wrapper schema does not load (Nómina).
func SkipSchema() Option {
	return func(c *config) { c.skipSchema = true }
}

// Oracle runs Check and fails the test on any disagreement. It skips the
// test when a tool is missing, or fails it when the environment variable CI
// is set.
func Oracle(t testing.TB, xml []byte, opts ...Option) {
	t.Helper()
	err := Check(xml, opts...)
	if errors.Is(err, ErrToolMissing) {
		SkipOrFail(t, "oracle: %v", err)
	}
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
}

// Check holds a CFDI up to the SAT's tools, as CFDI.md §14 prescribes:
//
//   - xmllint validates it against cfdi40-with-complementos.xsd (4.0 only);
//   - xsltproc with the SAT cadena XSLT prints exactly the cadena that
//     cfdi.Parse(xml).CadenaOriginal() builds;
//   - openssl verifies the Sello over the xsltproc cadena with the public key
//     of the embedded Certificado (skipped when Sello and Certificado are
//     both empty: a document not yet sealed);
//   - when there is a TimbreFiscalDigital, xsltproc with
//     tfd-cadena-from-cfdi.xslt prints the Go TFD cadena, and, given
//     WithSATCert, openssl verifies SelloSAT over it.
//
// xsltproc's two warnings on stderr about XSLT 2.0 are harmless: runs are
// judged by exit status and stdout.
func Check(xml []byte, opts ...Option) error {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	env, err := newOracleEnv()
	if err != nil {
		return err
	}
	defer os.RemoveAll(env.tmp)
	doc, err := cfdi.Parse(xml)
	if err != nil {
		return fmt.Errorf("cfdi.Parse: %w", err)
	}
	file, err := env.write("doc.xml", xml)
	if err != nil {
		return err
	}
	if !cfg.skipSchema && doc.Version == "4.0" {
		schema := filepath.Join(env.xsd, "cfdi40-with-complementos.xsd")
		if len(cfg.schemas) > 0 {
			if schema, err = env.withSchemas(schema, cfg.schemas); err != nil {
				return err
			}
		}
		if _, err := env.run("xmllint", "--noout", "--schema", schema, file); err != nil {
			return fmt.Errorf("xmllint rejects the document: %w", err)
		}
	}
	cadena, err := env.checkCadena(doc, file)
	if err != nil {
		return err
	}
	c := doc.Comprobante
	if c.Sello != "" || c.Certificado != "" {
		der, err := base64.StdEncoding.DecodeString(c.Certificado)
		if err != nil {
			return fmt.Errorf("Certificado is not base64: %w", err)
		}
		if err := env.verify("sello", der, c.Sello, cadena); err != nil {
			return fmt.Errorf("openssl rejects the Sello: %w", err)
		}
	}
	if doc.TFD != nil {
		tfdCadena, err := env.checkTFD(doc, file)
		if err != nil {
			return err
		}
		if cfg.satCert != nil {
			if err := env.verify("sellosat", cfg.satCert.Raw, doc.TFD.SelloSAT, tfdCadena); err != nil {
				return fmt.Errorf("openssl rejects the SelloSAT: %w", err)
			}
		}
	}
	return nil
}

// oracleEnv is a temporary directory and the paths of the SAT files.
type oracleEnv struct {
	tmp string
	xsd string // <shared>/sat/xsd-xslt
}

func newOracleEnv() (*oracleEnv, error) {
	for _, tool := range []string{"xmllint", "xsltproc", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%w: %s", ErrToolMissing, tool)
		}
	}
	root, err := findRoot()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrToolMissing, err)
	}
	xsd := filepath.Join(root, "..", "shared", "sat", "xsd-xslt")
	if _, err := os.Stat(xsd); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrToolMissing, err)
	}
	tmp, err := os.MkdirTemp("", "cfdi-oracle-")
	if err != nil {
		return nil, err
	}
	return &oracleEnv{tmp: tmp, xsd: xsd}, nil
}

func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func (e *oracleEnv) write(name string, data []byte) (string, error) {
	p := filepath.Join(e.tmp, name)
	return p, os.WriteFile(p, data, 0o600)
}

// run runs a tool and returns its stdout; a non-zero exit is an error that
// carries stderr.
func (e *oracleEnv) run(name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func (e *oracleEnv) checkCadena(doc *cfdi.Document, file string) ([]byte, error) {
	xslt := filepath.Join(e.xsd, "www.sat.gob.mx/sitio_internet/cfd/4/cadenaoriginal_4_0/cadenaoriginal_4_0.xslt")
	if doc.Version == "3.3" {
		xslt = filepath.Join(e.xsd, "www.sat.gob.mx/sitio_internet/cfd/3/cadenaoriginal_3_3/cadenaoriginal_3_3.xslt")
	}
	want, err := e.run("xsltproc", xslt, file)
	if err != nil {
		return nil, err
	}
	got, err := doc.CadenaOriginal()
	if err != nil {
		return nil, fmt.Errorf("Go CadenaOriginal: %w", err)
	}
	if got != string(want) {
		return nil, fmt.Errorf("cadena differs from xsltproc:\n xsltproc %q\n       Go %q", want, got)
	}
	return want, nil
}

func (e *oracleEnv) checkTFD(doc *cfdi.Document, file string) ([]byte, error) {
	want, err := e.run("xsltproc", filepath.Join(e.xsd, "tfd-cadena-from-cfdi.xslt"), file)
	if err != nil {
		return nil, err
	}
	got, _ := doc.CadenaTFD()
	if got != string(want) {
		return nil, fmt.Errorf("TFD cadena differs from xsltproc:\n xsltproc %q\n       Go %q", want, got)
	}
	return want, nil
}

// verify runs openssl dgst -sha256 -verify over text with the public key of
// the DER certificate and the base64 signature.
func (e *oracleEnv) verify(name string, certDER []byte, sigB64 string, text []byte) error {
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return fmt.Errorf("signature is not base64: %w", err)
	}
	cer, err := e.write(name+".cer", certDER)
	if err != nil {
		return err
	}
	pub, err := e.run("openssl", "x509", "-inform", "DER", "-in", cer, "-pubkey", "-noout")
	if err != nil {
		return err
	}
	files := []string{}
	for _, f := range []struct {
		name string
		data []byte
	}{{".pub.pem", pub}, {".sig", sig}, {".txt", text}} {
		p, err := e.write(name+f.name, f.data)
		if err != nil {
			return err
		}
		files = append(files, p)
	}
	_, err = e.run("openssl", "dgst", "-sha256", "-verify", files[0], "-signature", files[1], files[2])
	return err
}

// withSchemas writes an entry schema that includes base (a schema with no
// target namespace) and imports each namespace's XSD, and returns its path.
func (e *oracleEnv) withSchemas(base string, schemas map[string]string) (string, error) {
	var b strings.Builder
	b.WriteString(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">` + "\n")
	b.WriteString(`  <xs:include schemaLocation="` + base + `"/>` + "\n")
	namespaces := make([]string, 0, len(schemas))
	for ns := range schemas {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces)
	for _, ns := range namespaces {
		path, err := filepath.Abs(schemas[ns])
		if err != nil {
			return "", err
		}
		b.WriteString(`  <xs:import namespace="` + ns + `" schemaLocation="` + path + `"/>` + "\n")
	}
	b.WriteString("</xs:schema>\n")
	return e.write("entry.xsd", []byte(b.String()))
}
