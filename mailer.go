package sello

import "context"

// Mailer sends e-mail. mail/ implements it over SMTP; without a configured
// server Sello records what it would have sent and reports it as done.
type Mailer interface {
	// Send delivers one message to every recipient. ExternalService when the
	// server refuses it or cannot be reached.
	Send(ctx context.Context, m *Mail) error
}

// Mail is one e-mail message.
type Mail struct {
	From    string // "Name <addr>" or addr; the Mailer's default when ""
	ReplyTo string
	To      []string
	Bcc     []string
	Subject string
	Text    string // the plain-text body
	HTML    string // an optional HTML alternative
	Attach  []Attachment
}

// Attachment is a file sent with a Mail.
type Attachment struct {
	Name        string // "<UUID>.pdf"
	ContentType string // "application/pdf"
	Data        []byte
}
