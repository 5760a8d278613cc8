package sello_test

import (
	"context"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

func TestDeliveredName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		events    []string
		eventType string
		want      string
		ok        bool
	}{
		{nil, "invoice.canceled", "invoice.canceled", true},
		{[]string{"*"}, "customer.created", "customer.created", true},
		{[]string{"customer.created"}, "customer.created", "customer.created", true},
		{[]string{"customer.created"}, "customer.updated", "", false},
		{[]string{"invoice.cancelled"}, "invoice.canceled", "invoice.cancelled", true},
		{[]string{"invoice.canceled"}, "invoice.canceled", "invoice.canceled", true},
		{[]string{"invoice.cancelled", "invoice.canceled"}, "invoice.canceled", "invoice.canceled", true},
		{[]string{"receipt.cancelled"}, "invoice.canceled", "", false},
	}
	for _, tt := range tests {
		got, ok := sello.DeliveredName(tt.events, tt.eventType)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DeliveredName(%q, %q) = %q, %v; want %q, %v", tt.events, tt.eventType, got, ok, tt.want, tt.ok)
		}
	}
	if n := len(sello.EventNames); n != 36 {
		t.Errorf("len(EventNames) = %d, want 36", n)
	}
}

func TestWebhookURLRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := sello.NewService(sello.Config{Store: openStore(t), Now: time.Now, WebhookHTTPHosts: []string{"hooks.internal", "10.0.0.5:8080"}})
	team := &sello.Team{LegalName: "URLS", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600"}
	if _, err := svc.CreateTeam(ctx, team); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	tests := []struct {
		url      string
		livemode bool
		ok       bool
	}{
		{"https://example.com/h", true, true},
		{"http://example.com/h", false, true},
		{"http://example.com/h", true, false},
		{"http://hooks.internal/h", true, true},
		{"http://10.0.0.5:8080/h", true, true},
		{"http://10.0.0.5:9090/h", true, false},
		{"https://user:pw@example.com/h", false, false},
		{"ftp://example.com/h", false, false},
		{"/relative", false, false},
	}
	for _, tt := range tests {
		u := tt.url
		_, err := svc.CreateWebhook(ctx, team.ID, tt.livemode, sello.WebhookInput{URL: &u})
		if (err == nil) != tt.ok {
			t.Errorf("CreateWebhook(%q, live %v) = %v, want ok %v", tt.url, tt.livemode, err, tt.ok)
		}
	}
}
