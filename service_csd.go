package sello

import (
	"context"
	"fmt"

	"github.com/sello-mx/sello/csd"
)

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
