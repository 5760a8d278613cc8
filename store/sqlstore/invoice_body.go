package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/sello-mx/sello"
)

// An invoice's XML and its JSON document are stored together, compressed,
// in the column body (issue 16: they held 6 KB of an invoice's 8.9 KB). The
// certificate that every XML of a team repeats (Certificado, about 1.3 KB
// of base64 that no compressor can shrink) is kept once, in
// invoice_certificates, keyed by the first 16 bytes of its SHA-256; the
// rest is compressed with zstd against a dictionary of typical documents,
// so that one invoice's body is about 800 bytes. Rows written before
// migration 00140 keep their doc and xml columns and are read from them.
//
// A body is
//
//	format     byte: 1 (zstd with dictionary 1)
//	certHash   byte 0 when no certificate was taken out, else 16 and the
//	           certificate's 16-byte key
//	frame      zstd frame (with its checksum) of
//	             certAt  uvarint: 0 when no certificate was taken out, else
//	                     1 + the offset in the XML where its text goes back
//	             xmlLen  uvarint: the length of the XML without it
//	             the XML without its certificate, then the document
//
// Packing and unpacking give back the XML byte for byte, whatever it holds;
// a damaged body is an error (the frame's checksum, the certificate's key
// checked against the certificate it names), never another document.

// bodyDict1 is dictionary 1: ten of Sello's golden documents
// (cfdi/testdata/documents, stamped) and an invoice's JSON document, with
// their seals, certificates and UUIDs left out. Stored bodies name it by
// its number: it is never edited; a better one would be dictionary 2.
//
//go:embed invoice_body_dict1.txt
var bodyDict1 []byte

const (
	bodyFormat1  = 1
	certHashSize = 16
	// maxBodySize bounds what one body may unpack to.
	maxBodySize = 256 << 20
)

var (
	bodyCodecOnce sync.Once
	bodyEncoder   *zstd.Encoder
	bodyDecoder   *zstd.Decoder
	bodyCodecErr  error
)

// bodyCodec returns the encoder and decoder of format 1, made once.
func bodyCodec() (*zstd.Encoder, *zstd.Decoder, error) {
	bodyCodecOnce.Do(func() {
		bodyEncoder, bodyCodecErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderDictRaw(bodyFormat1, bodyDict1))
		if bodyCodecErr != nil {
			return
		}
		bodyDecoder, bodyCodecErr = zstd.NewReader(nil, zstd.WithDecoderDictRaw(bodyFormat1, bodyDict1),
			zstd.WithDecoderMaxMemory(maxBodySize), zstd.WithDecoderConcurrency(0))
	})
	return bodyEncoder, bodyDecoder, bodyCodecErr
}

// certificateAt returns where the text of the issuer's certificate (the
// value of the first Certificado attribute) lies in xml, or ok false when
// it has none.
func certificateAt(xml []byte) (start, end int, ok bool) {
	const attr = ` Certificado="`
	i := bytes.Index(xml, []byte(attr))
	if i < 0 {
		return 0, 0, false
	}
	start = i + len(attr)
	n := bytes.IndexByte(xml[start:], '"')
	if n <= 0 {
		return 0, 0, false
	}
	return start, start + n, true
}

// certificateKey is how invoice_certificates names a certificate's text.
func certificateKey(cert []byte) []byte {
	sum := sha256.Sum256(cert)
	return sum[:certHashSize]
}

// packBody compresses an invoice's XML and JSON document into a body,
// leaving out the XML's certificate, which the caller stores apart
// (putCertificate).
func packBody(xml, doc []byte) ([]byte, error) {
	enc, _, err := bodyCodec()
	if err != nil {
		return nil, sello.Wrap(sello.Internal, err, "cannot compress an invoice")
	}
	if len(xml)+len(doc) > maxBodySize {
		return nil, sello.Errorf(sello.Invalid, "an invoice's XML and document exceed %d MiB", maxBodySize>>20)
	}
	body := make([]byte, 0, 64+len(xml)/4+len(doc)/4)
	plain := make([]byte, 0, 2*binary.MaxVarintLen64+len(xml)+len(doc))
	body = append(body, bodyFormat1)
	rest := xml
	if start, end, ok := certificateAt(xml); ok {
		body = append(append(body, certHashSize), certificateKey(xml[start:end])...)
		plain = binary.AppendUvarint(plain, uint64(start)+1)
		rest = make([]byte, 0, len(xml)-(end-start))
		rest = append(append(rest, xml[:start]...), xml[end:]...)
	} else {
		body = append(body, 0)
		plain = binary.AppendUvarint(plain, 0)
	}
	plain = binary.AppendUvarint(plain, uint64(len(rest)))
	plain = append(append(plain, rest...), doc...)
	return enc.EncodeAll(plain, body), nil
}

