// Package mail sends Sello's e-mail: SMTP implements sello.Mailer over an SMTP
// server (STARTTLS or implicit TLS, AUTH PLAIN or LOGIN). The message (RFC
// 2047 headers, a quoted-printable UTF-8 text body with an optional HTML
// alternative, base64 attachments such as an invoice's PDF and XML) and the
// SMTP protocol are github.com/wneessen/go-mail's; this package adds the
// checks, the TLS and credential policy, the deadline and errors that name
// the step that failed. Log is the Mailer used when no server is
// configured: it records what it would have sent and logs the recipients.
//
// Tests run against mail/smtptest, an in-process SMTP server.
package mail
