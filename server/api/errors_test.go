package api

import (
	"net/http"
	"testing"

	"motcua/server/contract"
)

// TestEveryCodeHasAStatus keeps the code → status table whole: a code the
// domain can return but the table forgot would answer 500.
func TestEveryCodeHasAStatus(t *testing.T) {
	for _, code := range contract.ErrorCodes {
		if _, ok := statuses[code]; !ok {
			t.Errorf("code %q has no HTTP status in api.statuses", code)
		}
	}
	if got := StatusOf("no-such-code"); got != http.StatusInternalServerError {
		t.Errorf("unknown code → %d, want 500", got)
	}
	if got := StatusOf(contract.CodeLocked); got != http.StatusTooManyRequests {
		t.Errorf("locked → %d, want 429", got)
	}
}
