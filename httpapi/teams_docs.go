package httpapi

// seriesRequest is the body of the series routes.
type seriesRequest struct {
	Series string     `json:"series,omitempty" doc:"the series' name (POST)"`
	Live   opt[int64] `json:"live" doc:"the next live folio"`
	Test   opt[int64] `json:"test" doc:"the next test folio"`
}

// csdUploadRequest documents the multipart parts of the CSD upload.
type csdUploadRequest struct {
	Cer     string `json:"cer" doc:"certificate file (.cer, DER or PEM), at most 256 KiB"`
	Key     string `json:"key" doc:"private key file (.key, encrypted PKCS#8 DER), at most 256 KiB"`
	KeyPass string `json:"keyPass" doc:"the key's password (alias key_pass)"`
}
