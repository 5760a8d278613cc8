package sello

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
)

// sealedPrefix names the stored, sealed form of a server secret.
const sealedPrefix = "sealed:"

// storedSecret returns the server secret called name from the store,
// creating it with generate on first use.
//
// With a master key the store holds it sealed (AES-256-GCM, bound to its
// name) under "sealed:<name>", so a copy of the database alone cannot sign
// an API key or a public link (docs/SECURITY.md). A secret that an earlier
// version stored in plain text under <name> is sealed on first use and its
// plain row deleted; concurrent replicas agree on one value (Store.Secret).
// Without a master key the secret is stored in plain text.
func (s *Service) storedSecret(ctx context.Context, name string, generate func() ([]byte, error)) ([]byte, error) {
	if len(s.masterKey) == 0 {
		return s.store.Secret(ctx, name, generate)
	}
	ad := sealAD("secret", "", false, name)
	legacy, err := s.store.FindSecret(ctx, name)
	if err != nil && ErrorCode(err) != NotFound {
		return nil, err
	}
	sealed, err := s.store.Secret(ctx, s.storedName(name), func() ([]byte, error) {
		plain := legacy
		if plain == nil {
			var err error
			if plain, err = generate(); err != nil {
				return nil, err
			}
		}
		return s.seal(plain, ad)
	})
	if err != nil {
		return nil, err
	}
	v, err := s.unseal(sealed, ad)
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	if legacy != nil {
		if err := s.store.DeleteSecret(ctx, name); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// retiredSuffix names the secrets that rotations of a secret retired: kept
// so that what they signed (API keys, public links) stays valid.
const retiredSuffix = ".retired"

// keepRetired is how many retired secrets of a name are kept.
const keepRetired = 3

// storedName is the name under which the store holds the secret name.
func (s *Service) storedName(name string) string {
	if len(s.masterKey) == 0 {
		return name
	}
	return sealedPrefix + name
}

// verifyWithSecrets calls verify with each secret that may have signed
// something under name, newest first, until it returns true (it verified,
// or no other secret can help): the current secret, read again from the
// store if it fails (another process may have rotated it), then the
// retired ones. It reports whether verify returned true.
func (s *Service) verifyWithSecrets(ctx context.Context, name string, verify func(secret []byte) bool) (bool, error) {
	cur, err := s.Secret(ctx, name)
	if err != nil {
		return false, err
	}
	if verify(cur) {
		return true, nil
	}
	if s.fixedSecrets[name] {
		return false, nil
	}
	fresh, err := s.storedSecret(ctx, name, s.randomSecret)
	if err != nil {
		return false, err
	}
	if !bytes.Equal(fresh, cur) {
		s.secretsMu.Lock()
		s.secrets[name] = fresh
		s.secretsMu.Unlock()
		if verify(fresh) {
			return true, nil
		}
	}
	retired, err := s.retiredSecrets(ctx, name)
	if err != nil {
		return false, err
	}
	for _, r := range retired {
		if verify(r) {
			return true, nil
		}
	}
	return false, nil
}

// retiredSecrets returns the secrets that rotations of name retired,
// newest first.
func (s *Service) retiredSecrets(ctx context.Context, name string) ([][]byte, error) {
	raw, err := s.store.FindSecret(ctx, s.storedName(name+retiredSuffix))
	if ErrorCode(err) == NotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if len(s.masterKey) > 0 {
		if raw, err = s.unseal(raw, sealAD("secret", "", false, name+retiredSuffix)); err != nil {
			return nil, err
		}
	}
	var out [][]byte
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, Wrap(DataIntegrity, err, "the retired secrets of "+name+" are unreadable")
	}
	return out, nil
}

// RotateSecret replaces the server secret called name with a new random
// one and keeps the old one, with the last few retired before it, to
// verify what they signed: API keys and public links issued before keep
// working (revoke a key to end it). Other processes pick the new secret up
// when something signed with it first reaches them. NotAllowed for a
// secret configured outside the database (SELLO_API_KEY_SECRET).
func (s *Service) RotateSecret(ctx context.Context, name string) error {
	if s.fixedSecrets[name] {
		return Errorf(NotAllowed, "The secret %s is configured outside the database; change it there", name)
	}
	cur, err := s.storedSecret(ctx, name, s.randomSecret)
	if err != nil {
		return err
	}
	retired, err := s.retiredSecrets(ctx, name)
	if err != nil {
		return err
	}
	retired = append([][]byte{cur}, retired...)
	retired = retired[:min(len(retired), keepRetired)]
	encoded, err := json.Marshal(retired)
	if err != nil {
		return Wrap(Internal, err, "cannot encode the retired secrets")
	}
	if err := s.store.DeleteSecret(ctx, s.storedName(name+retiredSuffix)); err != nil {
		return err
	}
	if _, err := s.storedSecret(ctx, name+retiredSuffix, func() ([]byte, error) { return encoded, nil }); err != nil {
		return err
	}
	if err := s.store.DeleteSecret(ctx, s.storedName(name)); err != nil {
		return err
	}
	s.secretsMu.Lock()
	delete(s.secrets, name)
	s.secretsMu.Unlock()
	_, err = s.Secret(ctx, name)
	return err
}

// MasterKeySize is the size of the master key in bytes (AES-256).
const MasterKeySize = 32

// sealVersion prefixes every sealed value, so the format can change.
const sealVersion = 1

// seal encrypts plain with the master key. The additional data binds the
// value to its team, mode and purpose: a sealed key cannot be moved to
// another team's row.
func (s *Service) seal(plain []byte, ad string) ([]byte, error) {
	aead, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, Wrap(Internal, err, "Cannot seal a secret")
	}
	out := append([]byte{sealVersion}, nonce...)
	return aead.Seal(out, nonce, plain, []byte(ad)), nil
}

