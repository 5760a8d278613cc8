package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// Message is one message the server accepted: the envelope, the raw data
// and what Parse read from it.
type Message struct {
	From string   // the envelope sender (MAIL FROM), "" for <>
	To   []string // the envelope recipients (RCPT TO), Bcc included, in order
	TLS  bool     // the message came over TLS
	User string   // the user who authenticated, "" without AUTH

	Data        []byte      // the message as received: dot-unstuffed, CRLF line ends
	Header      mail.Header // the top-level header
	Subject     string      // decoded from RFC 2047
	Text        string      // the first text/plain part not an attachment, LF line ends
	HTML        string      // the first text/html part not an attachment, LF line ends
	Attachments []Attachment
	Err         error // why Parse failed, nil when it did not
}

// Attachment is one attached file, decoded.
type Attachment struct {
	Name        string // from Content-Disposition filename or Content-Type name (RFC 2231 or 2047)
	ContentType string // the media type without parameters: "application/pdf"
	Data        []byte
}

// maxDepth bounds nested multiparts.
const maxDepth = 8

// Parse reads a MIME message: the header, the decoded subject, the text
// and HTML bodies and the attachments, walking nested multiparts and
// undoing base64 and quoted-printable. Only UTF-8 and ASCII charsets are
// understood. On error the Message holds what was read before it.
func Parse(data []byte) (Message, error) {
	m := Message{Data: data}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return m, fmt.Errorf("smtptest: header: %w", err)
	}
	m.Header = msg.Header
	m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return m, fmt.Errorf("smtptest: subject: %w", err)
	}
	w := &walker{m: &m}
	if err := w.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		return m, fmt.Errorf("smtptest: body: %w", err)
	}
	return m, nil
}

// walker fills a Message from its entities.
type walker struct {
	m          *Message
	text, html bool // found already
}

// walk reads one entity, descending into multiparts.
func (w *walker) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= maxDepth {
			return errors.New("multiparts nested too deep")
		}
		return w.walkParts(multipart.NewReader(body, params["boundary"]), depth)
	}
	data, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	w.add(h, mt, params, data)
	return nil
}

// walkParts walks each part of a multipart.
func (w *walker) walkParts(r *multipart.Reader, depth int) error {
	for {
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := w.walk(p.Header, p, depth+1); err != nil {
			return err
		}
	}
}

// add files a leaf entity as the text, the HTML or an attachment.
func (w *walker) add(h textproto.MIMEHeader, mt string, params map[string]string, data []byte) {
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	// Mail clients read RFC 2047 words in a file name too, as go-mail writes them.
	if decoded, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = decoded
	}
	inline := disp != "attachment" && name == ""
	switch {
	case inline && mt == "text/plain" && !w.text:
		w.m.Text, w.text = lf(data), true
	case inline && mt == "text/html" && !w.html:
		w.m.HTML, w.html = lf(data), true
	default:
		w.m.Attachments = append(w.m.Attachments, Attachment{Name: name, ContentType: mt, Data: data})
	}
}

// decodeBody undoes a Content-Transfer-Encoding.
func decodeBody(cte string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	default:
		return nil, fmt.Errorf("unknown transfer encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("read part: %w", err)
	}
	return b, nil
}

// lf turns CRLF line ends into LF.
func lf(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }
