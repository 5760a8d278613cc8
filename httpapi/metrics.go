package httpapi

import (
	"context"

	"strconv"
	"time"

	"github.com/sello-mx/sello"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(queues func(context.Context) ([]sello.QueueStat, error), now func() time.Time) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sello_http_requests_total",
			Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sello_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if queues != nil {
		m.reg.MustRegister(&queueCollector{stats: queues, now: now})
	}
	return m
}

// queueCollector reports the queues of background work at each scrape:
// sello_queue_depth (items waiting) and sello_queue_oldest_due_seconds (how
// long the longest due item has been due; 0 when none is).
type queueCollector struct {
	stats func(context.Context) ([]sello.QueueStat, error)
	now   func() time.Time
}

var (
	queueDepth = prometheus.NewDesc("sello_queue_depth",
		"Items of background work waiting, by queue: each kind of job (invoice, email, invoice_payment, pue_invoice, ppd_invoice, complement, receipt, delivery).", []string{"queue"}, nil)
	queueAge = prometheus.NewDesc("sello_queue_oldest_due_seconds",
		"How long the longest due item of a queue has been due (0 when none is).", []string{"queue"}, nil)
	queueUp = prometheus.NewDesc("sello_queue_stats_up",
		"1 when the queue statistics could be read at this scrape.", nil, nil)
)

// Describe implements prometheus.Collector.
func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueDepth
	ch <- queueAge
	ch <- queueUp
}

// Collect implements prometheus.Collector.
func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	stats, err := c.stats(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(queueUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(queueUp, prometheus.GaugeValue, 1)
	now := c.now()
	for _, q := range stats {
		age := 0.0
		if !q.NextDue.IsZero() && q.NextDue.Before(now) {
			age = now.Sub(q.NextDue).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(queueDepth, prometheus.GaugeValue, float64(q.Waiting), q.Queue)
		ch <- prometheus.MustNewConstMetric(queueAge, prometheus.GaugeValue, age, q.Queue)
	}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (s *Server) metricsText(c *call) (*reply, error) {
	return &reply{handler: promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})}, nil
}
