package sello_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail"
	"github.com/sello-mx/sello/mail/smtptest"
)

// TestInvoiceEmail sends invoices through a real SMTP conversation with an
// in-process server and checks recipients and attachments.
func TestInvoiceEmail(t *testing.T) {
	t.Parallel()
	srv := smtptest.NewServer(smtptest.WithSTARTTLS())
	defer srv.Close()
	m, err := mail.New(mail.Config{Addr: srv.Addr(), From: "Facturas <facturas@kemper.mx>", TLSConfig: srv.ClientTLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	f := newInvoiceFixture(t)
	f.svc = sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, Mailer: m})
	ctx := context.Background()
	if _, err := f.svc.UpdateTeamSettings(ctx, f.team.ID, map[string]any{"emails": map[string]any{"invoices_bcc": []any{"conta@kemper.mx"}}}); err != nil {
		t.Fatalf("UpdateTeamSettings: %v", err)
	}
	// send_email at creation goes to the client's e-mail plus the bcc.
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, SendEmail: true})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages after create, want 1", len(msgs))
	}
	got := msgs[0]
	if want := []string{"pagos@ure.mx", "conta@kemper.mx"}; !slices.Equal(got.To, want) {
		t.Errorf("recipients = %v, want %v", got.To, want)
	}
	if strings.Contains(string(got.Data), "conta@kemper.mx") {
		t.Errorf("the bcc recipient appears in the message")
	}
	var names []string
	for _, a := range got.Attachments {
		names = append(names, a.Name)
		if a.Name == inv.UUID+".xml" && string(a.Data) != string(inv.XML) {
			t.Errorf("the XML attachment differs from the stamped XML")
		}
		if a.Name == inv.UUID+".pdf" && !strings.HasPrefix(string(a.Data), "%PDF-") {
			t.Errorf("the PDF attachment is not a PDF")
		}
	}
	if want := []string{inv.UUID + ".pdf", inv.UUID + ".xml"}; !slices.Equal(names, want) {
		t.Errorf("attachments = %v, want %v", names, want)
	}
	// An explicit /send goes to the given addresses.
	res, err := f.svc.SendInvoice(ctx, f.team, false, inv.ID, []string{"otro@ure.mx"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"otro@ure.mx", "conta@kemper.mx"}; !slices.Equal(res.Recipients, want) {
		t.Errorf("send recipients = %v, want %v", res.Recipients, want)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d messages after send, want 2", n)
	}
	// A refusing server is an external service error.
	bad := smtptest.NewServer(smtptest.WithFailure("DATA", 554))
	defer bad.Close()
	bm, _ := mail.New(mail.Config{Addr: bad.Addr(), From: "f@kemper.mx", TLS: mail.TLSNone})
	svc := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, Mailer: bm})
	if _, err := svc.SendInvoice(ctx, f.team, false, inv.ID, nil); sello.ErrorCode(err) != sello.ExternalService {
		t.Errorf("send through a refusing server = %v, want external_service", err)
	}
}

