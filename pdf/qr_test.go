package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pdf"
)

// TestRenderQR reads the QR code back from a picture of the page with
// zbarimg and compares it with cfdi.QRExpression: the SAT's verification
// URL with the UUID, both RFCs (XML-escaped, H&amp;E951128469), the Total
// and the end of the Sello. zbarimg is optional: the test skips without it,
// in CI too.
func TestRenderQR(t *testing.T) {
	t.Parallel()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skipf("zbarimg not installed (apt-get install zbar-tools): %v", err)
	}
	for _, name := range []string{
		"satcfdi-he951128469_ingreso_ieps_exento_stamped.xml",
		"cfdiutils-cfdi40-real-stamped.xml",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := sample(t, name)
			dir := t.TempDir()
			in := filepath.Join(dir, "doc.pdf")
			if err := os.WriteFile(in, render(t, c, pdf.Options{Watermark: pdf.DraftWatermark}), 0o644); err != nil {
				t.Fatal(err)
			}
			ppm := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "100", "-singlefile", in, filepath.Join(dir, "page"))
			if out, err := ppm.CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v: %s", err, out)
			}
			var stderr bytes.Buffer
			cmd := exec.Command(zbar, "-q", "--raw", filepath.Join(dir, "page.png"))
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("zbarimg found no QR code: %v: %s", err, stderr.String())
			}
			if got, want := strings.TrimSpace(string(out)), cfdi.QRExpression(c); got != want {
				t.Errorf("QR code = %q, want %q", got, want)
			}
		})
	}
}
