package sello

import (
	"time"
)

// InvoiceFile is a downloadable file of an invoice.
type InvoiceFile struct {
	Name        string // "<UUID>.pdf"
	ContentType string // application/pdf, application/xml
	Data        []byte
}

// FileLink is a signed, expiring download URL path for a file
// (the HTTP adapter prefixes PUBLIC_URL): "/files/<token>".
type FileLink struct {
	Kind      string // pdf, xml, acuse
	Path      string
	ExpiresAt time.Time
}

// SendResult says to whom an invoice was sent and what was attached.
type SendResult struct {
	Recipients  []string
	Attachments []string
}

// DraftPreview is a draft's PDF marked "Sin validez fiscal".
type DraftPreview struct {
	ID  string
	PDF []byte
}
