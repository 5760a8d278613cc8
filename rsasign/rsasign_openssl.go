//go:build fastrsa && cgo

package rsasign

/*
#cgo LDFLAGS: -lcrypto
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "rsasign: the fastrsa build needs libcrypto 3 (libssl-dev 3.x)"
#endif

// sello_load reads a PKCS#1 RSAPrivateKey in DER. On failure it returns NULL
// and the first error of this thread's OpenSSL queue, which it empties.
static EVP_PKEY *sello_load(const unsigned char *der, long len, unsigned long *err) {
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, len);
	if (pkey == NULL) {
		*err = ERR_get_error();
		ERR_clear_error();
	}
	return pkey;
}

// sello_ctx makes a context that signs SHA-256 digests with pkey, PKCS#1 v1.5.
static EVP_PKEY_CTX *sello_ctx(EVP_PKEY *pkey, unsigned long *err) {
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
	if (ctx == NULL || EVP_PKEY_sign_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) <= 0) {
		*err = ERR_get_error();
		ERR_clear_error();
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

typedef struct {
	size_t len;
	unsigned long err;
} sello_signed;

// sello_sign signs the digest into sig (cap bytes) with a context of sello_ctx.
static sello_signed sello_sign(EVP_PKEY_CTX *ctx, unsigned char *sig, size_t cap,
                               const unsigned char *digest, size_t n) {
	sello_signed r = {cap, 0};
	if (EVP_PKEY_sign(ctx, sig, &r.len, digest, n) <= 0) {
		r.len = 0;
		r.err = ERR_get_error();
		if (r.err == 0) {
			r.err = 1;
		}
		ERR_clear_error();
	}
	return r;
}
*/
import "C"

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// Backend names what signs in this build: "openssl" and the version of the
// libcrypto loaded at run time.
func Backend() string {
	return "openssl " + C.GoString(C.OpenSSL_version(C.OPENSSL_VERSION_STRING))
}

// New returns a signer that signs SHA-256 digests with k through libcrypto,
// PKCS#1 v1.5. Anything else it is asked (PSS, other hashes, a digest of the
// wrong length) goes to crypto/rsa, so it signs what k would. The key reaches
// OpenSSL as DER in memory, and the Go copy of that DER is zeroed. New signs
// once and checks the signature with k's public key before returning.
func New(k *rsa.PrivateKey) (crypto.Signer, error) {
	if k == nil {
		return nil, errors.New("rsasign: no key")
	}
	if len(k.Primes) != 2 {
		return nil, fmt.Errorf("rsasign: a key of %d primes (OpenSSL signs here with two)", len(k.Primes))
	}
	der := x509.MarshalPKCS1PrivateKey(k)
	var e C.ulong
	pkey := C.sello_load((*C.uchar)(unsafe.Pointer(&der[0])), C.long(len(der)), &e)
	clear(der)
	if pkey == nil {
		return nil, opensslError("read the key", e)
	}
	s := &signer{key: k, pkey: pkey, size: int(C.EVP_PKEY_get_size(pkey))}
	runtime.AddCleanup(s, func(p *C.EVP_PKEY) { C.EVP_PKEY_free(p) }, pkey)
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// signer signs with an EVP_PKEY made from key. EVP_PKEY_CTX is not safe for
// concurrent use, so each Sign takes a context from a pool (made once, used
// again: setting one up costs more than a tenth of a signature).
type signer struct {
	key  *rsa.PrivateKey
	pkey *C.EVP_PKEY
	size int
	ctxs sync.Pool // of *evpCtx
}

// evpCtx holds a signing context, freed when the pool lets go of it.
type evpCtx struct {
	p *C.EVP_PKEY_CTX
}

// Public returns the public key.
func (s *signer) Public() crypto.PublicKey { return &s.key.PublicKey }

// Sign signs a SHA-256 digest, PKCS#1 v1.5, with OpenSSL; with other options
// it signs as crypto/rsa does. random is not used: PKCS#1 v1.5 signatures
// are deterministic (OpenSSL blinds with its own random).
func (s *signer) Sign(random io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if _, pss := opts.(*rsa.PSSOptions); opts == nil || pss || opts.HashFunc() != crypto.SHA256 || len(digest) != sha256.Size {
		return s.key.Sign(random, digest, opts)
	}
	c, err := s.ctx()
	if err != nil {
		return nil, err
	}
	sig := make([]byte, s.size)
	r := C.sello_sign(c.p, (*C.uchar)(unsafe.Pointer(&sig[0])), C.size_t(len(sig)),
		(*C.uchar)(unsafe.Pointer(&digest[0])), C.size_t(len(digest)))
	runtime.KeepAlive(c)
	if r.err != 0 {
		return nil, opensslError("sign", r.err) // c is dropped: its cleanup frees it
	}
	s.ctxs.Put(c)
	return sig[:r.len], nil
}

// ctx takes a signing context from the pool or makes one.
func (s *signer) ctx() (*evpCtx, error) {
	if c, ok := s.ctxs.Get().(*evpCtx); ok {
		return c, nil
	}
	var e C.ulong
	p := C.sello_ctx(s.pkey, &e)
	runtime.KeepAlive(s)
	if p == nil {
		return nil, opensslError("set up signing", e)
	}
	c := &evpCtx{p: p}
	runtime.AddCleanup(c, func(p *C.EVP_PKEY_CTX) { C.EVP_PKEY_CTX_free(p) }, p)
	return c, nil
}

// check signs a fixed digest and verifies it with the Go public key, so a
// key OpenSSL read differently never signs a document.
func (s *signer) check() error {
	digest := sha256.Sum256([]byte("rsasign: the key reads the same in OpenSSL"))
	sig, err := s.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return err
	}
	if err := rsa.VerifyPKCS1v15(&s.key.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
		return fmt.Errorf("rsasign: OpenSSL's signature does not verify with the key: %w", err)
	}
	return nil
}

// opensslError describes an error code of OpenSSL's queue.
func opensslError(op string, e C.ulong) error {
	var buf [256]C.char
	C.ERR_error_string_n(e, &buf[0], C.size_t(len(buf)))
	return fmt.Errorf("rsasign: OpenSSL: %s: %s", op, C.GoString(&buf[0]))
}
