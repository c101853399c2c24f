package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// checkBody is the JSON of a rating check.
func checkBody(ticket, code string) []byte {
	b, _ := json.Marshal(contract.RatingCheckRequest{Ticket: ticket, Code: code})
	return b
}

// wrongCode is a six-digit code that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// issueFor issues a ticket for the procedure and returns it with the first
// counter that serves its queue.
func issueFor(t testing.TB, srv *servertest.Server, procedure string) (contract.Ticket, int) {
	t.Helper()
	ctx := context.Background()
	tk, err := srv.Kiosk().Issue(ctx, procedure, "")
	if err != nil || len(tk.Code) != 6 {
		t.Fatalf("issue: %+v %v", tk, err)
	}
	return tk, srv.Engine.Catalogue().CountersFor(tk.Queue)[0]
}

// finish has counter n call, start and finish the next ticket.
func finish(t testing.TB, staff *client.Client, n int) {
	t.Helper()
	ctx := context.Background()
	for _, step := range []func(context.Context, int) (contract.Ticket, error){staff.CallNext, staff.Start, staff.Finish} {
		if _, err := step(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRatingCheckOverHTTP walks every answer of POST /ratings/check: the
// same refusals as POST /ratings in the same cases, and for a ticket the
// caller may rate, what the kiosk shows above the faces, without saving
// anything.
func TestRatingCheckOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	k, staff := srv.KioskToken, srv.Staff()
	tk, n := issueFor(t, srv, "2.000884")
	cases := []struct {
		name, ticket, code string
		status             int
		errCode            string
	}{
		{"not served yet, by number", tk.Number, tk.Code, 409, contract.CodeConflict},
		{"not served yet, by id", tk.ID, tk.Code, 409, contract.CodeConflict},
		{"unknown number", tk.Queue + "999", "123456", 404, contract.CodeNotFound},
		{"unknown id", "nosuchticketid", "123456", 404, contract.CodeNotFound},
		{"no code from an entrance kiosk", tk.Number, "", 400, contract.CodeInvalid},
		{"no ticket", "", "123456", 400, contract.CodeInvalid},
		{"code too long", tk.Number, "12345678901234567", 400, contract.CodeInvalid},
	}
	for _, c := range cases {
		if status, code, b := call(t, srv, "POST", "/api/v1/ratings/check", k, checkBody(c.ticket, c.code)); status != c.status || code != c.errCode {
			t.Errorf("%s: %d %s (%s), want %d %s", c.name, status, code, b, c.status, c.errCode)
		}
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/ratings/check", k, []byte(`{"ticket":"A001","code":"123456","score":3}`)); status != 400 || code != contract.CodeBadRequest {
		t.Errorf("a score in a check: %d %s, want 400 bad_request", status, code)
	}

	finish(t, staff, n)
	status, code, b := call(t, srv, "POST", "/api/v1/ratings/check", k, checkBody(tk.Number, wrongCode(tk.Code)))
	if status != 403 || code != contract.CodeRatingNotAllowed {
		t.Fatalf("wrong code: %d %s %s", status, code, b)
	}
	status, _, b = call(t, srv, "POST", "/api/v1/ratings/check", k, checkBody(tk.Number, tk.Code))
	if status != 200 {
		t.Fatalf("right code: %d %s", status, b)
	}
	var got contract.RatingCheck
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	cat := srv.Engine.Catalogue()
	p, _ := cat.Procedure("2.000884")
	counter, _ := cat.Counter(n)
	want := contract.RatingCheck{Number: tk.Number, Procedure: "2.000884", ProcedureName: p.Short(), Counter: n, CounterName: counter.Name}
	if got.Number != want.Number || got.Procedure != want.Procedure || got.ProcedureName != want.ProcedureName ||
		got.Counter != want.Counter || got.CounterName != want.CounterName || got.ProcedureName.VI == "" || got.CounterName.VI == "" {
		t.Fatalf("check answered %+v, want %+v", got, want)
	}
	var raw map[string]any
	json.Unmarshal(b, &raw)
	for _, secret := range []string{"id", "code", "ticket"} {
		if _, ok := raw[secret]; ok {
			t.Errorf("the check answer carries %q: %s", secret, b)
		}
	}

	// The check saved nothing: the rating is still to be given, and then
	// the check says it has been.
	st, _ := srv.Staff().State(ctx)
	if _, err := srv.Kiosk().Rate(ctx, contract.RatingRequest{Ticket: tk.Number, Code: tk.Code, Score: 3}); err != nil {
		t.Fatalf("rating after a check: %v", err)
	}
	if evs := eventsSince(t, srv, st.Seq, contract.EventRatingCreated); evs != 1 {
		t.Errorf("%d rating.created events after a check and a rating, want 1", evs)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/ratings/check", k, checkBody(tk.Number, tk.Code)); status != 409 || code != contract.CodeAlreadyRated {
		t.Errorf("check of a rated ticket: %d %s", status, code)
	}
	// "Already rated" is told only with the right code.
	if status, code, _ := call(t, srv, "POST", "/api/v1/ratings/check", k, checkBody(tk.Number, wrongCode(tk.Code))); status != 403 || code != contract.CodeRatingNotAllowed {
		t.Errorf("check of a rated ticket with a wrong code: %d %s", status, code)
	}
}

// eventsSince counts the events of typ after seq.
func eventsSince(t *testing.T, srv *servertest.Server, seq int64, typ contract.EventType) int {
	t.Helper()
	evs, _, err := srv.DB.EventsSince(context.Background(), seq, 1000, srv.Engine.Location())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Event.Type == typ {
			n++
		}
	}
	return n
}

// TestRatingCheckCountsTowardTheLock: wrong codes sent to the check and to
// POST /ratings add up to one lock: checking first gives no extra guesses,
// and once locked both refuse the right code with "locked".
func TestRatingCheckCountsTowardTheLock(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	tk, n := issueFor(t, srv, "2.000884")
	finish(t, srv.Staff(), n)
	kiosk := srv.Kiosk()
	wrong := wrongCode(tk.Code)
	for i := 0; i < 5; i++ { // the limit: 5 wrong codes per ticket and day
		var err error
		if i%2 == 0 {
			_, err = kiosk.CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk.Number, Code: wrong})
		} else {
			_, err = kiosk.Rate(ctx, contract.RatingRequest{Ticket: tk.Number, Code: wrong, Score: 3})
		}
		if client.Code(err) != contract.CodeRatingNotAllowed {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	status, code, _ := call(t, srv, "POST", "/api/v1/ratings/check", srv.KioskToken, checkBody(tk.Number, tk.Code))
	if status != 429 || code != contract.CodeLocked {
		t.Fatalf("check after 5 wrong codes: %d %s, want 429 locked", status, code)
	}
	if _, err := kiosk.Rate(ctx, contract.RatingRequest{Ticket: tk.Number, Code: tk.Code, Score: 3}); client.Code(err) != contract.CodeLocked {
		t.Fatalf("rating after 5 wrong codes: %v, want locked", err)
	}
	// The counter's tablet still rates it: the lock is on the code path.
	if _, err := srv.Tablet(n).CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk.ID}); err != nil {
		t.Fatalf("the serving counter's tablet after the lock: %v", err)
	}

	// Four wrong checks leave the fifth try to the citizen.
	tk2, n2 := issueFor(t, srv, "2.000884")
	finish(t, srv.Staff(), n2)
	for i := 0; i < 4; i++ {
		if _, err := kiosk.CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk2.Number, Code: wrongCode(tk2.Code)}); client.Code(err) != contract.CodeRatingNotAllowed {
			t.Fatalf("wrong check %d: %v", i+1, err)
		}
	}
	if _, err := kiosk.CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk2.Number, Code: tk2.Code}); err != nil {
		t.Fatalf("right code after 4 wrong ones: %v", err)
	}
	if _, err := kiosk.Rate(ctx, contract.RatingRequest{Ticket: tk2.Number, Code: tk2.Code, Score: 2}); err != nil {
		t.Fatalf("rating after 4 wrong checks and a right one: %v", err)
	}
}

