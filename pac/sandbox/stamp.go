package sandbox

import (
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pac"
)

var _ sello.Stamper = (*PAC)(nil)

// fechaLayout is the SAT's t_FechaH: local time without offset or fraction.
const fechaLayout = "2006-01-02T15:04:05"

// window is how far before stamping Fecha may lie (PAC code 401).
const window = 72 * time.Hour

// Stamp checks a sealed CFDI 4.0 as a PAC does and stamps it: it adds a
// TimbreFiscalDigital 1.1 as the last child of cfdi:Complemento (created
// before cfdi:Addenda or the end of the Comprobante when absent), leaving
// every other byte of sealedXML untouched.
//
// Errors: StampRejected with one FieldError whose SATCode is the PAC code —
// 301 not a CFDI 4.0, 302 Sello or NoCertificado does not verify, 303
// certificate RFC is not the Emisor's, 305 Fecha outside the certificate's
// validity, 306 a FIEL, 307 already stamped (a TFD inside, or the same Sello
// stamped before by this PAC), 308 the certificate has not the SAT's shape,
// 401 Fecha more than 72 hours before now or after now, or one FieldError per
// broken CFDI40xxx rule (cfdi.Validate) with the rule's code; StampUnavailable when
// ctx is done or the sandbox SAT certificate has expired.
func (p *PAC) Stamp(ctx context.Context, sealedXML []byte) (*sello.Stamp, error) {
	if err := ctx.Err(); err != nil {
		return nil, pac.Unavailable(err)
	}
	now := p.now()
	if err := p.authority.CheckValidity(now); err != nil {
		return nil, pac.Unavailable(err)
	}
	doc, err := p.check(sealedXML, now)
	if err != nil {
		return nil, err
	}
	seal := doc.Comprobante.Sello
	uuid, err := p.reserve(seal)
	if err != nil {
		return nil, err
	}
	stamp, err := p.timbrar(sealedXML, seal, uuid, now)
	if err != nil {
		p.release(seal)
		return nil, err
	}
	p.remember(sealedXML, stamp)
	return stamp, nil
}

// reserve records seal as stamped and draws a UUID, or refuses with 307.
func (p *PAC) reserve(seal string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stamped[seal] {
		return "", pac.Reject(pac.CodeStamped, "Sello", "a CFDI with this Sello was already stamped")
	}
	uuid, err := newUUID(p.random)
	if err != nil {
		return "", pac.Unavailable(err)
	}
	p.stamped[seal] = true
	return uuid, nil
}

// release forgets a reservation whose stamping failed.
func (p *PAC) release(seal string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.stamped, seal)
}

// timbrar builds, signs and inserts the TimbreFiscalDigital.
func (p *PAC) timbrar(sealedXML []byte, selloCFD, uuid string, now time.Time) (*sello.Stamp, error) {
	tfd := &cfdi.TimbreFiscalDigital{
		Version:          "1.1",
		UUID:             uuid,
		FechaTimbrado:    now.In(p.mexico).Format(fechaLayout),
		RfcProvCertif:    p.authority.RFC,
		SelloCFD:         selloCFD,
		NoCertificadoSAT: p.authority.NoCertificado,
	}
	digest := sha256.Sum256([]byte(cfdi.CadenaTFD(tfd)))
	sig, err := p.authority.Signer().Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return nil, pac.Unavailable(fmt.Errorf("sign TFD: %w", err))
	}
	tfd.SelloSAT = base64.StdEncoding.EncodeToString(sig)
	out, err := insertParsedTFD(sealedXML, tfd)
	if err != nil {
		return nil, pac.Reject(pac.CodeStructure, "", err.Error())
	}
	return &sello.Stamp{
		XML:              out,
		UUID:             tfd.UUID,
		FechaTimbrado:    tfd.FechaTimbrado,
		RfcProvCertif:    tfd.RfcProvCertif,
		NoCertificadoSAT: tfd.NoCertificadoSAT,
		SelloSAT:         tfd.SelloSAT,
	}, nil
}

// newUUID reads a version 4 UUID, uppercase, from random.
func newUUID(random io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", errors.Join(errors.New("read UUID"), err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