// TestInvoiceDraftAndPDF: a draft is stored without a folio, previewed with
// the watermark, stamped later keeping its id; the PDF shows what the SAT
// requires of the printed representation.
func TestInvoiceDraftAndPDF(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	req := &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("1000")}}
	d, err := f.svc.SaveDraft(ctx, f.team, false, "", req, []byte(`{"items":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != sello.InvoiceDraft || d.UUID != "" || d.Folio != 0 || d.Total.String() != "1160" {
		t.Fatalf("draft = %s %q folio %d total %s", d.Status, d.UUID, d.Folio, d.Total)
	}
	pv, err := f.svc.PreviewDraft(ctx, f.team, false, d.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	// The watermark is drawn at an angle, which pdftotext scatters; the
	// preview also says in words that it is not stamped.
	if text := pdfText(t, pv.PDF); !strings.Contains(text, "Documento sin timbrar") {
		t.Errorf("the preview does not say it is unstamped:\n%s", text)
	}
	inv, err := f.svc.StampDraft(ctx, f.team, false, d.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	f.check(t, inv)
	if inv.ID != d.ID || inv.Folio != 1 {
		t.Errorf("stamped draft id %s folio %d, want %s and 1", inv.ID, inv.Folio, d.ID)
	}
	if _, err := f.svc.StampDraft(ctx, f.team, false, d.ID, req); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("stamping twice = %v, want not allowed", err)
	}
	if err := f.svc.DeleteDraft(ctx, f.team, false, d.ID); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("deleting an issued invoice as a draft = %v, want not allowed", err)
	}
	b, err := f.svc.InvoicePDF(ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, b)), " ")
	for _, want := range []string{inv.UUID, "EKU9003173C9", "URE180429TM6", "1160.00", "MIL CIENTO SESENTA PESOS 00/100 M.N.",
		"Este documento es una representación impresa de un CFDI"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f.pdf"), b, 0o600)
	if out, err := exec.Command("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", filepath.Join(dir, "f.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm made %v", pngs)
	}
	if png, _ := os.ReadFile(pngs[0]); len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Errorf("pdftoppm output is not a PNG")
	}
}

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing")
		}
		t.Skip("pdftotext is missing (apt-get install poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(string(b))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// flakyMailer refuses the first fails messages as a passing failure, then
// takes them.
type flakyMailer struct {
	mu    sync.Mutex
	fails int
	sent  []*sello.Mail
	tried int
}

func (m *flakyMailer) Send(_ context.Context, msg *sello.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tried++
	if m.tried <= m.fails {
		return sello.Errorf(sello.ExternalService, "421 try again later")
	}
	m.sent = append(m.sent, msg)
	return nil
}

// TestInvoiceEmailRetried: an invoice's e-mail is a job opened by the
// commit that stamps it. A mail server that fails for a while gets it from
// the job worker, once; one that never takes it ends the job after
// maxEmailAttempts with its last error, and the invoice stays valid.
func TestInvoiceEmailRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		fails int
		want  int // messages taken
	}{{"passing failure", 2, 1}, {"never taken", 100, 0}} {
		t.Run(c.name, func(t *testing.T) {
			f := newInvoiceFixture(t)
			m := &flakyMailer{fails: c.fails}
			f.svc = sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, Mailer: m})
			inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, SendEmail: true})
			if err != nil || inv.Status != sello.InvoiceValid {
				t.Fatalf("CreateInvoice = %v, %v; want valid whatever the mail server does", inv, err)
			}
			for range 10 {
				f.clk.add(2 * time.Hour)
				if _, err := f.svc.RunJobs(ctx, 10); err != nil {
					t.Fatal(err)
				}
			}
			jobs, err := f.store.FindJobs(ctx, f.team.ID, false, inv.ID)
			if err != nil || len(jobs) != 1 || jobs[0].Kind != sello.JobEmail || jobs[0].DoneAt.IsZero() {
				t.Fatalf("jobs of the invoice = %+v, %v; want its e-mail job, done", jobs, err)
			}
			if len(m.sent) != c.want {
				t.Errorf("%d messages taken after %d tries, want %d", len(m.sent), m.tried, c.want)
			}
			if c.want == 0 && (m.tried != 6 || !strings.Contains(jobs[0].LastError, "gave up after 6 attempts")) {
				t.Errorf("never taken: %d tries, last error %q; want 6 and gave up", m.tried, jobs[0].LastError)
			}
			if c.want == 1 && (m.tried != c.fails+1 || jobs[0].LastError != "") {
				t.Errorf("passing failure: %d tries, last error %q", m.tried, jobs[0].LastError)
			}
		})
	}
}

// TestInvoiceEmailAfterCrash: the process that stored the invoice died
// before sending its e-mail (its claim was taken and never finished): the
// job worker sends it once the lease ends, and never twice.
func TestInvoiceEmailAfterCrash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newInvoiceFixture(t)
	m := &flakyMailer{}
	quiet := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, Mailer: m})
	inv, err := quiet.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}})
	if err != nil {
		t.Fatal(err)
	}
	// Store an invoice asking for an e-mail as a process that dies right
	// after its commit would leave it: the e-mail job open, held by a claim.
	dead := *inv
	dead.ID, dead.UUID, dead.Folio, dead.SendEmail = "invoice_dead", strings.Replace(inv.UUID, inv.UUID[:8], "DEADBEEF", 1), inv.Folio+1, true
	if err := f.store.CreateInvoice(ctx, &dead, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.ClaimJob(ctx, "job_mail_invoice_dead", f.clk.now(), 2*time.Minute); err != nil {
		t.Fatalf("ClaimJob = %v", err)
	}
	if _, err := quiet.RunJobs(ctx, 10); err != nil || len(m.sent) != 0 {
		t.Fatalf("during the lease: RunJobs = %v, %d messages; want none", err, len(m.sent))
	}
	f.clk.add(3 * time.Minute)
	for range 3 {
		if _, err := quiet.RunJobs(ctx, 10); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.sent) != 1 || !slices.Contains(m.sent[0].To, "pagos@ure.mx") {
		t.Fatalf("after the lease: %d messages, want the dead process's e-mail once", len(m.sent))
	}
}

// slowMailer takes each message after the clock moved on by took.
type slowMailer struct {
	clk  *manualClock
	took time.Duration
	sent int
}

func (m *slowMailer) Send(context.Context, *sello.Mail) error {
	m.clk.add(m.took)
	m.sent++
	return nil
}

// TestRunJobsGivesBackLateClaims: RunJobs runs its claims one after
// another; one whose lease is half gone before its turn is given back, not
// started, and the next pass takes it.
func TestRunJobsGivesBackLateClaims(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newInvoiceFixture(t)
	m := &slowMailer{clk: f.clk, took: 70 * time.Second}
	svc := sello.NewService(sello.Config{Store: f.store, Now: f.clk.now, TestStamper: f.pac, Mailer: m})
	inv, err := svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}})
	if err != nil {
		t.Fatal(err)
	}
	// Two invoices whose e-mails wait for the worker (their process died).
	for i, id := range []string{"invoice_late1", "invoice_late2"} {
		c := *inv
		c.ID, c.UUID, c.Folio, c.SendEmail = id, strings.Replace(inv.UUID, inv.UUID[:8], fmt.Sprintf("0000000%d", i), 1), inv.Folio+int64(i)+1, true
		if err := f.store.CreateInvoice(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := svc.RunJobs(ctx, 10); err != nil || n != 2 || m.sent != 1 {
		t.Fatalf("RunJobs = %d, %v with %d sent; want 2 claimed, 1 sent (the second's lease half gone)", n, err, m.sent)
	}
	if n, err := svc.RunJobs(ctx, 10); err != nil || n != 1 || m.sent != 2 {
		t.Fatalf("next RunJobs = %d, %v with %d sent; want the given-back job run at once", n, err, m.sent)
	}
}
