package csd

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"hash"
)

// maxKeyFile bounds the input: SAT key files are about 1.3 KB.
const maxKeyFile = 64 << 10

// maxIterations bounds the PBKDF2 work an input can ask for. SAT keys use
// 2048; OpenSSL's default is 2048 too.
const maxIterations = 1 << 20

// The object identifiers of PKCS#5 v2 (RFC 8018) used in .key files.
var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidDESEDE3CBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidAES128CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// encryptedPrivateKeyInfo is PKCS#8's EncryptedPrivateKeyInfo.
type encryptedPrivateKeyInfo struct {
	Algorithm     pkix.AlgorithmIdentifier
	EncryptedData []byte
}

// pbes2Params is PBES2-params.
type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

// pbkdf2Params is PBKDF2-params with a specified (octet string) salt; an
// absent PRF means HMAC-SHA1.
type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

// cbcCipher is a supported PBES2 encryption scheme.
type cbcCipher struct {
	oid       asn1.ObjectIdentifier
	keyLen    int
	blockSize int
	newBlock  func(key []byte) (cipher.Block, error)
}

// cbcCiphers lists the encryption schemes ParsePrivateKey accepts.
var cbcCiphers = []cbcCipher{
	{oidDESEDE3CBC, 24, des.BlockSize, des.NewTripleDESCipher},
	{oidAES128CBC, 16, aes.BlockSize, aes.NewCipher},
	{oidAES192CBC, 24, aes.BlockSize, aes.NewCipher},
	{oidAES256CBC, 32, aes.BlockSize, aes.NewCipher},
}

// ParsePrivateKey reads a CSD private key: a PKCS#8 EncryptedPrivateKeyInfo
// (DER, as in SAT .key files, or PEM "ENCRYPTED PRIVATE KEY") encrypted with
// PBES2, PBKDF2 with HMAC-SHA1 or HMAC-SHA256, and DES-EDE3-CBC or
// AES-128/192/256-CBC. With an empty password it also accepts an unencrypted
// PKCS#8 key (DER or PEM "PRIVATE KEY"). The key must be RSA.
//
// Errors wrap ErrNotAKey when the input is not such a file, and
// ErrWrongPassword when the file is well formed but does not decrypt to a
// key (bad padding or bad plaintext: the two cannot be told apart from a
// corrupted ciphertext).
func ParsePrivateKey(data, password []byte) (*rsa.PrivateKey, error) {
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("%w: file larger than %d bytes", ErrNotAKey, maxKeyFile)
	}
	der := data
	if b, ok := pemBlock(data, "ENCRYPTED PRIVATE KEY", "PRIVATE KEY"); ok {
		der = b
	}
	var info encryptedPrivateKeyInfo
	rest, err := asn1.Unmarshal(der, &info)
	if err != nil || len(rest) > 0 {
		return parsePlainKey(der, password)
	}
	plain, err := decrypt(info, password)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWrongPassword, err)
	}
	return rsaKey(k)
}

// parsePlainKey reads an unencrypted PKCS#8 key, allowed only without a password.
func parsePlainKey(der, password []byte) (*rsa.PrivateKey, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%w: not PKCS#8", ErrNotAKey)
	}
	if len(password) > 0 {
		return nil, fmt.Errorf("%w: the key is not encrypted but a password was given", ErrNotAKey)
	}
	return rsaKey(k)
}

// rsaKey returns k as an RSA key; CSDs are RSA.
func rsaKey(k any) (*rsa.PrivateKey, error) {
	r, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: key type %T, want RSA", ErrNotAKey, k)
	}
	return r, nil
}