// unseal decrypts a value sealed with the same master key and ad.
func (s *Service) unseal(sealed []byte, ad string) ([]byte, error) {
	aead, err := s.aead()
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != sealVersion {
		return nil, Errorf(DataIntegrity, "A sealed secret is malformed")
	}
	plain, err := aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(ad))
	if err != nil {
		return nil, Wrap(DataIntegrity, err, "A sealed secret does not open with the master key")
	}
	return plain, nil
}

func (s *Service) aead() (cipher.AEAD, error) {
	if len(s.masterKey) != MasterKeySize {
		return nil, Errorf(Unavailable, "The server has no master key configured")
	}
	block, err := aes.NewCipher(s.masterKey)
	if err != nil {
		return nil, Wrap(Internal, err, "Bad master key")
	}
	return cipher.NewGCM(block)
}

// sealAD is the additional data of a sealed value: its purpose ("csd",
// "webhook"), team, mode and name within the purpose.
func sealAD(purpose string, team TeamID, livemode bool, what string) string {
	return fmt.Sprintf("sello/%s/%s/%t/%s", purpose, team, livemode, what)
}

// Secret returns the server secret called name (at least 32 random bytes),
// creating and storing it on first use. It is kept in memory afterwards.
// Database when storage fails.
func (s *Service) Secret(ctx context.Context, name string) ([]byte, error) {
	s.secretsMu.Lock()
	v, ok := s.secrets[name]
	s.secretsMu.Unlock()
	if ok {
		return v, nil
	}
	v, err := s.storedSecret(ctx, name, s.randomSecret)
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	if len(v) < 32 {
		return nil, Errorf(DataIntegrity, "Secret %s is shorter than 32 bytes", name)
	}
	s.secretsMu.Lock()
	s.secrets[name] = v
	s.secretsMu.Unlock()
	return v, nil
}

func (s *Service) randomSecret() ([]byte, error) {
	r := s.ids.Rand
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, 32)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	return b, nil
}
