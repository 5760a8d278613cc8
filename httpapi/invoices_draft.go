package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"

	"github.com/sello-mx/sello"
)

// A draft keeps the body it was made from (normalised, as a JSON object):
// PUT merges into it key by key and stamping decodes it with the same
// decoder as a direct creation, so a draft stamps exactly like the request
// it stands for (API.md §11.4).

// draftPreviewView is the answer of POST /v2/invoices/draft/{id}/preview.
type draftPreviewView struct {
	ID          string `json:"id"`
	PDF         string `json:"pdf"`
	ContentType string `json:"content_type"`
}

// createDraft answers POST /v2/invoices/draft: only types and formats are
// checked, 201 with the draft.
func (s *Server) createDraft(c *call) (*reply, error) {
	keepRawComplements(c, c.body)
	req, err := decodeDraft(c, c.body, true)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(c.body)
	if err != nil {
		return nil, err
	}
	inv, err := s.svc.SaveDraft(c.ctx(), c.target, c.auth.Livemode, "", req, raw)
	if err != nil {
		return nil, err
	}
	return s.draftReply(c, inv, http.StatusCreated, "Draft created successfully")
}

// decodeDraft decodes a draft body; full (stamp time) requires what a
// direct creation requires. The body goes through checkBody again: a draft
// stored before those checks existed must not reach the CFDI or the
// database with text or numbers they refuse.
func decodeDraft(c *call, body map[string]any, draft bool) (*sello.InvoiceRequest, error) {
	if err := checkBody(body, invoiceAliases); err != nil {
		return nil, err
	}
	var in typedInvoiceInput
	var p sello.Problems
	c.decodeFrom(body, "", &in, &p)
	req := in.request(c, &p, draft)
	req.Type = in.invoiceType(c, &p)
	return req, p.Err("Invalid request body")
}

func (s *Server) draftReply(c *call, inv *sello.Invoice, status int, msg string) (*reply, error) {
	data, err := s.invoiceData(c, inv, false)
	if err != nil {
		return nil, err
	}
	return &reply{status: status, message: msg, data: data}, nil
}

// findDraft returns the draft of the path, with its stored body. A stored
// invoice that is not a draft is NotAllowed.
func (s *Server) findDraft(c *call) (*sello.Invoice, map[string]any, error) {
	inv, err := s.svc.FindInvoice(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if inv.Status != sello.InvoiceDraft {
		return nil, nil, sello.Errorf(sello.NotAllowed, "Invoice %s is not a draft", inv.ID)
	}
	body := map[string]any{}
	if len(inv.Draft) > 0 {
		dec := json.NewDecoder(bytes.NewReader(inv.Draft))
		dec.UseNumber()
		if err := dec.Decode(&body); err != nil {
			return nil, nil, sello.Wrap(sello.DataIntegrity, err, "The draft's stored request cannot be read")
		}
	}
	return inv, body, nil
}

// updateDraft answers PUT /v2/invoices/draft/{id}: the body is merged into
// the stored one key by key at the top level, and null removes a key.
func (s *Server) updateDraft(c *call) (*reply, error) {
	inv, body, err := s.findDraft(c)
	if err != nil {
		return nil, err
	}
	keepRawComplements(c, c.body)
	merged := maps.Clone(body)
	for k, v := range c.body {
		if v == nil {
			delete(merged, k)
			continue
		}
		merged[k] = v
	}
	req, err := decodeDraft(c, merged, true)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	out, err := s.svc.SaveDraft(c.ctx(), c.target, c.auth.Livemode, inv.ID, req, raw)
	if err != nil {
		return nil, err
	}
	return s.draftReply(c, out, http.StatusOK, "Draft updated successfully")
}

// deleteDraft answers DELETE /v2/invoices/draft/{id}.
func (s *Server) deleteDraft(c *call) (*reply, error) {
	inv, _, err := s.findDraft(c)
	if err != nil {
		return nil, err
	}
	if err := s.svc.DeleteDraft(c.ctx(), c.target, c.auth.Livemode, inv.ID); err != nil {
		return nil, err
	}
	return ok("Draft deleted successfully", deletedView{ID: inv.ID, Deleted: true}), nil
}

// stampDraft answers POST /v2/invoices/draft/{id}/stamp: the stored body
// goes through the full checks and the flow of a direct creation; 200 with
// the invoice, same id (202 while pending). A non-draft is 409.
func (s *Server) stampDraft(c *call) (*reply, error) {
	inv, body, err := s.findDraft(c)
	if err != nil {
		return nil, err
	}
	req, err := decodeDraft(c, body, false)
	if err != nil {
		return nil, err
	}
	files, _ := body["return_files_urls"].(bool)
	out, err := s.svc.StampDraft(c.ctx(), c.target, c.auth.Livemode, inv.ID, req)
	if err != nil {
		return nil, err
	}
	return s.issuedReply(c, out, files, http.StatusOK, "Draft stamped successfully")
}

// previewDraft answers POST /v2/invoices/draft/{id}/preview: a PDF marked
// "Sin validez fiscal", also kept as the draft's preview_pdf.
func (s *Server) previewDraft(c *call) (*reply, error) {
	inv, body, err := s.findDraft(c)
	if err != nil {
		return nil, err
	}
	req, err := decodeDraft(c, body, true)
	if err != nil {
		return nil, err
	}
	pv, err := s.svc.PreviewDraft(c.ctx(), c.target, c.auth.Livemode, inv.ID, req)
	if err != nil {
		return nil, err
	}
	return ok("Preview created successfully", &draftPreviewView{ID: pv.ID,
		PDF: base64.StdEncoding.EncodeToString(pv.PDF), ContentType: "application/pdf"}), nil
}

// keepRawComplements puts the complements of the body as sent into body:
// the data of a complement is given by its standard and its keys are not
// renamed (API.md §11.4 "as given").
func keepRawComplements(c *call, body map[string]any) {
	if _, present := body["complements"]; !present {
		return
	}
	v, err := parseJSON(c.raw)
	if m, isObj := v.(map[string]any); err == nil && isObj {
		if raw, ok := m["complements"]; ok {
			body["complements"] = raw
		}
	}
}
