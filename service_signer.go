package sello

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/csd"
)

// validateOptions gives the engine the imported catalogs, the time and the
// time zone of the document's LugarExpedicion.
func (s *Service) validateOptions(ctx context.Context, now time.Time, zone *time.Location) (cfdi.ValidateOptions, error) {
	keys, err := s.CatalogCodes(ctx, "c_ClaveProdServ")
	if err != nil {
		return cfdi.ValidateOptions{}, err
	}
	zips, err := s.CatalogCodes(ctx, "c_CodigoPostal")
	if err != nil {
		return cfdi.ValidateOptions{}, err
	}
	return cfdi.ValidateOptions{ClaveProdServ: keys, CodigoPostal: zips, Now: now, Location: zone}, nil
}

// signerFor returns the CSD that seals a team's invoices in a mode: the
// uploaded one, or in test mode a sandbox CSD made for the team's RFC.
func (s *Service) signerFor(ctx context.Context, team *Team, livemode bool) (*csd.CSD, error) {
	c, err := s.TeamSigner(ctx, team.ID, livemode)
	if ErrorCode(err) != NotFound {
		return c, err
	}
	if livemode {
		return nil, Errorf(Rejected, "The team has no CSD for live mode: upload it first (sat-connection)")
	}
	return s.sandboxCSD(ctx, team)
}

// sandboxPassword protects sandbox CSD keys; they seal nothing of value.
const sandboxPassword = "sello-sandbox"

// sandboxCSD makes (once, stored as a server secret so every replica uses
// the same) a test CSD for the team's RFC and legal name.
func (s *Service) sandboxCSD(ctx context.Context, team *Team) (*csd.CSD, error) {
	name := "sandbox_csd:" + string(team.ID) + ":" + team.TaxID + ":" + team.LegalName
	s.sandbox.mu.Lock()
	defer s.sandbox.mu.Unlock()
	if c := s.sandbox.m[name]; c != nil && c.CheckValidity(s.now()) == nil {
		return c, nil
	}
	raw, err := s.storedSecret(ctx, name, func() ([]byte, error) {
		now := s.now().UTC()
		cer, key, err := csd.GenerateSandbox(team.TaxID, team.LegalName, []byte(sandboxPassword),
			now.Add(-24*time.Hour), now.AddDate(4, 0, 0), s.ids.reader())
		if err != nil {
			return nil, err
		}
		return json.Marshal([2][]byte{cer, key})
	})
	if err != nil {
		return nil, fmt.Errorf("sandbox CSD: %w", err)
	}
	var pair [2][]byte
	if err := json.Unmarshal(raw, &pair); err != nil {
		return nil, Wrap(DataIntegrity, err, "the sandbox CSD is unreadable")
	}
	c, err := csd.Load(pair[0], pair[1], []byte(sandboxPassword), s.now())
	if err != nil {
		return nil, Wrap(Internal, err, "the sandbox CSD does not open")
	}
	if s.sandbox.m == nil || len(s.sandbox.m) > 1000 {
		s.sandbox.m = map[string]*csd.CSD{}
	}
	s.sandbox.m[name] = c
	return c, nil
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