// decrypt undoes PBES2 and removes the PKCS#7 padding.
func decrypt(info encryptedPrivateKeyInfo, password []byte) ([]byte, error) {
	if !info.Algorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("%w: encryption %v is not PBES2", ErrNotAKey, info.Algorithm.Algorithm)
	}
	var p pbes2Params
	if err := unmarshalAll(info.Algorithm.Parameters.FullBytes, &p); err != nil {
		return nil, fmt.Errorf("%w: PBES2 parameters: %w", ErrNotAKey, err)
	}
	c, iv, err := scheme(p.EncryptionScheme)
	if err != nil {
		return nil, err
	}
	key, err := deriveKey(p.KeyDerivationFunc, password, c.keyLen)
	if err != nil {
		return nil, err
	}
	block, err := c.newBlock(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotAKey, err)
	}
	data := info.EncryptedData
	if len(data) == 0 || len(data)%block.BlockSize() != 0 {
		return nil, fmt.Errorf("%w: encrypted data is not whole blocks", ErrNotAKey)
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, data)
	return unpad(plain, block.BlockSize())
}

// scheme returns the cipher and IV named by a PBES2 encryption scheme.
func scheme(alg pkix.AlgorithmIdentifier) (cbcCipher, []byte, error) {
	c, ok := findCipher(alg.Algorithm)
	if !ok {
		return c, nil, fmt.Errorf("%w: unsupported cipher %v", ErrNotAKey, alg.Algorithm)
	}
	var iv []byte
	if err := unmarshalAll(alg.Parameters.FullBytes, &iv); err != nil {
		return c, nil, fmt.Errorf("%w: cipher IV: %w", ErrNotAKey, err)
	}
	if len(iv) != c.blockSize {
		return c, nil, fmt.Errorf("%w: IV of %d bytes, want %d", ErrNotAKey, len(iv), c.blockSize)
	}
	return c, iv, nil
}

// deriveKey runs PBKDF2 as its parameters say.
func deriveKey(kdf pkix.AlgorithmIdentifier, password []byte, keyLen int) ([]byte, error) {
	if !kdf.Algorithm.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("%w: key derivation %v is not PBKDF2", ErrNotAKey, kdf.Algorithm)
	}
	var p pbkdf2Params
	if err := unmarshalAll(kdf.Parameters.FullBytes, &p); err != nil {
		return nil, fmt.Errorf("%w: PBKDF2 parameters: %w", ErrNotAKey, err)
	}
	if p.Iterations < 1 || p.Iterations > maxIterations {
		return nil, fmt.Errorf("%w: %d PBKDF2 iterations", ErrNotAKey, p.Iterations)
	}
	if p.KeyLength != 0 && p.KeyLength != keyLen {
		return nil, fmt.Errorf("%w: PBKDF2 key length %d, cipher needs %d", ErrNotAKey, p.KeyLength, keyLen)
	}
	var h func() hash.Hash
	switch {
	case len(p.PRF.Algorithm) == 0 || p.PRF.Algorithm.Equal(oidHMACSHA1):
		h = sha1.New
	case p.PRF.Algorithm.Equal(oidHMACSHA256):
		h = sha256.New
	default:
		return nil, fmt.Errorf("%w: unsupported PBKDF2 PRF %v", ErrNotAKey, p.PRF.Algorithm)
	}
	key, err := pbkdf2.Key(h, string(password), p.Salt, p.Iterations, keyLen)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotAKey, err)
	}
	return key, nil
}

// unpad checks and removes PKCS#7 padding strictly; bad padding after a
// well-formed header means a wrong password.
func unpad(b []byte, blockSize int) ([]byte, error) {
	n := int(b[len(b)-1])
	if n == 0 || n > blockSize {
		return nil, fmt.Errorf("%w: bad padding", ErrWrongPassword)
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, fmt.Errorf("%w: bad padding", ErrWrongPassword)
		}
	}
	return b[:len(b)-n], nil
}

// unmarshalAll parses DER into v and refuses trailing bytes.
func unmarshalAll(der []byte, v any) error {
	rest, err := asn1.Unmarshal(der, v)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%d trailing bytes", len(rest))
	}
	return nil
}
