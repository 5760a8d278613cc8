package webhook

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sello-mx/sello"
)

// Schedule is the delay before each attempt of a delivery (API.md §13.2,
// the Standard Webhooks example): the first is immediate, then 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h and 10 h, each with up to +10 % jitter. After the
// eighth failure the delivery is failed.
var Schedule = []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute,
	2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// Worker delivers pending webhook deliveries. Any number of workers, in one
// process or in several replicas, may run over one store: each claims due
// deliveries with a lease (sello.Store.ClaimDeliveries), so a delivery is
// attempted by one worker at a time, and one whose worker died is claimed
// again when its lease ends. Deliveries are at least once; receivers
// deduplicate on webhook-id.
type Worker struct {
	store  sello.Store
	log    *slog.Logger
	client *http.Client
	now    func() time.Time
	jitter func() float64 // in [0, 1)

	poll        time.Duration
	lease       time.Duration
	batch       int
	userAgent   string
	wake        chan struct{}
	concurrency int
	timeout     time.Duration
	open        func(*sello.Webhook) error
}

// Option configures a Worker.
type Option func(*Worker)

// WithClock sets the worker's clock (tests fix it).
func WithClock(now func() time.Time) Option { return func(w *Worker) { w.now = now } }

// WithJitter sets the source of retry jitter, a number in [0, 1) that
// becomes up to +10 % of the delay (tests fix it).
func WithJitter(f func() float64) Option { return func(w *Worker) { w.jitter = f } }

// WithPoll sets how often an idle worker looks for due deliveries (default
// 200 ms); Wake starts a pass at once.
func WithPoll(d time.Duration) Option { return func(w *Worker) { w.poll = d } }

// WithLease sets how long a claim lasts before another worker may take the
// delivery again (default 30 s; it must exceed Timeout).
func WithLease(d time.Duration) Option { return func(w *Worker) { w.lease = d } }

// WithBatch sets how many deliveries one pass claims and attempts at once
// (default 100).
func WithBatch(n int) Option { return func(w *Worker) { w.batch, w.concurrency = n, n } }

// WithAllowPrivate lets deliveries reach private, loopback and link-local
// addresses (a test suite, or an operator's internal receivers).
func WithAllowPrivate(allow bool) Option {
	return func(w *Worker) { w.client = newClient(allow) }
}

// WithTimeout shortens the attempt timeout (default and maximum: Timeout,
// the 5 s of API.md §13.2); tests use it to exercise timeouts quickly.
func WithTimeout(d time.Duration) Option { return func(w *Worker) { w.timeout = min(d, Timeout) } }

// WithOpen sets how the worker opens the signing secrets of a stored
// webhook (sello.Service.OpenWebhookSecrets, when they are sealed with the
// master key). A secret that does not open fails the attempt as unreadable.
func WithOpen(open func(*sello.Webhook) error) Option { return func(w *Worker) { w.open = open } }

// WithUserAgent sets the User-Agent of deliveries (default Sello-Webhooks/dev).
func WithUserAgent(ua string) Option { return func(w *Worker) { w.userAgent = ua } }

// NewWorker returns a worker over store. Run starts it; RunOnce makes one pass.
func NewWorker(store sello.Store, logger *slog.Logger, opts ...Option) *Worker {
	w := &Worker{
		store: store, log: logger, client: newClient(false), now: time.Now, jitter: rand.Float64,
		poll: 200 * time.Millisecond, lease: 30 * time.Second, batch: 100, concurrency: 100,
		userAgent: "Sello-Webhooks/dev", wake: make(chan struct{}, 1), timeout: Timeout,
	}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Wake makes a running worker start a pass now (a change that made
// deliveries has committed).
// It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends. Up to the batch size of deliveries are in
// flight at once, and a slow receiver holds only its own slot: whenever
// slots are free the worker claims more (on every wake-up, which comes
// after the change that made deliveries commits, on every poll, and as soon
// as a slot frees while work is waiting). Outcomes are recorded by one goroutine that commits whatever
// has finished in one transaction. On return every attempt in flight has
// finished and been recorded.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.poll)
	defer t.Stop()
	results := make(chan *result, w.concurrency)
	recorded := make(chan struct{})
	go w.recorder(context.WithoutCancel(ctx), results, recorded)
	sem := make(chan struct{}, w.concurrency)
	freed := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for {
		// Claim when a quarter of the slots are free: claiming one slot at a
		// time under load would cost a commit per delivery.
		free := cap(sem) - len(sem)
		backlog := false
		if free > 0 && (free*4 >= cap(sem) || len(sem) == 0) {
			ds, err := w.store.ClaimDeliveries(ctx, w.now(), w.lease, free)
			if err != nil && ctx.Err() == nil {
				w.log.Error("webhook worker: claim", "error", err.Error())
			}
			backlog = len(ds) == free
			for _, d := range ds {
				sem <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					hook, err := w.deliver(context.WithoutCancel(ctx), d)
					results <- &result{d: d, hook: hook, err: err}
					<-sem
					select {
					case freed <- struct{}{}:
					default:
					}
				}()
			}
		}
		var slotFreed <-chan struct{}
		if backlog || free*4 < cap(sem) {
			slotFreed = freed
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			close(results)
			<-recorded
			return
		case <-t.C:
		case <-slotFreed:
		case <-w.wake:
		}
	}
}

// result is the outcome of one attempt, on its way to the recorder.
type result struct {
	d    *sello.WebhookDelivery
	hook *sello.Webhook // nil: the webhook was deleted
	err  error
}

