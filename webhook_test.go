package sello_test

import (
	"testing"

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
