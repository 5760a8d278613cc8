package sello

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKeyRoundTrip(t *testing.T) {
	t.Parallel()
	secret := []byte(strings.Repeat("s", 32))
	want := KeyClaims{Team: "team_1", Livemode: true, KeyID: "key_live_1", IssuedAt: 1772388245}
	tok, err := signKey(secret, want)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, keyHeader+".") {
		t.Errorf("signKey header = %s, want %s", strings.Split(tok, ".")[0], keyHeader)
	}
	got, err := verifyKey(secret, tok)
	if err != nil {
		t.Fatalf("verifyKey: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verifyKey (-want +got):\n%s", diff)
	}
	if _, err := verifyKey([]byte(strings.Repeat("x", 32)), tok); err == nil {
		t.Errorf("verifyKey with another secret succeeded")
	}
}

func TestVerifyKeyRefuses(t *testing.T) {
	t.Parallel()
	secret := []byte(strings.Repeat("s", 32))
	enc := base64.RawURLEncoding
	good, _ := signKey(secret, KeyClaims{Team: "team_1", KeyID: "key_test_1"})
	parts := strings.Split(good, ".")
	resign := func(header, payload string) string {
		h := enc.EncodeToString([]byte(header))
		p := enc.EncodeToString([]byte(payload))
		return h + "." + p + "." + keyMAC(secret, h+"."+p)
	}
	for name, tok := range map[string]string{
		"empty":          "",
		"one part":       "abc",
		"four parts":     good + ".x",
		"bad signature":  parts[0] + "." + parts[1] + "." + enc.EncodeToString(make([]byte, 32)),
		"short sig":      parts[0] + "." + parts[1] + ".AAAA",
		"alg none":       resign(`{"alg":"none"}`, `{"team":"team_1","key_id":"key_test_1"}`),
		"alg HS384":      resign(`{"alg":"HS384"}`, `{"team":"team_1","key_id":"key_test_1"}`),
		"header garbage": resign(`nope`, `{"team":"team_1","key_id":"key_test_1"}`),
		"no key_id":      resign(`{"alg":"HS256"}`, `{"team":"team_1"}`),
		"payload array":  resign(`{"alg":"HS256"}`, `[1]`),
	} {
		if _, err := verifyKey(secret, tok); err == nil {
			t.Errorf("verifyKey(%s) succeeded", name)
		}
	}
	// Another header with alg HS256 is accepted (other claims ignored).
	if _, err := verifyKey(secret, resign(`{"typ":"JWT","alg":"HS256","kid":"x"}`, `{"team":"team_1","key_id":"key_test_1","x":1}`)); err != nil {
		t.Errorf("verifyKey(HS256 with other fields) = %v", err)
	}
}
