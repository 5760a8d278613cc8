package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/webhook"
)

// webhookConfig is the delivery worker's configuration of `sello serve`.
type webhookConfig struct {
	allowPrivate *bool
	httpHosts    *string
	poll, lease  *time.Duration
}

// webhookFlags registers the webhook flags; defaults come from the
// environment (SELLO_WEBHOOK_ALLOW_PRIVATE, SELLO_WEBHOOK_HTTP_HOSTS).
func webhookFlags(fs *flag.FlagSet, e *env) *webhookConfig {
	allow := e.getenv("SELLO_WEBHOOK_ALLOW_PRIVATE")
	return &webhookConfig{
		allowPrivate: fs.Bool("webhook-allow-private", allow == "1" || strings.EqualFold(allow, "true"),
			"let webhook deliveries reach private, loopback and link-local addresses"),
		httpHosts: fs.String("webhook-http-hosts", e.getenv("SELLO_WEBHOOK_HTTP_HOSTS"),
			"comma-separated hosts that live-mode webhooks may reach over plain http"),
		poll:  fs.Duration("webhook-poll", 200*time.Millisecond, "how often the delivery worker looks for due deliveries"),
		lease: fs.Duration("webhook-lease", 30*time.Second, "how long a claimed delivery is reserved for its worker (more than the 5 s attempt timeout)"),
	}
}

// check refuses flags the worker cannot run with.
func (c *webhookConfig) check() error {
	if *c.lease <= webhook.Timeout {
		return fmt.Errorf("--webhook-lease %v must be longer than the %v attempt timeout", *c.lease, webhook.Timeout)
	}
	if *c.poll <= 0 {
		return fmt.Errorf("--webhook-poll must be positive")
	}
	return nil
}

// hosts returns the hosts live-mode webhooks may reach over plain http.
func (c *webhookConfig) hosts() []string {
	var hosts []string
	for _, h := range strings.Split(*c.httpHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	return hosts
}

// newWorker returns the delivery worker, which opens sealed webhook
// secrets with open, and has the store wake it.
func (c *webhookConfig) newWorker(store sello.Store, logger *slog.Logger, open func(*sello.Webhook) error) *webhook.Worker {
	w := webhook.NewWorker(store, logger, webhook.WithAllowPrivate(*c.allowPrivate),
		webhook.WithPoll(*c.poll), webhook.WithLease(*c.lease), webhook.WithUserAgent("Sello-Webhooks/"+version()), webhook.WithOpen(open))
	// The store wakes the worker after a transaction that made deliveries
	// due commits: an event fanned out, a replay, a retry.
	if n, ok := store.(interface{ SetDeliveryNotify(func()) }); ok {
		n.SetDeliveryNotify(w.Wake)
	}
	return w
}

// startWorker runs w until ctx ends; the returned function waits for the
// pass in progress to finish.
func startWorker(ctx context.Context, w *webhook.Worker) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.Run(ctx)
	}()
	return wg.Wait
}
