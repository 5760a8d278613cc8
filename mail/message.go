package mail

import (
	"bytes"
	"mime"
	"path"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/sello-mx/sello"
)

// message builds the RFC 5322 message for m with go-mail: UTF-8 headers as
// RFC 2047 words, the text body (with the HTML one as its alternative) in
// quoted-printable, the attachments in base64. Bcc never appears. date is
// the Date header and id the local part of the Message-ID, so tests can fix
// both.
func message(m *sello.Mail, p parsed, date time.Time, id string) ([]byte, error) {
	g := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	g.SetDateWithValue(date)
	g.FromMailAddress(p.from)
	if len(p.to) > 0 {
		g.ToMailAddress(p.to...)
	} else {
		g.SetGenHeaderPreformatted(gomail.Header(gomail.HeaderTo), "undisclosed-recipients:;") // only Bcc (RFC 5322 §3.4)
	}
	if p.replyTo != nil {
		g.ReplyToMailAddress(p.replyTo)
	}
	g.Subject(oneLine(m.Subject))
	g.SetMessageIDWithValue(token(id) + "@" + domainOf(p.from.Address))
	g.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		g.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attach {
		ct := "application/octet-stream"
		if mt, params, err := mime.ParseMediaType(a.ContentType); err == nil { // checked by check
			ct = mime.FormatMediaType(mt, params)
		}
		g.AttachReadSeeker(fileName(a.Name), bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
	}
	var b bytes.Buffer
	if _, err := g.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// oneLine turns line breaks into spaces, so a header can never end early.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// token keeps the letters and digits of s, at most 40 of them.
func token(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return "0"
	}
	return s[:min(len(s), 40)]
}

// domainOf is the domain of an address, "sello.invalid" when it has none.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "sello.invalid"
}

// fileName keeps the last element of a path, drops control characters and
// writes '_' for the characters file systems refuse (as go-mail would).
func fileName(s string) string {
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	s = strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7f:
			return -1
		case strings.ContainsRune(`":<>?|`, r):
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "/" || s == "." || s == ".." {
		return "attachment"
	}
	return s
}
