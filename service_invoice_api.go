package sello

import (
	"context"
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

var errInvoicesTodo = Errorf(Internal, "invoices are not available yet")

// CreateInvoice runs the invoicing flow of API.md §11.4 for team in a mode:
// resolve the client and items, compute, validate, seal with the team's CSD
// (the sandbox CSD in test mode when none was uploaded), stamp, store the
// stamped XML and record invoice.created and invoice.stamped. The invoice
// comes back valid, or pending when the stamping provider could not be
// reached (a background job finishes it). Errors: Invalid (a bad field,
// naming it), Rejected (a CFDI rule: FieldError.SATCode per problem; or a
// business rule), StampRejected (the provider refused it: nothing stored).
func (s *Service) CreateInvoice(ctx context.Context, team *Team, livemode bool, req *InvoiceRequest) (*Invoice, error) {
	return nil, errInvoicesTodo
}

// SaveDraft stores a draft (id "" creates one) made from req, whose raw API
// JSON is kept so that stamping it later runs the full flow. Only types and
// formats are checked; totals are computed when the lines allow it.
func (s *Service) SaveDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest, raw []byte) (*Invoice, error) {
	return nil, errInvoicesTodo
}

// StampDraft runs the full flow on a draft (req decoded from its stored
// JSON) and turns it into the issued invoice, keeping its id. NotAllowed for
// an invoice that is not a draft.
func (s *Service) StampDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest) (*Invoice, error) {
	return nil, errInvoicesTodo
}

// DeleteDraft removes a draft. NotFound when there is no such draft.
func (s *Service) DeleteDraft(ctx context.Context, team *Team, livemode bool, id string) error {
	return errInvoicesTodo
}

// PreviewDraft renders a draft as a PDF marked "Sin validez fiscal" and
// stores it as the draft's preview.
func (s *Service) PreviewDraft(ctx context.Context, team *Team, livemode bool, id string, req *InvoiceRequest) (*DraftPreview, error) {
	return nil, errInvoicesTodo
}

// FindInvoice returns an invoice by invoice_ id or UUID (any case).
func (s *Service) FindInvoice(ctx context.Context, team TeamID, livemode bool, idOrUUID string) (*Invoice, error) {
	return nil, errInvoicesTodo
}

// FindInvoices returns one page of invoices.
func (s *Service) FindInvoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, bool, int, error) {
	return nil, false, 0, errInvoicesTodo
}

// CancelInvoice asks for the cancellation of a valid invoice with a motive
// (01–04; 01 needs substitution, a valid invoice of the team that relates
// to this one with relationship 04). NotAllowed for a draft, a pending or
// canceled invoice or one whose cancellation is pending; Rejected (listing
// their UUIDs) while live documents relate to it.
func (s *Service) CancelInvoice(ctx context.Context, team *Team, livemode bool, idOrUUID, motive, substitution string) (*Invoice, error) {
	return nil, errInvoicesTodo
}

// InvoiceFiles returns signed links, valid one hour, to an invoice's files
// (kinds: "pdf", "xml"). FileNotFound for drafts and pending invoices.
func (s *Service) InvoiceFiles(ctx context.Context, team TeamID, livemode bool, idOrUUID string, kinds ...string) ([]FileLink, error) {
	return nil, errInvoicesTodo
}

// OpenFile returns the file a /files/{token} link names. InvalidToken for a
// bad or expired token.
func (s *Service) OpenFile(ctx context.Context, token string) (*InvoiceFile, error) {
	return nil, errInvoicesTodo
}

// InvoicePDF renders the PDF of an issued invoice.
func (s *Service) InvoicePDF(ctx context.Context, inv *Invoice) ([]byte, error) {
	return nil, errInvoicesTodo
}

// SendInvoice e-mails an invoice's PDF and XML to emails, or when empty to
// the client's e-mail plus its bcc and the team's invoices_bcc setting, and
// records invoice.sent. NotAllowed for drafts and pending invoices; Rejected
// when there is no recipient; ExternalService when the mail server fails.
func (s *Service) SendInvoice(ctx context.Context, team *Team, livemode bool, idOrUUID string, emails []string) (*SendResult, error) {
	return nil, errInvoicesTodo
}
