// Package coded is the server's domain error: a stable code a program can
// switch on and a message a person can read (Vietnamese, then English).
// Domain packages (queue, auth, catalogue, store users) return these and
// know nothing of HTTP; the API maps each code to a status in one table
// (server/api/errors.go), as benbjohnson/wtf does.
package coded

import (
	"errors"
	"fmt"
)

// Error is a refusal the caller can act on. Code is one of the contract's
// Code* constants, so the same word reaches the wire.
type Error struct {
	Code    string
	Message string
	// Details lists every problem found, e.g. one line per bad CSV row.
	Details []string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// New returns an Error with code and msg.
func New(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Errorf returns an Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Code is err's code, or "" when err is not (and does not wrap) an Error.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
