package finkok

import (
	"encoding/base64"
	"encoding/pem"
	"fmt"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/csd"
)

// csdPEM returns the certificate and key of req as Finkok's cancel takes
// them: base64 of the PEM certificate, and base64 of the PEM of the key as
// an encrypted PKCS#8 (PBES2) whose password is the account's password.
func (p *PAC) csdPEM(req sello.CancelRequest) (cer, key string, err error) {
	var fields []sello.FieldError
	if req.UUID == "" {
		fields = append(fields, sello.FieldError{Field: "UUID", Problem: "the UUID of the CFDI to cancel is required", Missing: true})
	}
	if req.EmisorRFC == "" {
		fields = append(fields, sello.FieldError{Field: "EmisorRFC", Problem: "the issuer's RFC is required", Missing: true})
	}
	if len(req.Certificate) == 0 || len(req.Key) == 0 {
		fields = append(fields, sello.FieldError{Field: "Certificate", Problem: "Finkok's cancel needs the issuer's CSD certificate and key", Missing: true})
	}
	if len(fields) > 0 {
		return "", "", &sello.Error{Code: sello.Rejected, Message: "the cancellation request is not valid", Fields: fields}
	}
	k, err := csd.ParsePrivateKey(req.Key, nil)
	if err != nil {
		return "", "", &sello.Error{Code: sello.Rejected, Message: "the cancellation request is not valid", Err: err,
			Fields: []sello.FieldError{{Field: "Key", Problem: "the CSD key is not a PKCS#8 RSA key in clear"}}}
	}
	enc, err := csd.EncryptPrivateKey(k, []byte(p.password), p.random)
	if err != nil {
		return "", "", sello.Wrap(sello.Internal, fmt.Errorf("finkok: encrypt the CSD key: %w", err), "the CSD key cannot be prepared")
	}
	cerPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: req.Certificate})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: enc})
	return base64.StdEncoding.EncodeToString(cerPEM), base64.StdEncoding.EncodeToString(keyPEM), nil
}
