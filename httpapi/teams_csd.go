package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

// multipartDigest is what identifies a multipart request for idempotency
// (API.md §7): the SHA-256 of each part by name, so a retry with another
// boundary is the same request. An unreadable body digests to what could be
// read; the handler reports the problem.
func multipartDigest(contentType string, body []byte) map[string]any {
	out := map[string]any{}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return out
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return out
		}
		h := sha256.New()
		if _, err := io.Copy(h, part); err != nil {
			return out
		}
		if _, seen := out[part.FormName()]; !seen {
			out[part.FormName()] = hex.EncodeToString(h.Sum(nil))
		}
	}
}

// csdUploadRequest documents the multipart parts of the CSD upload.
type csdUploadRequest struct {
	Cer     string `json:"cer" doc:"certificate file (.cer, DER or PEM), at most 256 KiB"`
	Key     string `json:"key" doc:"private key file (.key, encrypted PKCS#8 DER), at most 256 KiB"`
	KeyPass string `json:"keyPass" doc:"the key's password (alias key_pass)"`
}
