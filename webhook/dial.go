package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is the cause of an attempt refused because the host
// resolved to a private, loopback, link-local or otherwise internal address.
var ErrForbiddenAddress = errors.New("address not allowed")

// Timeout is how long an attempt may take: a 2xx within it is delivered.
const Timeout = 5 * time.Second

// maxResponse is how much of a response body is read and kept.
const maxResponse = 1024

// newClient returns the HTTP client of deliveries: no proxy, no redirects
// followed, a 5 s limit, and a dialer that checks every resolved address at
// connection time (so DNS rebinding cannot reach internal hosts).
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: Timeout, Control: func(network, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		return checkAddress(address)
	}}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   Timeout,
		ResponseHeaderTimeout: Timeout,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// checkAddress refuses the internal addresses of API.md §13.2.
func checkAddress(address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	ip := ap.Addr().Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || sharedSpace.Contains(ip) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
	}
	return nil
}

// sharedSpace is the carrier-grade NAT range (RFC 6598), internal too.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// errorText names why an attempt failed, for the delivery's error field.
func errorText(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return "address not allowed"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "dns: " + dnsErr.Err
	}
	return "connection error"
}
