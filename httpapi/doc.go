// Package httpapi serves the gigstack API v2 over HTTP on top of a
// sello.Service: routing (routes.go lists every route), authentication and
// Connect targets, the response envelope and the error table (errors.go),
// request decoding with the snake/camel aliases, idempotency, cursor
// pagination, the OpenAPI document, health checks and Prometheus metrics.
package httpapi