// packedBody is a body read as far as its certificate's key.
type packedBody struct {
	certKey []byte // the certificate's key in invoice_certificates, nil when none
	frame   []byte
}

var errDamagedBody = errors.New("a stored invoice body is damaged")

// readBody reads a body's header.
func readBody(body []byte) (packedBody, error) {
	if len(body) < 2 || body[0] != bodyFormat1 {
		return packedBody{}, errDamagedBody
	}
	switch body[1] {
	case 0:
		return packedBody{frame: body[2:]}, nil
	case certHashSize:
		if len(body) < 2+certHashSize {
			return packedBody{}, errDamagedBody
		}
		return packedBody{certKey: body[2 : 2+certHashSize], frame: body[2+certHashSize:]}, nil
	}
	return packedBody{}, errDamagedBody
}

// unpack returns the XML, with cert put back, and the JSON document.
func (p packedBody) unpack(cert []byte) (xml, doc []byte, err error) {
	_, dec, err := bodyCodec()
	if err != nil {
		return nil, nil, sello.Wrap(sello.Internal, err, "cannot decompress an invoice")
	}
	plain, err := dec.DecodeAll(p.frame, nil)
	if err != nil {
		return nil, nil, errDamagedBody
	}
	at, n := binary.Uvarint(plain)
	if n <= 0 || (at > 0) != (p.certKey != nil) {
		return nil, nil, errDamagedBody
	}
	plain = plain[n:]
	size, n := binary.Uvarint(plain)
	if n <= 0 || size > uint64(len(plain)-n) || at > size+1 {
		return nil, nil, errDamagedBody
	}
	plain = plain[n:]
	xml, doc = plain[:size:size], plain[size:]
	if at > 0 {
		full := make([]byte, 0, len(xml)+len(cert))
		xml = append(append(append(full, xml[:at-1]...), cert...), xml[at-1:]...)
	}
	return xml, doc, nil
}

// certificates remembers certificates known to be stored and committed in
// invoice_certificates (none is ever removed), so that reads seldom look
// one up and writes seldom store one again. It forgets all of them past
// maxCertificates.
type certificates struct {
	mu    sync.RWMutex
	known map[string][]byte
}

const maxCertificates = 4096

func (c *certificates) get(key []byte) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	cert, ok := c.known[string(key)]
	return cert, ok
}

func (c *certificates) put(key, cert []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known == nil || len(c.known) >= maxCertificates {
		c.known = map[string][]byte{}
	}
	c.known[string(key)] = cert
}

// putCertificate stores the certificate of an invoice's XML, if it has
// one not known to be stored, in the write's transaction.
func (db *DB) putCertificate(ctx context.Context, tx Execer, xml []byte) error {
	start, end, ok := certificateAt(xml)
	if !ok {
		return nil
	}
	cert := xml[start:end]
	key := certificateKey(cert)
	if _, known := db.certs.get(key); known {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO invoice_certificates (hash, certificate) VALUES ($1, $2)
		ON CONFLICT DO NOTHING`, key, cert); err != nil {
		return failed(err, "invoice", "")
	}
	return nil
}

// certificate returns a stored certificate by its key.
func (db *DB) certificate(ctx context.Context, key []byte) ([]byte, error) {
	if cert, ok := db.certs.get(key); ok {
		return cert, nil
	}
	var cert []byte
	err := db.read.QueryRowContext(ctx, `SELECT certificate FROM invoice_certificates WHERE hash = $1`, key).Scan(&cert)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sello.Wrap(sello.Internal, errDamagedBody, "an invoice's certificate is missing")
	}
	if err != nil {
		return nil, failed(err, "invoice certificate", "")
	}
	if !bytes.Equal(certificateKey(cert), key) {
		return nil, errDamagedBody
	}
	db.certs.put(bytes.Clone(key), cert)
	return cert, nil
}
