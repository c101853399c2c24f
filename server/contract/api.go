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

// RatingRequest is the body of POST /api/v1/ratings. Ticket is the ticket's
// id or its number today. A counter's rating tablet (a device bound to that
// counter) rates the tickets its counter served; any other kiosk must also
// give Code, the short code printed on the ticket, so only the citizen
// holding the paper can rate it.
type RatingRequest struct {
	Ticket string `json:"ticket"`
	Code   string `json:"code,omitempty"`
	Score  int    `json:"score"`
	Reason string `json:"reason"`
}

// RatingCheckRequest is the body of POST /api/v1/ratings/check: the ticket
// and code a citizen typed at an entrance kiosk (Ticket and Code as in
// RatingRequest), checked before the kiosk shows the faces.
type RatingCheckRequest struct {
	Ticket string `json:"ticket"`
	Code   string `json:"code,omitempty"`
}

// RatingCheck is the answer to POST /api/v1/ratings/check when the caller
// may rate the ticket: what the kiosk shows above the faces, so the citizen
// sees which visit they are rating. It names the counter, never the
// official: no screen of the centre shows who sits at a counter.
type RatingCheck struct {
	Number        string `json:"number"`
	Procedure     string `json:"procedure"`
	ProcedureName Text   `json:"procedure_name"`
	Counter       int    `json:"counter"`
	CounterName   Text   `json:"counter_name"`
}

// ReasonOther is the "other reason" choice of an unsatisfied rating. Chosen
// alone it says nothing, so the server requires the citizen's own words
// after it: "Lý do khác: …".
const ReasonOther = "Lý do khác"

// CounterClaim says which official holds a counter: the one whose console
// opened it. Another official's actions at that counter are refused with
// CodeCounterNotYours until the holder or an administrator releases it.
type CounterClaim struct {
	Counter   int       `json:"counter"`
	Username  string    `json:"username"`
	ClaimedAt time.Time `json:"claimed_at"`
}

// DeviceRequest is the body of POST /api/v1/devices. A name already in use
// is refused unless Replace is set, which gives the device a new token (the
// old one stops working at once). Counter binds a kiosk as the rating
// tablet of that counter.
type DeviceRequest struct {
	Name    string `json:"name"`
	Role    string `json:"role"`
	Counter int    `json:"counter,omitempty"`
	Replace bool   `json:"replace,omitempty"`
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
	// CodeLocked refuses what repeated wrong secrets have locked: an
	// account after wrong passwords, or a ticket's rating code after too
	// many wrong codes (rate it at the counter's tablet or on the phone).
	CodeLocked       = "locked"
	CodeNotFound     = "not_found"
	CodeQueueEmpty   = "queue_empty"
	CodeConflict     = "conflict"
	CodeAlreadyRated = "already_rated"
	CodeCounterBusy  = "counter_busy"
	CodeNoTicket     = "no_ticket"
	// CodeCounterNotYours refuses an action at a counter another official
	// holds (see CounterClaim).
	CodeCounterNotYours = "counter_not_yours"
	// CodeRatingNotAllowed refuses a rating from a device or with a code
	// that does not prove the right to rate this ticket.
	CodeRatingNotAllowed = "rating_not_allowed"
	// CodeRateLimited refuses a device that reports alerts faster than any
	// real trouble needs, or sign-ins from an address that tries too often:
	// wait Retry-After.
	CodeRateLimited = "rate_limited"
	CodeTooLarge    = "too_large"
	CodeMethod      = "method_not_allowed"
	CodeUnavailable = "unavailable"
	CodeInternal    = "internal"
	// CodeMediaType: the body is not in the one format the route takes.
	CodeMediaType = "unsupported_media_type"
)

// ErrorCodes is every code above, for the API's test that each has a status
// and for clients that list them.
var ErrorCodes = []string{
	CodeBadRequest, CodeInvalid, CodeUnauthorized, CodeForbidden, CodeCSRF, CodeLocked, CodeNotFound,
	CodeQueueEmpty, CodeConflict, CodeAlreadyRated, CodeCounterBusy, CodeNoTicket, CodeTooLarge, CodeMethod,
	CodeUnavailable, CodeInternal, CodeCounterNotYours, CodeRatingNotAllowed, CodeRateLimited, CodeMediaType,
}
