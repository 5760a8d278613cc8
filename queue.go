package sello

import (
	"context"
	"time"
)

// The queues of background work, as QueueStats names them.
const (
	QueueInvoices   = "invoices"   // pending stamps and cancellations (RunInvoiceWork)
	QueuePayments   = "payments"   // payment automations (RunPaymentWork)
	QueueDeliveries = "deliveries" // webhook deliveries (webhook.Worker)
)

// QueueStat is the state of one queue of background work.
type QueueStat struct {
	Queue   string
	Waiting int       // items not finished, due or not
	NextDue time.Time // the earliest due time among them; zero when none waits
}

// QueueStats reports the depth of each queue and the age of its oldest due
// item (for /metrics). Database when storage fails.
func (s *Service) QueueStats(ctx context.Context) ([]QueueStat, error) {
	return s.store.QueueStats(ctx)
}
