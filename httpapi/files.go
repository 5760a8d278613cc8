package httpapi

import (
	"mime"
	"net/http"

	"github.com/sello-mx/sello"
)

// downloadFile answers GET /files/{token}, the public download links of
// API.md §11.4: no API key, the signed token alone. The answer is the raw
// file with its content type and a Content-Disposition filename; errors are
// the JSON envelope, and a bad or expired token is 404 file_not_found.
func (s *Server) downloadFile(c *call) (*reply, error) {
	f, err := s.svc.OpenFile(c.ctx(), c.r.PathValue("token"))
	switch sello.ErrorCode(err) {
	case "":
	case sello.InvalidToken, sello.NotFound, sello.FileNotFound:
		return nil, &sello.Error{Code: sello.FileNotFound, Message: "File not found or link expired", Err: err}
	default:
		return nil, err
	}
	h := c.w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	data := f.Data
	if data == nil {
		data = []byte{}
	}
	return &reply{status: http.StatusOK, raw: data, contentType: ct}, nil
}
