package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello/mail"
)

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url    string
		want   mail.Config
		wantOK bool
	}{
		{"", mail.Config{}, false},
		{"smtp://user:pass@mail.example.com:587?from=facturas@x.mx", mail.Config{
			Addr: "mail.example.com:587", Username: "user", Password: "pass", From: "facturas@x.mx"}, true},
		{"smtp://mail.example.com", mail.Config{Addr: "mail.example.com:587"}, true},
		{"smtps://u%40x.mx:p%3Ass@mail.example.com?from=Facturas%20%3Cf%40x.mx%3E&timeout=5s&hello=sello.x.mx",
			mail.Config{Addr: "mail.example.com:465", Username: "u@x.mx", Password: "p:ss", From: "Facturas <f@x.mx>",
				TLS: mail.TLSImplicit, Timeout: 5 * time.Second, HelloName: "sello.x.mx"}, true},
		{"smtp://[::1]:2525?tls=none", mail.Config{Addr: "[::1]:2525", TLS: mail.TLSNone}, true},
		{"smtp://mail.example.com:25?tls=starttls", mail.Config{Addr: "mail.example.com:25", TLS: mail.TLSStartTLS}, true},
	}
	for _, tt := range tests {
		got, ok, err := mail.ConfigFromEnv(env(tt.url))
		if err != nil || ok != tt.wantOK {
			t.Errorf("ConfigFromEnv(%q) = ok %v, %v; want ok %v, nil", tt.url, ok, err, tt.wantOK)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ConfigFromEnv(%q) (-want +got):\n%s", tt.url, diff)
		}
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	t.Parallel()
	tests := []string{
		"http://u:hunter2@mail.example.com",
		"smtp://u:hunter2@:587",
		"smtp://u:hunter2@mail.example.com:port",
		"smtp://u:hunter2@mail.example.com:99999",
		"smtp://u:hunter2@mail.example.com?tls=ssl",
		"smtp://u:hunter2@mail.example.com?timeout=soon",
		"smtp://u:hunter2@mail.example.com?from=nobody",
		"smtp://u:hunter2@mail example.com",
		"smtp://u:hunter2\x7f@mail.example.com",
	}
	for _, url := range tests {
		_, ok, err := mail.ConfigFromEnv(env(url))
		if err == nil || !ok {
			t.Errorf("ConfigFromEnv(%q) = ok %v, %v; want ok and an error", url, ok, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ConfigFromEnv(%q) error %q shows the password", url, err)
		}
	}
}

// env is a getenv with SMTP_URL set to url.
func env(url string) func(string) string {
	return func(k string) string {
		if k == "SMTP_URL" {
			return url
		}
		return ""
	}
}
