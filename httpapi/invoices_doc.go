package httpapi

// sendRequest is the body of POST /v2/invoices/{id}/send.
type sendRequest struct {
	Emails []string `json:"emails,omitempty" doc:"the recipients; default the client's e-mail and bcc"`
}

// cancelRequest is the body of DELETE /v2/invoices/{id}; both
// fields may come as query parameters instead, and the body wins.
type cancelRequest struct {
	Motive           opt[code] `json:"motive" doc:"c_MotivoCancelacion 01–04"`
	SubstitutionUUID opt[code] `json:"substitution_uuid" doc:"required for motive 01; aliases replacement, substitutionUuid"`
}
