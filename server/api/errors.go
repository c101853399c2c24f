package api

import (
	"net/http"

	"motcua/server/contract"
)

// statuses is the one table from a domain error code to the HTTP status the
// API answers with. Domain packages return coded errors and never choose a
// status; a code missing here is the server's fault and answers 500, which
// TestEveryCodeHasAStatus catches before it ships.
var statuses = map[string]int{
	contract.CodeBadRequest:   http.StatusBadRequest,
	contract.CodeInvalid:      http.StatusBadRequest,
	contract.CodeUnauthorized: http.StatusUnauthorized,
	contract.CodeForbidden:    http.StatusForbidden,
	contract.CodeCSRF:         http.StatusForbidden,
	contract.CodeLocked:       http.StatusTooManyRequests,
	contract.CodeRateLimited:  http.StatusTooManyRequests,
	contract.CodeMediaType:    http.StatusUnsupportedMediaType,
	contract.CodeNotFound:     http.StatusNotFound,
	contract.CodeQueueEmpty:   http.StatusNotFound,
	contract.CodeNoTicket:     http.StatusNotFound,
	contract.CodeConflict:     http.StatusConflict,
	contract.CodeAlreadyRated: http.StatusConflict,
	contract.CodeCounterBusy:  http.StatusConflict,
	contract.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	contract.CodeMethod:       http.StatusMethodNotAllowed,
	contract.CodeUnavailable:  http.StatusServiceUnavailable,
	contract.CodeInternal:     http.StatusInternalServerError,

	contract.CodeCounterNotYours:  http.StatusForbidden,
	contract.CodeRatingNotAllowed: http.StatusForbidden,
}

// StatusOf is the HTTP status for a domain error code.
func StatusOf(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
