package contract

import "time"

// APIPrefix is where the JSON API lives.
const APIPrefix = "/api/v1"

// Roles a caller can have. Users are admin or staff; devices are kiosk or
// display.
const (
	RoleAdmin   = "admin"
	RoleStaff   = "staff"
	RoleKiosk   = "kiosk"
	RoleDisplay = "display"
)

// LoginRequest is the body of POST /api/v1/login.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// Session is the answer to a successful login. Browsers use the cookie the
// server sets and send CSRFToken in the X-CSRF-Token header of every
// state-changing call; programs send Token as "Authorization: Bearer …".
type Session struct {
	Token     string    `json:"token"`
	CSRFToken string    `json:"csrf_token"`
	Username  string    `json:"username"`
	Role      string    `json:"role"`
	ExpiresAt time.Time `json:"expires_at"`
}

// IssueTicketRequest is the body of POST /api/v1/tickets.
type IssueTicketRequest struct {
	Procedure string   `json:"procedure"`
	Priority  Priority `json:"priority"`
}

// TransferRequest is the body of POST /api/v1/counters/{n}/transfer: exactly
// one of Queue and Counter is set.
type TransferRequest struct {
	Queue   string `json:"queue,omitempty"`
	Counter int    `json:"counter,omitempty"`
}

// CallNumberRequest is the body of POST /api/v1/counters/{n}/call.
type CallNumberRequest struct {
	Number string `json:"number"`
}

// RatingRequest is the body of POST /api/v1/ratings.
type RatingRequest struct {
	Ticket string `json:"ticket"`
	Score  int    `json:"score"`
	Reason string `json:"reason"`
}

// FaultRequest is the body of POST /api/v1/faults (kiosk token).
type FaultRequest struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Ticket  string `json:"ticket,omitempty"`
}

// ErrorBody is every error the API returns:
//
//	{"error":{"code":"queue_empty","message":"…"}}
//
// Code is stable and meant for programs; Message is for people, in
// Vietnamese with the English after it where useful.
type ErrorBody struct {
	Error APIError `json:"error"`
}

// APIError is the inside of ErrorBody. It is also the error the Go client
// returns, so callers can switch on Code.
type APIError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Details lists every problem found, e.g. one line per bad CSV row.
	Details []string `json:"details,omitempty"`
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// Stable error codes.
const (
	CodeBadRequest   = "bad_request"
	CodeInvalid      = "invalid"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeCSRF         = "csrf"
	CodeLocked       = "locked"
	CodeNotFound     = "not_found"
	CodeQueueEmpty   = "queue_empty"
	CodeConflict     = "conflict"
	CodeAlreadyRated = "already_rated"
	CodeCounterBusy  = "counter_busy"
	CodeNoTicket     = "no_ticket"
	CodeTooLarge     = "too_large"
	CodeMethod       = "method_not_allowed"
	CodeUnavailable  = "unavailable"
	CodeInternal     = "internal"
	// CodeRateLimited: too many attempts from one address; wait Retry-After.
	CodeRateLimited = "rate_limited"
	// CodeMediaType: the body is not in the one format the route takes.
	CodeMediaType = "unsupported_media_type"
)

// ErrorCodes is every code above, for the API's test that each has a status
// and for clients that list them.
var ErrorCodes = []string{
	CodeBadRequest, CodeInvalid, CodeUnauthorized, CodeForbidden, CodeCSRF, CodeLocked, CodeNotFound,
	CodeQueueEmpty, CodeConflict, CodeAlreadyRated, CodeCounterBusy, CodeNoTicket, CodeTooLarge, CodeMethod,
	CodeUnavailable, CodeInternal, CodeRateLimited, CodeMediaType,
}
