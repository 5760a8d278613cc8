package mail

import (
	"bytes"
	"encoding/base64"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// entity is one MIME entity: its header lines, already folded, and its
// encoded body.
type entity struct {
	header string
	body   []byte
}

// message builds the RFC 5322 message for m: the top-level headers, then a
// multipart/mixed holding the text/plain body (inside a multipart/alternative
// with the text/html one when there is HTML) and then the attachments. The
// body is always inside a multipart, so its last line break survives as
// sent. Bcc never appears. date is
// the Date header and id makes the Message-ID and the MIME boundaries, so
// the same inputs give the same bytes.
func message(m *sello.Mail, p parsed, date time.Time, id string) []byte {
	id = token(id)
	if len(id) > 40 {
		id = id[:40]
	}
	var h strings.Builder
	header(&h, "Date", date.Format(time.RFC1123Z))
	header(&h, "From", addressList([]*mail.Address{p.from}, len("From:")))
	if len(p.to) > 0 {
		header(&h, "To", addressList(p.to, len("To:")))
	} else {
		header(&h, "To", "undisclosed-recipients:;") // only Bcc: an empty group (RFC 5322 §3.4)
	}
	if p.replyTo != nil {
		header(&h, "Reply-To", addressList([]*mail.Address{p.replyTo}, len("Reply-To:")))
	}
	header(&h, "Subject", encodeText(m.Subject, maxLine-len("Subject: ")))
	header(&h, "Message-ID", "<"+id+"@"+domainOf(p.from.Address)+">")
	header(&h, "MIME-Version", "1.0")
	root := body(m, id)
	var b bytes.Buffer
	b.WriteString(h.String())
	b.WriteString(root.header)
	b.WriteString("\r\n")
	b.Write(root.body)
	return b.Bytes()
}

// body is the root entity of m's content.
func body(m *sello.Mail, id string) entity {
	content := textPart("text/plain", m.Text)
	if m.HTML != "" {
		content = multipart("alternative", "=_alt_"+id, content, textPart("text/html", m.HTML))
	}
	parts := []entity{content}
	for _, a := range m.Attach {
		parts = append(parts, attachment(a))
	}
	return multipart("mixed", "=_mixed_"+id, parts...)
}

// textPart is s in UTF-8, quoted-printable, with CRLF line ends.
func textPart(mediaType, s string) entity {
	var h strings.Builder
	header(&h, "Content-Type", mediaType+"; charset=utf-8")
	header(&h, "Content-Transfer-Encoding", "quoted-printable")
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s)) // a bytes.Buffer does not fail
	w.Close()
	return entity{h.String(), b.Bytes()}
}

// attachment is a in base64, with its file name in Content-Disposition
// (RFC 2231-encoded when not ASCII) and in the older Content-Type name.
func attachment(a sello.Attachment) entity {
	name := fileName(a.Name)
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	mt, params, _ := mime.ParseMediaType(ct) // checked by check
	params["name"] = name
	var h strings.Builder
	header(&h, "Content-Type", mime.FormatMediaType(mt, params))
	header(&h, "Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	header(&h, "Content-Transfer-Encoding", "base64")
	enc := base64.StdEncoding.EncodeToString(a.Data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	return entity{h.String(), b.Bytes()}
}

// fileName keeps the last element of a path and drops control characters.
func fileName(s string) string {
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if s == "" || s == "/" || s == "." || s == ".." {
		return "attachment"
	}
	return s
}

// multipart joins parts under one boundary. The boundaries start with "=_",
// which neither quoted-printable nor base64 can produce.
func multipart(subtype, boundary string, parts ...entity) entity {
	var h strings.Builder
	header(&h, "Content-Type", mime.FormatMediaType("multipart/"+subtype, map[string]string{"boundary": boundary}))
	var b bytes.Buffer
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString(p.header)
		b.WriteString("\r\n")
		b.Write(p.body)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return entity{h.String(), b.Bytes()}
}
