package mail_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail"
	"github.com/sello-mx/sello/mail/smtptest"
)

// Sending an invoice by e-mail through an SMTP server with STARTTLS and
// AUTH; here the server is smtptest's, which shows what arrived.
func Example() {
	srv := smtptest.NewServer(smtptest.WithSTARTTLS(), smtptest.WithAuth("facturas", "secret"))
	defer srv.Close()

	// In cmd/sello the configuration comes from SMTP_URL via ConfigFromEnv.
	m, err := mail.New(mail.Config{
		Addr:      srv.Addr(),
		Username:  "facturas",
		Password:  "secret",
		From:      "Facturación <facturas@sello.mx>",
		TLSConfig: srv.ClientTLSConfig(), // trust the test certificate
	}, mail.WithClock(func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = m.Send(context.Background(), &sello.Mail{
		To:      []string{"José Núñez <jose@example.com>"},
		Bcc:     []string{"archivo@sello.mx"},
		Subject: "Su factura A-17",
		Text:    "Adjuntamos su factura.",
		Attach: []sello.Attachment{
			{Name: "A-17.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")},
			{Name: "A-17.xml", ContentType: "application/xml", Data: []byte("<cfdi:Comprobante/>")},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, got := range srv.Messages() {
		fmt.Println("to:", got.To, "tls:", got.TLS, "user:", got.User)
		fmt.Println("subject:", got.Subject)
		for _, a := range got.Attachments {
			fmt.Println("attachment:", a.Name, a.ContentType, len(a.Data), "bytes")
		}
	}
	// Output:
	// to: [jose@example.com archivo@sello.mx] tls: true user: facturas
	// subject: Su factura A-17
	// attachment: A-17.pdf application/pdf 8 bytes
	// attachment: A-17.xml application/xml 19 bytes
}

// Without an SMTP server, Log stands in: it logs the recipients and keeps
// the messages.
func ExampleLog() {
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	l := mail.NewLog(log)
	l.Send(context.Background(), &sello.Mail{To: []string{"jose@example.com"}, Subject: "Su factura A-17"})
	fmt.Println(len(l.Sent()), "message kept")
	// Output:
	// level=INFO msg="mail not sent: no SMTP server configured" to=[jose@example.com] bcc=[] subject="Su factura A-17" attachments=0
	// 1 message kept
}
