// Package rsasign makes the crypto.Signer that seals CFDI: RSA PKCS#1 v1.5
// over a SHA-256 digest (Anexo 20), the one signature Sello makes for every
// document it issues and, in the sandbox PAC, again for every stamp.
//
// The default build signs with crypto/rsa and stays pure Go. Built with the
// tag fastrsa (and cgo), New signs with the system's libcrypto (OpenSSL 3),
// about three times faster on one core. PKCS#1 v1.5 is deterministic, so both
// backends give byte-identical signatures; the tests check that. Backend
// names the one compiled in. See docs/PERFORMANCE.md, "A faster RSA signer".
package rsasign
