package mail

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		mail        *sello.Mail
		defaultFrom string
		want        []string // the fields with problems; nil when valid
		wantTo      []string // the envelope recipients when valid
	}{
		{"valid", &sello.Mail{To: []string{"a@x.mx", "A <A@X.MX>"}, Bcc: []string{"b@x.mx", "a@x.mx"}}, "f@x.mx",
			nil, []string{"a@x.mx", "b@x.mx"}},
		{"bcc only", &sello.Mail{Bcc: []string{"b@x.mx"}}, "f@x.mx", nil, []string{"b@x.mx"}},
		{"nil", nil, "f@x.mx", []string{"mail"}, nil},
		{"no sender", &sello.Mail{To: []string{"a@x.mx"}}, "", []string{"from"}, nil},
		{"no recipient", &sello.Mail{}, "f@x.mx", []string{"to"}, nil},
		{"bad addresses", &sello.Mail{From: "nope", ReplyTo: "x", To: []string{"a@x.mx", "b"}, Bcc: []string{"a@x.mx\r\nX: y"}}, "f@x.mx",
			[]string{"from", "reply_to", "to[1]", "bcc[0]"}, nil},
		{"attachments", &sello.Mail{To: []string{"a@x.mx"}, Attach: []sello.Attachment{{Name: " "}, {Name: "a", ContentType: "pdf/"}, {Name: "b", ContentType: "application/pdf"}}}, "f@x.mx",
			[]string{"attach[0].name", "attach[1].content_type"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := check(tt.mail, tt.defaultFrom)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("check = %v, want nil", err)
				}
				if diff := cmp.Diff(tt.wantTo, p.env.to); diff != "" {
					t.Errorf("envelope recipients (-want +got):\n%s", diff)
				}
				return
			}
			if sello.ErrorCode(err) != sello.Invalid {
				t.Fatalf("check = %v, want Invalid", err)
			}
			var got []string
			for _, f := range err.(*sello.Error).Fields {
				got = append(got, f.Field)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}
