package webhook

import (
	"errors"
	"testing"
)

func TestCheckAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr    string
		allowed bool
	}{
		{"93.184.216.34:443", true},
		{"[2606:2800:220:1:248:1893:25c8:1946]:443", true},
		{"127.0.0.1:80", false},
		{"[::1]:80", false},
		{"10.1.2.3:443", false},
		{"172.16.0.1:443", false},
		{"192.168.1.1:443", false},
		{"169.254.169.254:80", false}, // cloud metadata
		{"[fe80::1]:80", false},
		{"[fd00::1]:80", false},
		{"0.0.0.0:80", false},
		{"100.64.0.1:80", false},
		{"[::ffff:127.0.0.1]:80", false},
		{"not an address", false},
	}
	for _, tt := range tests {
		err := checkAddress(tt.addr)
		if (err == nil) != tt.allowed || (err != nil && !errors.Is(err, ErrForbiddenAddress)) {
			t.Errorf("checkAddress(%q) = %v, want allowed %v", tt.addr, err, tt.allowed)
		}
	}
}
