package sello

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"crypto/rand"

	"github.com/sello-mx/sello/csd"
)

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

// CSDUpload is a CSD as uploaded: the certificate file, the private key
// file and the key's password.
type CSDUpload struct {
	Cer, Key, Password []byte
}

// ConnectCSD checks an uploaded CSD for a team and stores it for one mode,
// replacing the previous one, and records teams.sat.completed (API.md §11.9):
// the files must parse and the password decrypt the key (InvalidFile), the
// key must match the certificate (InvalidFile), the certificate must be a
// CSD and not a FIEL, valid now and issued to the team's RFC (Rejected). A
// team without an RFC takes the certificate's. Each refusal names the part:
// cer, key or keyPass.
func (s *Service) ConnectCSD(ctx context.Context, t *Team, livemode bool, up CSDUpload) (*TeamState, error) {
	now := s.now()
	c, err := csd.Load(up.Cer, up.Key, up.Password, now)
	if err == nil && t.TaxID != "" {
		err = c.CheckRFC(t.TaxID)
	}
	if err != nil {
		return nil, csdError(err, up, t.TaxID)
	}
	if _, err := s.aead(); err != nil {
		return nil, err
	}
	rec := &TeamCSD{TeamID: t.ID, Livemode: livemode, Certificate: c.X509.Raw, NoCertificado: c.NoCertificado,
		RFC: c.RFC, NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(), ConnectedAt: now.UTC()}
	if rec.SealedKey, err = s.seal(up.Key, sealAD("csd", t.ID, livemode, "key")); err != nil {
		return nil, err
	}
	if rec.SealedPassword, err = s.seal(up.Password, sealAD("csd", t.ID, livemode, "password")); err != nil {
		return nil, err
	}
	if t.TaxID == "" {
		t.TaxID, t.UpdatedAt = c.RFC, now.UTC()
		if err := s.store.UpdateTeam(ctx, t); err != nil {
			return nil, fmt.Errorf("team %s RFC: %w", t.ID, err)
		}
		s.forgetTeam(t.ID)
	}
	st, err := s.TeamState(ctx, t, livemode)
	if err != nil {
		return nil, err
	}
	st.CSD = rec
	ev, err := s.newEvent(t.ID, livemode, EventTeamSATCompleted, string(t.ID), st)
	if err != nil {
		return nil, err
	}
	if err := s.store.PutTeamCSD(ctx, rec, ev); err != nil {
		return nil, fmt.Errorf("team %s CSD: %w", t.ID, err)
	}
	return st, nil
}

// csdError turns an error of csd.Load or CheckRFC into the API's refusal,
// naming the uploaded part at fault.
func csdError(err error, up CSDUpload, teamRFC string) error {
	refuse := func(code Code, msg, field, problem string) error {
		return &Error{Code: code, Message: msg, Fields: []FieldError{{Field: field, Problem: problem}}, Err: err}
	}
	var notAfter, notBefore time.Time
	var certRFC string
	if c, perr := csd.ParseCertificate(up.Cer); perr == nil {
		notAfter, notBefore, certRFC = c.NotAfter, c.NotBefore, c.RFC
	}
	switch {
	case errors.Is(err, csd.ErrNotACertificate):
		return refuse(InvalidFile, "The certificate file cannot be read", "cer", "is not a SAT certificate (.cer in DER or PEM)")
	case errors.Is(err, csd.ErrNotAKey):
		return refuse(InvalidFile, "The private key file cannot be read", "key", "is not an encrypted PKCS#8 private key (.key)")
	case errors.Is(err, csd.ErrWrongPassword):
		return refuse(InvalidFile, "The password does not open the private key", "keyPass", "does not decrypt the private key")
	case errors.Is(err, csd.ErrKeyMismatch):
		return refuse(InvalidFile, "The private key does not belong to the certificate", "key", "does not match the certificate")
	case errors.Is(err, csd.ErrNotCSD):
		return refuse(Rejected, "The certificate is a FIEL (e.firma), not a CSD", "cer", "is a FIEL; upload the CSD (Certificado de Sello Digital)")
	case errors.Is(err, csd.ErrExpired):
		return refuse(Rejected, "The certificate has expired", "cer", "expired on "+notAfter.UTC().Format("2006-01-02"))
	case errors.Is(err, csd.ErrNotYetValid):
		return refuse(Rejected, "The certificate is not valid yet", "cer", "is valid from "+notBefore.UTC().Format("2006-01-02"))
	case errors.Is(err, csd.ErrRFCMismatch):
		return refuse(Rejected, "The certificate belongs to another RFC", "cer", fmt.Sprintf("belongs to RFC %s, not the team's RFC %s", certRFC, teamRFC))
	}
	return fmt.Errorf("check CSD: %w", err)
}

// TeamSigner returns a team's CSD for a mode, ready to seal CFDI: the key is
// unsealed and the CSD checked again at the current time (it may have
// expired since the upload: Rejected). NotFound when the team has no CSD in
// that mode; Unavailable without a master key.
func (s *Service) TeamSigner(ctx context.Context, team TeamID, livemode bool) (*csd.CSD, error) {
	rec, err := s.store.FindTeamCSD(ctx, team, livemode)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(NotFound, err, "The team has no CSD in this mode")
	} else if err != nil {
		return nil, fmt.Errorf("team %s CSD: %w", team, err)
	}
	ck := signerKey{team, livemode}
	if c := s.signers.get(ck, rec); c != nil {
		if err := c.CheckValidity(s.now()); err != nil {
			return nil, csdError(err, CSDUpload{Cer: rec.Certificate}, rec.RFC)
		}
		return c, nil
	}
	key, err := s.unseal(rec.SealedKey, sealAD("csd", team, livemode, "key"))
	if err != nil {
		return nil, err
	}
	pass, err := s.unseal(rec.SealedPassword, sealAD("csd", team, livemode, "password"))
	if err != nil {
		return nil, err
	}
	c, err := csd.Load(rec.Certificate, key, pass, s.now())
	if err != nil {
		return nil, csdError(err, CSDUpload{Cer: rec.Certificate}, rec.RFC)
	}
	s.signers.put(ck, rec, c)
	return c, nil
}

// signerKey names a team's CSD in one mode.
type signerKey struct {
	team     TeamID
	livemode bool
}

// signerCache keeps opened CSDs: unsealing and decrypting a key costs about a
// millisecond (PBKDF2 and RSA), as much as sealing a CFDI. An entry is used
// only while the stored CSD is the one it was opened from.
type signerCache struct {
	mu      sync.Mutex
	entries map[signerKey]signerEntry
}

type signerEntry struct {
	noCertificado string
	connectedAt   time.Time
	csd           *csd.CSD
}

func (c *signerCache) get(k signerKey, rec *TeamCSD) *csd.CSD {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.noCertificado != rec.NoCertificado || !e.connectedAt.Equal(rec.ConnectedAt) {
		return nil
	}
	return e.csd
}

func (c *signerCache) put(k signerKey, rec *TeamCSD, v *csd.CSD) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[signerKey]signerEntry{} // bounded; refills on demand
	}
	c.entries[k] = signerEntry{noCertificado: rec.NoCertificado, connectedAt: rec.ConnectedAt, csd: v}
}
