package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/sello-mx/sello"
)

// errorKind is how a domain error code is answered: the HTTP status and the
// gigstack error code (API.md §5.2).
type errorKind struct {
	status int
	code   string
}

// errorTable is the one place a sello.Code becomes an HTTP status and a
// gigstack code. Invalid is refined by the number and kind of problems.
var errorTable = map[sello.Code]errorKind{
	sello.Invalid:                 {http.StatusBadRequest, "validation_failed"},
	sello.Unauthenticated:         {http.StatusUnauthorized, "unauthorized"},
	sello.InvalidToken:            {http.StatusUnauthorized, "invalid_token"},
	sello.Forbidden:               {http.StatusForbidden, "forbidden"},
	sello.InsufficientPermissions: {http.StatusForbidden, "insufficient_permissions"},
	sello.NotFound:                {http.StatusNotFound, "resource_not_found"},
	sello.AlreadyExists:           {http.StatusConflict, "resource_already_exists"},
	sello.Conflict:                {http.StatusConflict, "resource_conflict"},
	sello.IdempotencyMismatch:     {http.StatusUnprocessableEntity, "invalid_request_body"},
	sello.Rejected:                {http.StatusUnprocessableEntity, "business_rule_violation"},
	sello.NotAllowed:              {http.StatusConflict, "operation_not_allowed"},
	sello.ExternalService:         {http.StatusBadGateway, "external_service_error"},
	sello.PaymentProcessor:        {http.StatusBadGateway, "payment_processor_error"},
	sello.StampRejected:           {http.StatusUnprocessableEntity, "cfdi_service_error"},
	sello.StampUnavailable:        {http.StatusBadGateway, "cfdi_service_error"},
	sello.Unavailable:             {http.StatusServiceUnavailable, "service_unavailable"},
	sello.FileNotFound:            {http.StatusNotFound, "file_not_found"},
	sello.FileUpload:              {http.StatusBadRequest, "file_upload_error"},
	sello.InvalidFile:             {http.StatusUnprocessableEntity, "invalid_file_format"},
	sello.Database:                {http.StatusInternalServerError, "database_error"},
	sello.DataIntegrity:           {http.StatusInternalServerError, "data_integrity_error"},
	sello.Internal:                {http.StatusInternalServerError, "internal_server_error"},
}

// apiError is an error that exists only at the HTTP layer: a body that is
// not JSON, a body too large, a method not allowed, an unknown route.
type apiError struct {
	status  int
	code    string
	message string
	details []string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

var errRouteNotFound = &apiError{status: http.StatusNotFound, code: "resource_not_found", message: "Route not found"}

// errorBody is the gigstack error envelope.
type errorBody struct {
	Success bool        `json:"success"`
	Message string      `json:"message"`
	Error   errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Details []string `json:"details"`
}

// render turns any error into a status and the error envelope. Messages of
// 5xx answers are generic and carry the request id; the cause is logged.
func (s *Server) render(err error, requestID string) (int, *errorBody) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status, newErrorBody(ae.code, ae.message, ae.details)
	}
	code := sello.ErrorCode(err)
	kind, ok := errorTable[code]
	if !ok {
		kind = errorTable[sello.Internal]
	}
	var e *sello.Error
	errors.As(err, &e)
	if kind.status >= 500 && code != sello.Unavailable && code != sello.StampUnavailable &&
		code != sello.ExternalService && code != sello.PaymentProcessor {
		msg := "Internal server error (request " + requestID + ")"
		if code == sello.Database {
			msg = "Database error (request " + requestID + ")"
		}
		return kind.status, newErrorBody(kind.code, msg, nil)
	}
	msg := "Error"
	var details []string
	if e != nil {
		msg = e.Message
		for _, f := range e.Fields {
			details = append(details, f.String())
		}
		if code == sello.Invalid && len(e.Fields) == 1 {
			kind.code = "invalid_field_value"
			if e.Fields[0].Missing {
				kind.code = "missing_required_field"
			}
		}
	}
	return kind.status, newErrorBody(kind.code, msg, details)
}

func newErrorBody(code, msg string, details []string) *errorBody {
	if details == nil {
		details = []string{}
	}
	return &errorBody{Message: msg, Error: errorDetail{Code: code, Message: msg, Details: details}}
}

// writeError writes err as the error envelope and logs 5xx answers.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.renderLogged(r, err, w.Header().Get("X-Request-Id"))
	writeJSON(w, status, body)
}

// renderLogged renders err and logs it when the answer is a 5xx.
func (s *Server) renderLogged(r *http.Request, err error, id string) (int, *errorBody) {
	status, body := s.render(err, id)
	if status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", status), slog.String("error", err.Error()))
	}
	return status, body
}

// invalidValue returns the Invalid error for one bad field.
func invalidValue(message, field, format string, args ...any) error {
	var p sello.Problems
	p.Add(field, format, args...)
	return p.Err(message)
}