// recorder commits finished attempts: each time, all that are ready, in
// one transaction. It closes done when results is closed and drained.
func (w *Worker) recorder(ctx context.Context, results <-chan *result, done chan<- struct{}) {
	defer close(done)
	for r := range results {
		batch := []*result{r}
	more:
		for {
			select {
			case r, ok := <-results:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		if err := w.record(ctx, batch); err != nil {
			w.log.Error("webhook worker: record", "error", err.Error())
		}
	}
}

// record stores the outcomes of finished attempts and disables the
// webhooks that answered 410. A delivery whose attempt failed to run (a
// storage error) is left to be claimed again when its lease ends.
func (w *Worker) record(ctx context.Context, rs []*result) error {
	var done []*sello.WebhookDelivery
	var gone []*sello.Webhook
	for _, r := range rs {
		if r.err != nil {
			w.log.Error("webhook delivery", "delivery", r.d.ID, "error", r.err.Error())
			continue
		}
		if r.hook == nil {
			continue
		}
		done = append(done, r.d)
		if r.d.ResponseStatus == http.StatusGone {
			gone = append(gone, r.hook)
		}
	}
	if err := w.store.UpdateDeliveries(ctx, done...); err != nil {
		return err
	}
	for _, h := range gone {
		if err := w.store.DisableWebhook(ctx, h.TeamID, h.Livemode, h.ID, "webhook disabled by a 410 answer", w.now()); err != nil {
			return err
		}
	}
	return nil
}

// RunOnce claims the deliveries due now, attempts each concurrently, and
// records the outcomes in one transaction. It returns how many it
// attempted. Tests drive the worker with it and an injected clock.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	ds, err := w.store.ClaimDeliveries(ctx, w.now(), w.lease, w.batch)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	ctx = context.WithoutCancel(ctx) // finish the pass: its claims are made
	rs := make([]*result, len(ds))
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hook, err := w.deliver(ctx, d)
			rs[i] = &result{d: d, hook: hook, err: err}
		}()
	}
	wg.Wait()
	return len(ds), w.record(ctx, rs)
}

// deliver makes one attempt of d and sets its outcome on d. It returns the
// webhook, or nil when the webhook no longer exists.
func (w *Worker) deliver(ctx context.Context, d *sello.WebhookDelivery) (*sello.Webhook, error) {
	hook, err := w.store.FindWebhookByID(ctx, d.TeamID, d.Livemode, d.WebhookID)
	if sello.ErrorCode(err) == sello.NotFound {
		return nil, nil // deleted with its deliveries
	}
	if err != nil {
		return nil, err
	}
	if w.open != nil {
		if err := w.open(hook); err != nil {
			w.log.Error("webhook secret does not open", "webhook", hook.ID, "err", err)
		}
	}
	if d.Payload == nil {
		e, err := w.store.FindEventByID(ctx, d.EventTeamID, d.Livemode, d.EventID)
		if err != nil {
			return nil, err
		}
		if d.Payload, err = NewPayload(e, d.Event).Encode(); err != nil {
			return nil, err
		}
	}
	now := w.now()
	d.Attempts++
	d.LastAttemptAt = now
	if hook.Status != sello.WebhookActive {
		d.ResponseStatus, d.ResponseBody, d.LatencyMS = 0, "", 0
		d.Status, d.NextAttemptAt, d.Error = sello.DeliveryFailed, time.Time{}, "webhook inactive"
		return hook, nil
	}
	res := w.attempt(ctx, hook, d, now)
	d.ResponseStatus, d.ResponseBody, d.LatencyMS, d.Error = res.status, res.body, res.latency.Milliseconds(), res.err
	d.History = append(d.History, sello.DeliveryAttempt{At: now, ResponseStatus: res.status, LatencyMS: d.LatencyMS, Error: res.err})
	switch {
	case res.status >= 200 && res.status < 300:
		d.Status, d.NextAttemptAt, d.Error = sello.DeliverySucceeded, time.Time{}, ""
	case res.status == http.StatusGone:
		d.Status, d.NextAttemptAt, d.Error = sello.DeliveryFailed, time.Time{}, "410 Gone: webhook disabled"
	case d.Attempts >= len(Schedule):
		d.Status, d.NextAttemptAt = sello.DeliveryFailed, time.Time{}
	default:
		d.Status, d.NextAttemptAt = sello.DeliveryPending, now.Add(w.delay(d.Attempts, res.retryAfter))
	}
	return hook, nil
}

// delay is the wait before attempt number attempts+1, with jitter, raised
// to Retry-After when the receiver gave one.
func (w *Worker) delay(attempts int, retryAfter time.Duration) time.Duration {
	base := Schedule[attempts]
	d := base + time.Duration(float64(base)*0.1*w.jitter())
	return max(d, retryAfter)
}

// outcome is the result of one HTTP attempt.
type outcome struct {
	status     int
	body       string
	latency    time.Duration
	err        string
	retryAfter time.Duration
}

// attempt POSTs the payload, signed with every current secret of hook.
func (w *Worker) attempt(ctx context.Context, hook *sello.Webhook, d *sello.WebhookDelivery, now time.Time) outcome {
	var sigs []string
	for _, s := range hook.Secrets(now) {
		sig, err := Sign(s, d.EventID, now, d.Payload)
		if err != nil {
			return outcome{err: "webhook secret unreadable"}
		}
		sigs = append(sigs, sig)
	}
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return outcome{err: "invalid url"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", w.userAgent)
	req.Header.Set("webhook-id", d.EventID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", strings.Join(sigs, " "))
	start := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return outcome{latency: time.Since(start), err: errorText(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	out := outcome{status: resp.StatusCode, body: strings.ToValidUTF8(string(body), "\uFFFD"), latency: time.Since(start)}
	if err != nil {
		out.err = errorText(err)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		out.retryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
	}
	if out.err == "" && (resp.StatusCode < 200 || resp.StatusCode >= 300) {
		out.err = "http " + strconv.Itoa(resp.StatusCode)
	}
	return out
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
