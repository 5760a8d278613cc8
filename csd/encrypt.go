package csd

import (
	"crypto/cipher"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
)

// encryptIterations is the PBKDF2 iteration count of keys this package
// writes: the SAT's and OpenSSL's 2048.
const encryptIterations = 2048

// pbes2Choice selects the PRF and cipher of an encrypted key.
type pbes2Choice struct {
	prf    asn1.ObjectIdentifier // nil means the default, HMAC-SHA1
	cipher asn1.ObjectIdentifier
}

// defaultChoice is what EncryptPrivateKey writes: OpenSSL 3's default for
// PKCS#8 (PBKDF2 with HMAC-SHA256, AES-256-CBC). Every SAT tool that reads
// modern keys reads it; ParsePrivateKey reads it and the SAT's 3DES keys.
var defaultChoice = pbes2Choice{prf: oidHMACSHA256, cipher: oidAES256CBC}

// EncryptPrivateKey returns key (an *rsa.PrivateKey or any key
// x509.MarshalPKCS8PrivateKey accepts) as a DER PKCS#8
// EncryptedPrivateKeyInfo protected by password: PBES2 with PBKDF2
// (HMAC-SHA256, 2048 iterations, 8-byte salt) and AES-256-CBC, the shape
// `openssl pkcs8 -topk8` writes. The salt and IV are read from random, so the
// output is deterministic for a deterministic reader.
func EncryptPrivateKey(key any, password []byte, random io.Reader) ([]byte, error) {
	return encryptPrivateKey(key, password, random, defaultChoice)
}

// encryptPrivateKey is EncryptPrivateKey with a chosen PRF and cipher.
func encryptPrivateKey(key any, password []byte, random io.Reader, choice pbes2Choice) ([]byte, error) {
	plain, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	c, ok := findCipher(choice.cipher)
	if !ok {
		return nil, fmt.Errorf("csd: encrypt key: unsupported cipher %v", choice.cipher)
	}
	salt := make([]byte, 8)
	iv := make([]byte, c.blockSize)
	if _, err := io.ReadFull(random, salt); err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	if _, err := io.ReadFull(random, iv); err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	kdf, err := kdfAlgorithm(salt, choice.prf)
	if err != nil {
		return nil, err
	}
	dk, err := deriveKey(kdf, password, c.keyLen)
	if err != nil {
		return nil, err
	}
	block, err := c.newBlock(dk)
	if err != nil {
		return nil, err
	}
	data := pad(plain, c.blockSize)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(data, data)
	return marshalEncrypted(kdf, c.oid, iv, data)
}

// kdfAlgorithm builds the PBKDF2 AlgorithmIdentifier.
func kdfAlgorithm(salt []byte, prf asn1.ObjectIdentifier) (pkix.AlgorithmIdentifier, error) {
	p := pbkdf2Params{Salt: salt, Iterations: encryptIterations}
	if prf != nil {
		p.PRF = pkix.AlgorithmIdentifier{Algorithm: prf, Parameters: asn1.NullRawValue}
	}
	der, err := asn1.Marshal(p)
	if err != nil {
		return pkix.AlgorithmIdentifier{}, fmt.Errorf("csd: encrypt key: %w", err)
	}
	return pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: der}}, nil
}

// marshalEncrypted writes the EncryptedPrivateKeyInfo.
func marshalEncrypted(kdf pkix.AlgorithmIdentifier, cipherOID asn1.ObjectIdentifier, iv, data []byte) ([]byte, error) {
	ivDER, err := asn1.Marshal(iv)
	if err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	params, err := asn1.Marshal(pbes2Params{
		KeyDerivationFunc: kdf,
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: cipherOID, Parameters: asn1.RawValue{FullBytes: ivDER}},
	})
	if err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	der, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm:     pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: params}},
		EncryptedData: data,
	})
	if err != nil {
		return nil, fmt.Errorf("csd: encrypt key: %w", err)
	}
	return der, nil
}

// findCipher returns the supported cipher with the given OID.
func findCipher(oid asn1.ObjectIdentifier) (cbcCipher, bool) {
	for _, c := range cbcCiphers {
		if c.oid.Equal(oid) {
			return c, true
		}
	}
	return cbcCipher{}, false
}

// pad appends PKCS#7 padding (always at least one byte) into a new slice.
func pad(b []byte, blockSize int) []byte {
	n := blockSize - len(b)%blockSize
	out := make([]byte, len(b)+n)
	copy(out, b)
	for i := len(b); i < len(out); i++ {
		out[i] = byte(n)
	}
	return out
}
