package httpapi

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/sello-mx/sello"
)

// maxPart is the largest multipart part accepted (API.md §11.9).
const maxPart = 256 << 10

// csdParts reads the multipart body of a CSD upload: files cer and key and
// the text keyPass (alias key_pass). A missing, empty or oversized part is
// FileUpload, naming every such part.
func csdParts(contentType string, body []byte) (sello.CSDUpload, error) {
	var up sello.CSDUpload
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return up, &sello.Error{Code: sello.FileUpload, Message: "The body must be multipart/form-data with the parts cer, key and keyPass"}
	}
	parts := map[string][]byte{}
	var p sello.Problems
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, &sello.Error{Code: sello.FileUpload, Message: "The multipart body cannot be read", Err: err}
		}
		name := part.FormName()
		if name == "key_pass" {
			name = "keyPass"
		}
		b, err := io.ReadAll(io.LimitReader(part, maxPart+1))
		if err != nil {
			return up, &sello.Error{Code: sello.FileUpload, Message: "The multipart body cannot be read", Err: err}
		}
		if len(b) > maxPart {
			p.Add(name, "is larger than 256 KiB")
			continue
		}
		if _, seen := parts[name]; !seen {
			parts[name] = b
		}
	}
	for _, name := range []string{"cer", "key", "keyPass"} {
		if _, over := findField(p, name); over {
			continue
		}
		if len(parts[name]) == 0 {
			p.Add(name, "is missing or empty")
		}
	}
	if len(p) > 0 {
		return up, &sello.Error{Code: sello.FileUpload, Message: "A file part is missing, empty or too large", Fields: p}
	}
	return sello.CSDUpload{Cer: parts["cer"], Key: parts["key"], Password: parts["keyPass"]}, nil
}

func findField(p sello.Problems, name string) (sello.FieldError, bool) {
	for _, f := range p {
		if f.Field == name {
			return f, true
		}
	}
	return sello.FieldError{}, false
}

// satConnection answers POST /v2/teams/{id}/sat-connection: the CSD upload,
// stored for the key's mode. data is the team's sat object.
func (s *Server) satConnection(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	up, err := csdParts(c.r.Header.Get("Content-Type"), c.raw)
	if err != nil {
		return nil, err
	}
	st, err := s.svc.ConnectCSD(c.ctx(), t, c.auth.Livemode, up)
	if err != nil {
		return nil, err
	}
	return ok("SAT connection completed successfully", newTeamView(st).SAT), nil
}
