package mail

import (
	"fmt"
	"mime"
	"net/mail"
	"strings"

	"github.com/sello-mx/sello"
)

// envelope is whom a message is from and to at the SMTP level: addresses
// only, Bcc included, each recipient once.
type envelope struct {
	from string
	to   []string
}

// parsed is a checked sello.Mail: every address parsed.
type parsed struct {
	from    *mail.Address
	replyTo *mail.Address
	to      []*mail.Address
	env     envelope
}

// check validates m, using defaultFrom when m.From is empty, and returns
// Invalid naming every bad field.
func check(m *sello.Mail, defaultFrom string) (parsed, error) {
	var p parsed
	var probs sello.Problems
	if m == nil {
		probs.Missing("mail")
		return p, probs.Err("Invalid e-mail")
	}
	from := m.From
	if from == "" {
		from = defaultFrom
	}
	if from == "" {
		probs.Missing("from")
	} else {
		p.from = address(&probs, "from", from)
	}
	if m.ReplyTo != "" {
		p.replyTo = address(&probs, "reply_to", m.ReplyTo)
	}
	seen := map[string]bool{}
	add := func(field string, list []string) []*mail.Address {
		var out []*mail.Address
		for i, s := range list {
			a := address(&probs, fmt.Sprintf("%s[%d]", field, i), s)
			if a == nil {
				continue
			}
			out = append(out, a)
			if k := strings.ToLower(a.Address); !seen[k] {
				seen[k] = true
				p.env.to = append(p.env.to, a.Address)
			}
		}
		return out
	}
	p.to = add("to", m.To)
	add("bcc", m.Bcc)
	if len(m.To) == 0 && len(m.Bcc) == 0 {
		probs.Missing("to")
	}
	checkAttachments(&probs, m.Attach)
	if p.from != nil {
		p.env.from = p.from.Address
	}
	return p, probs.Err("Invalid e-mail")
}

// address parses one address, recording a problem when it is not one.
func address(probs *sello.Problems, field, s string) *mail.Address {
	if strings.ContainsAny(s, "\r\n") {
		probs.Add(field, "must be one line")
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		probs.Add(field, "is not an e-mail address")
		return nil
	}
	return a
}

// checkAttachments requires a name and a well-formed content type.
func checkAttachments(probs *sello.Problems, list []sello.Attachment) {
	for i, a := range list {
		field := fmt.Sprintf("attach[%d]", i)
		if strings.TrimSpace(a.Name) == "" {
			probs.Missing(field + ".name")
		}
		if a.ContentType == "" {
			continue
		}
		if _, _, err := mime.ParseMediaType(a.ContentType); err != nil {
			probs.Add(field+".content_type", "is not a media type")
		}
	}
}
