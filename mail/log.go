package mail

import (
	"context"
	"log/slog"
	"slices"
	"sync"

	"github.com/sello-mx/sello"
)

// Log is the Mailer used when no SMTP server is configured: it checks each
// message as SMTP does, keeps a copy in memory and logs its recipients and
// subject (never the body). Send reports success.
type Log struct {
	log  *slog.Logger
	mu   sync.Mutex
	sent []sello.Mail
}

var _ sello.Mailer = (*Log)(nil)

// NewLog returns a Log that writes to log; nil logs nothing.
func NewLog(log *slog.Logger) *Log {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Log{log: log}
}

// Send records m. Invalid when m is malformed, as SMTP.Send would say; a
// missing From is allowed, since Log has no default sender.
func (l *Log) Send(ctx context.Context, m *sello.Mail) error {
	from := "unset@sello.invalid" // Log has no default sender to require
	if _, err := check(m, from); err != nil {
		return err
	}
	c := *m
	c.To, c.Bcc = slices.Clone(m.To), slices.Clone(m.Bcc)
	c.Attach = make([]sello.Attachment, len(m.Attach))
	for i, a := range m.Attach {
		a.Data = slices.Clone(a.Data)
		c.Attach[i] = a
	}
	l.mu.Lock()
	l.sent = append(l.sent, c)
	l.mu.Unlock()
	l.log.LogAttrs(ctx, slog.LevelInfo, "mail not sent: no SMTP server configured",
		slog.Any("to", m.To), slog.Any("bcc", m.Bcc), slog.String("subject", m.Subject),
		slog.Int("attachments", len(m.Attach)))
	return nil
}

// Sent returns the messages Send accepted, as copied when sent, oldest first.
func (l *Log) Sent() []sello.Mail {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.sent)
}