// TestRatingCheckTabletBinding: a counter's rating tablet checks, without a
// code, only the tickets its own counter served, exactly as it rates.
func TestRatingCheckTabletBinding(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	tk, n := issueFor(t, srv, "2.000884")
	finish(t, srv.Staff(), n)
	mine, other := srv.Tablet(n), srv.Tablet(n+100)
	got, err := mine.CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk.ID})
	if err != nil || got.Number != tk.Number || got.Counter != n {
		t.Fatalf("the serving counter's tablet: %+v %v", got, err)
	}
	if _, err := other.CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk.ID}); client.Code(err) != contract.CodeRatingNotAllowed {
		t.Fatalf("another counter's tablet, check: %v", err)
	}
	if _, err := other.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 3}); client.Code(err) != contract.CodeRatingNotAllowed {
		t.Fatalf("another counter's tablet, rating: %v", err)
	}
	// A tablet is refused whatever code it adds, and its refusals never
	// count toward the ticket's code lock.
	token := tabletToken(t, srv, n+100)
	for i := 0; i < 6; i++ {
		body := checkBody(tk.Number, tk.Code)
		if status, code, b := call(t, srv, "POST", "/api/v1/ratings/check", token, body); status != 403 || code != contract.CodeRatingNotAllowed {
			t.Fatalf("another counter's tablet with the code: %d %s %s", status, code, b)
		}
	}
	if _, err := srv.Kiosk().CheckRating(ctx, contract.RatingCheckRequest{Ticket: tk.Number, Code: tk.Code}); err != nil {
		t.Fatalf("the citizen's code after another tablet's refusals: %v", err)
	}
}

// tabletToken registers (again) the rating tablet of counter n and returns
// its new token.
func tabletToken(t *testing.T, srv *servertest.Server, n int) string {
	t.Helper()
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	_, _, b := call(t, srv, "POST", "/api/v1/devices", admin,
		[]byte(fmt.Sprintf(`{"name":"tablet-%d","role":"kiosk","counter":%d,"replace":true}`, n, n)))
	var out struct{ Token string }
	if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
		t.Fatalf("register tablet %d: %s", n, b)
	}
	return out.Token
}
