package httpapi

import (
	"testing"

	"github.com/sello-mx/sello"
)

// FuzzCSDParts feeds arbitrary multipart bodies to the CSD upload reader: it
// never panics, and a refusal is always FileUpload.
func FuzzCSDParts(f *testing.F) {
	const ct = "multipart/form-data; boundary=XX"
	f.Add(ct, []byte("--XX\r\nContent-Disposition: form-data; name=\"cer\"; filename=\"a.cer\"\r\n\r\nabc\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--XX\r\nContent-Disposition: form-data; name=\"keyPass\"\r\n\r\np\r\n--XX--\r\n"))
	f.Add("text/plain", []byte("hola"))
	f.Add(ct, []byte("--XX\r\n\r\n--XX--"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		up, err := csdParts(contentType, body)
		if err != nil {
			if code := sello.ErrorCode(err); code != sello.FileUpload {
				t.Fatalf("csdParts error code = %s, want %s: %v", code, sello.FileUpload, err)
			}
			return
		}
		if len(up.Cer) == 0 || len(up.Key) == 0 || len(up.Password) == 0 || len(up.Cer) > maxPart || len(up.Key) > maxPart {
			t.Fatalf("csdParts accepted parts of sizes %d, %d, %d", len(up.Cer), len(up.Key), len(up.Password))
		}
		multipartDigest(contentType, body)
	})
}
