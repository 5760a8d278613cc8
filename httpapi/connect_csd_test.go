package httpapi

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func TestCSDUpload(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	eku := ce.createChild(t, "EKU9003173C9")
	cacx := ce.createChild(t, "CACX7605101P8")
	good := csdFiles(t, "EKU9003173C9_2023")
	old := csdFiles(t, "EKU9003173C9_2019")
	with := func(base map[string][]byte, name string, v []byte) map[string][]byte {
		out := map[string][]byte{}
		for k, b := range base {
			out[k] = b
		}
		if v == nil {
			delete(out, name)
		} else {
			out[name] = v
		}
		return out
	}
	tests := []struct {
		name   string
		team   string
		parts  map[string][]byte
		status int
		code   string
		detail string
	}{
		{"wrong password", eku, with(good, "keyPass", []byte("nope")), 422, "invalid_file_format", "keyPass: does not decrypt the private key"},
		{"mismatched key", eku, with(good, "key", old["key"]), 422, "invalid_file_format", "key: does not match the certificate"},
		{"another RFC's certificate", cacx, good, 422, "business_rule_violation", "cer: belongs to RFC EKU9003173C9, not the team's RFC CACX7605101P8"},
		{"expired 2019 certificate", eku, old, 422, "business_rule_violation", "cer: expired on 2023-06-17"},
		{"not a certificate", eku, with(good, "cer", []byte("hola")), 422, "invalid_file_format", "cer: is not a SAT certificate (.cer in DER or PEM)"},
		{"not a key", eku, with(good, "key", []byte("hola")), 422, "invalid_file_format", "key: is not an encrypted PKCS#8 private key (.key)"},
		{"missing key", eku, with(good, "key", nil), 400, "file_upload_error", "key: is missing or empty"},
		{"part too large", eku, with(good, "cer", bytes.Repeat([]byte{'a'}, 256<<10+1)), 400, "file_upload_error", "cer: is larger than 256 KiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := upload(t, e.url, "/v2/teams/"+tc.team+"/sat-connection", ce.pKey, tc.parts)
			if status != tc.status || lookup(body, "error.code") != tc.code {
				t.Fatalf("upload = %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if diff := cmp.Diff([]any{tc.detail}, lookup(body, "error.details")); diff != "" {
				t.Errorf("details (-want +got):\n%s", diff)
			}
		})
	}
	// Nothing was stored by the refusals.
	e.runSeq(t, []scenario{{name: "still not connected", method: "GET", path: "/v2/connect/teams/" + eku, hdr: bearer(ce.pKey), status: 200,
		want: map[string]any{"data.integrations.sat.completed": false, "data.setupComplete": false}}})

	status, body, raw := upload(t, e.url, "/v2/teams/"+eku+"/sat-connection", ce.pKey, good)
	if status != 200 {
		t.Fatalf("upload of the 2023 CSD = %d %v", status, body)
	}
	if strings.Contains(raw, string(good["keyPass"])) {
		t.Errorf("the answer holds the password: %s", raw)
	}
	want := map[string]any{"data.completed": true, "data.rfc": "EKU9003173C9", "data.certificate_number": "30001000000500003416",
		"data.provider": "sandbox", "data.csd_expires_at": 1810640631.0}
	for path, w := range want {
		if diff := cmp.Diff(w, lookup(body, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	e.runSeq(t, []scenario{
		{name: "test mode connected", method: "GET", path: "/v2/connect/teams/" + eku, hdr: bearer(ce.pKey), status: 200,
			want: map[string]any{"data.integrations.sat.completed": true, "data.integrations.sat.hasCertificate": true, "data.setupComplete": true}},
		{name: "live mode is not", method: "GET", path: "/v2/teams/" + eku, hdr: bearer(ce.pLive), status: 200,
			want: map[string]any{"data.integrations.sat.has_certificate": false, "data.setup_complete": false}},
		{name: "RFC change refused while connected", method: "PUT", path: "/v2/teams/" + eku, hdr: bearer(ce.pKey), body: `{"tax_id":"CACX7605101P8","tax_system":"612"}`,
			status: 422, code: "business_rule_violation"},
	})
	signer, err := ce.svc.TeamSigner(context.Background(), sello.TeamID(eku), false)
	if err != nil {
		t.Fatalf("TeamSigner = %v", err)
	}
	if signer.NoCertificado != "30001000000500003416" || signer.Signer() == nil {
		t.Errorf("TeamSigner = %s, want the uploaded CSD", signer.NoCertificado)
	}
	if _, err := ce.svc.TeamSigner(context.Background(), sello.TeamID(eku), true); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("TeamSigner(live) = %v, want NotFound", err)
	}
	// Idempotency-Key: a retry (new boundary, same files) replays; other files are refused.
	for i, tc := range []struct {
		parts  map[string][]byte
		status int
	}{{good, 200}, {good, 200}, {with(good, "keyPass", []byte("otra")), 422}} {
		status, body, _ := upload(t, e.url, "/v2/teams/"+eku+"/sat-connection", ce.pKey, tc.parts, "Idempotency-Key", "csd-1")
		if status != tc.status || (i == 2 && lookup(body, "error.code") != "invalid_request_body") {
			t.Errorf("idempotent upload %d = %d %v, want %d", i, status, body, tc.status)
		}
	}
	events, _, _, err := ce.svc.FindEvents(context.Background(), sello.EventFilter{TeamID: sello.TeamID(eku), Type: sello.EventTeamSATCompleted, ListOptions: sello.ListOptions{Limit: 5}})
	if err != nil || len(events) != 2 {
		t.Errorf("teams.sat.completed events = %d, %v; want 2 (one per stored upload)", len(events), err)
	} else if bytes.Contains(events[0].Data, good["keyPass"]) {
		t.Errorf("the event holds the password")
	}
}
