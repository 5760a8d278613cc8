package sello

import (
	"context"
	"time"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pdf"
)

// FilesSecret names the server secret download links are signed with.
const FilesSecret = "files_signing"

// fileTTL is how long a download link works (API.md §11.4).
const fileTTL = time.Hour

type fileClaims struct {
	Team     TeamID `json:"t"`
	Livemode bool   `json:"l"`
	Invoice  string `json:"i"`
	Kind     string `json:"k"`
	Expires  int64  `json:"e"`
}

// InvoiceFiles returns signed links, valid one hour, to an invoice's files
// (kinds: "pdf", "xml", "acuse"). FileNotFound for drafts and pending
// invoices, and for an acuse the invoice does not have.
func (s *Service) InvoiceFiles(ctx context.Context, team TeamID, livemode bool, idOrUUID string, kinds ...string) ([]FileLink, error) {
	inv, err := s.FindInvoice(ctx, team, livemode, idOrUUID)
	if err != nil {
		return nil, err
	}
	return s.fileLinks(ctx, inv, kinds...)
}

func (s *Service) fileLinks(ctx context.Context, inv *Invoice, kinds ...string) ([]FileLink, error) {
	if inv.UUID == "" {
		return nil, Errorf(FileNotFound, "A %s invoice has no files", inv.Status)
	}
	exp := s.now().UTC().Add(fileTTL).Truncate(time.Second)
	var out []FileLink
	for _, k := range kinds {
		if k == "acuse" && len(inv.CancellationReceipt) == 0 {
			return nil, Errorf(FileNotFound, "The invoice has no cancellation acknowledgement")
		}
		token, err := s.signLink(ctx, FilesSecret, fileClaims{Team: inv.TeamID, Livemode: inv.Livemode, Invoice: inv.ID, Kind: k, Expires: exp.Unix()})
		if err != nil {
			return nil, err
		}
		out = append(out, FileLink{Kind: k, Path: "/files/" + token, ExpiresAt: exp})
	}
	return out, nil
}

// OpenFile returns the file a /files/{token} link names. InvalidToken for a
// forged, malformed or expired token; FileNotFound when the file is gone.
func (s *Service) OpenFile(ctx context.Context, token string) (*InvoiceFile, error) {
	var cl fileClaims
	if ok, err := s.openLink(ctx, FilesSecret, token, &cl); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(InvalidToken, "The download link is not valid")
	}
	if s.now().Unix() > cl.Expires {
		return nil, Errorf(InvalidToken, "The download link expired")
	}
	inv, err := s.store.FindInvoice(ctx, cl.Team, cl.Livemode, cl.Invoice)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(FileNotFound, err, "The file no longer exists")
	} else if err != nil {
		return nil, err
	}
	switch cl.Kind {
	case "xml":
		return &InvoiceFile{Name: inv.UUID + ".xml", ContentType: "application/xml", Data: inv.XML}, nil
	case "pdf":
		b, err := s.InvoicePDF(ctx, inv)
		if err != nil {
			return nil, err
		}
		return &InvoiceFile{Name: inv.UUID + ".pdf", ContentType: "application/pdf", Data: b}, nil
	case "acuse":
		return &InvoiceFile{Name: inv.UUID + "-acuse.xml", ContentType: "application/xml", Data: inv.CancellationReceipt}, nil
	}
	return nil, Errorf(FileNotFound, "Unknown file")
}

// InvoicePDF renders the printed representation of an issued invoice with
// the team's brand color and the invoice's notes.
func (s *Service) InvoicePDF(ctx context.Context, inv *Invoice) ([]byte, error) {
	if len(inv.XML) == 0 {
		return nil, Errorf(FileNotFound, "A %s invoice has no PDF", inv.Status)
	}
	doc, err := cfdi.Parse(inv.XML)
	if err != nil {
		return nil, Wrap(DataIntegrity, err, "the stored CFDI is unreadable")
	}
	return s.renderPDF(ctx, inv, doc.Comprobante, "")
}

func (s *Service) renderPDF(ctx context.Context, inv *Invoice, c *cfdi.Comprobante, watermark string) ([]byte, error) {
	opt := pdf.Options{Notes: inv.PDFNotes, Watermark: watermark, Now: func() time.Time { return inv.UpdatedAt }}
	if t, err := s.store.FindTeamByID(ctx, inv.TeamID); err == nil {
		opt.BrandColor = pdfColor(t.Brand.PrimaryColor)
	}
	b, err := pdf.Render(c, opt)
	if err != nil {
		return nil, Wrap(Internal, err, "cannot render the PDF")
	}
	return b, nil
}

// pdfColor turns a brand color the team settings accept (#RGB or
// #RRGGBB, colorPattern) into the #RRGGBB the PDF takes; "" otherwise.
func pdfColor(c string) string {
	if !colorPattern.MatchString(c) {
		return ""
	}
	if len(c) == 4 {
		c = string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	return c
}
