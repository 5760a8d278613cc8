package sello

import (
	"errors"
	"fmt"
)

// Code classifies an Error. The HTTP adapter maps each code to a status and
// to a gigstack error code in exactly one table.
type Code string

// The error codes of Sello's domain.
const (
	// Invalid means the input failed validation; Fields names each problem.
	Invalid Code = "invalid"
	// Unauthenticated means no credentials were given.
	Unauthenticated Code = "unauthenticated"
	// InvalidToken means the credentials were malformed, forged, unknown or revoked.
	InvalidToken Code = "invalid_token"
	// Forbidden means the caller may not act on the target.
	Forbidden Code = "forbidden"
	// InsufficientPermissions means the caller's team may not perform this kind of action.
	InsufficientPermissions Code = "insufficient_permissions"
	// NotFound means the object does not exist for the caller.
	NotFound Code = "not_found"
	// AlreadyExists means a unique value is taken.
	AlreadyExists Code = "already_exists"
	// Conflict means the request collides with another (ambiguous match, request in flight).
	Conflict Code = "conflict"
	// IdempotencyMismatch means an idempotency key was reused with a different request.
	IdempotencyMismatch Code = "idempotency_mismatch"
	// Rejected means a fiscal or business rule forbids the request.
	Rejected Code = "rejected"
	// NotAllowed means the object's state forbids the action.
	NotAllowed Code = "not_allowed"
	// ExternalService means an outside dependency (other than the PAC and the
	// payment processor) failed.
	ExternalService Code = "external_service"
	// PaymentProcessor means the payment processor failed or refused.
	PaymentProcessor Code = "payment_processor"
	// StampRejected means the PAC or the SAT rejected the CFDI.
	StampRejected Code = "stamp_rejected"
	// StampUnavailable means the PAC could not be reached or failed.
	StampUnavailable Code = "stamp_unavailable"
	// Unavailable means Sello cannot serve right now (shutting down, storage not ready).
	Unavailable Code = "unavailable"
	// FileNotFound means a stored file is not available.
	FileNotFound Code = "file_not_found"
	// FileUpload means an uploaded file part is missing, empty or too large.
	FileUpload Code = "file_upload"
	// InvalidFile means an uploaded file cannot be parsed or does not fit.
	InvalidFile Code = "invalid_file"
	// Database means a storage operation failed.
	Database Code = "database"
	// DataIntegrity means stored data is inconsistent.
	DataIntegrity Code = "data_integrity"
	// Internal means an unexpected failure.
	Internal Code = "internal"
)

// FieldError is one problem with one input field.
type FieldError struct {
	// Field is the path of the field, with dots and [index]: "items[0].unit_price".
	Field string
	// Problem says what is wrong, in a sentence safe to show.
	Problem string
	// Missing is true when the field is required and absent.
	Missing bool
	// SATCode is the SAT rule that failed (for example "CFDI40108"), if any.
	SATCode string
}

// String renders the field error as "<field>: <problem>", prefixed by the SAT
// code when there is one.
func (f FieldError) String() string {
	p := f.Problem
	if f.SATCode != "" {
		p = f.SATCode + ": " + p
	}
	if f.Field == "" {
		return p
	}
	return f.Field + ": " + p
}

// Error is the one error type of Sello. Message is safe to show to a caller;
// Err is the internal cause, which is logged and never rendered.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	for _, f := range e.Fields {
		s += "; " + f.String()
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with the given code and message around an internal cause.
func Wrap(code Code, err error, message string) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Problems collects field errors; Err returns nil when there are none.
type Problems []FieldError

// Add records a bad value.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
}

// Rule records a bad value that breaks the SAT rule satCode (a row of the
// SAT's error matrix, "CFDI40114"), named in the problem.
func (p *Problems) Rule(field, satCode, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...), SATCode: satCode})
}

// MissingRule records a missing required field that a rule of the SAT's
// error matrix requires (satCode, e.g. "CFDI40115").
func (p *Problems) MissingRule(field, satCode string) {
	*p = append(*p, FieldError{Field: field, Problem: "is required", Missing: true, SATCode: satCode})
}

// Missing records a missing required field.
func (p *Problems) Missing(field string) {
	*p = append(*p, FieldError{Field: field, Problem: "is required", Missing: true})
}

// Err returns an Invalid *Error listing the problems, or nil when there are none.
func (p Problems) Err(message string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: message, Fields: append([]FieldError(nil), p...)}
}
