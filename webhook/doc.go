// Package webhook delivers Sello's events to subscribers the way Standard
// Webhooks (standardwebhooks.com) describes: it builds the payload of API.md
// §13.2, signs it (Sign, and Verify for receivers), and runs the Worker that
// claims pending deliveries from the store, attempts them and schedules the
// retries.
package webhook
