package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

const secondStaff, secondPassword = "canbo2", "mat-khau-can-bo-2"

func addStaff(t *testing.T, srv *servertest.Server) string {
	t.Helper()
	if err := srv.Auth.AddUser(context.Background(), secondStaff, secondPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	return sessionToken(t, srv, secondStaff, secondPassword)
}

// TestCounterNotYoursOverHTTP: the console's official holds the counter it
// opened; another official's claim and actions there get 403
// counter_not_yours (the old code let them call and finish); an admin
// releases it; signing out frees it.
func TestCounterNotYoursOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	one := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	two := addStaff(t, srv)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	srv.Kiosk().Issue(context.Background(), "2.000815", "")

	status, _, b := call(t, srv, "POST", "/api/v1/counters/1/claim", one, nil)
	var c contract.CounterClaim
	if json.Unmarshal(b, &c); status != 200 || c.Username != servertest.StaffUser || c.Counter != 1 {
		t.Fatalf("claim: %d %s", status, b)
	}
	for _, act := range []string{"claim", "call-next", "recall", "start", "finish", "no-show", "release"} {
		if status, code, _ := call(t, srv, "POST", "/api/v1/counters/1/"+act, two, nil); status != 403 || code != contract.CodeCounterNotYours {
			t.Errorf("%s by another official: %d %s", act, status, code)
		}
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/counters/1/call", two, []byte(`{"number":"A001"}`)); status != 403 || code != contract.CodeCounterNotYours {
		t.Errorf("call by number by another official: %d %s", status, code)
	}
	if status, _, b := call(t, srv, "POST", "/api/v1/counters/1/release", admin, nil); status != 204 {
		t.Fatalf("admin release: %d %s", status, b)
	}
	if status, _, b := call(t, srv, "POST", "/api/v1/counters/1/claim", two, nil); status != 200 {
		t.Fatalf("claim after the release: %d %s", status, b)
	}
	if status, _, _ := call(t, srv, "POST", "/api/v1/logout", two, nil); status != 204 {
		t.Fatalf("logout: %d", status)
	}
	if status, _, b := call(t, srv, "POST", "/api/v1/counters/1/claim", one, nil); status != 200 {
		t.Fatalf("claim after the holder signed out: %d %s", status, b)
	}
	var actions []string
	for _, a := range auditLog(t, srv) {
		if strings.HasPrefix(a.Action, "counter.") {
			actions = append(actions, a.Actor+" "+a.Action)
		}
	}
	want := "canbo1 counter.claim|canbo2 counter.release|canbo2 counter.claim|quantri counter.release|canbo1 counter.claim"
	if got := strings.Join(actions, "|"); got != want {
		t.Fatalf("audit (newest first) %s, want %s", got, want)
	}
}

// wsDial opens the event stream with token as a bearer credential.
func wsDial(t *testing.T, srv *servertest.Server, token string) *websocket.Conn {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + token}}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/ws", h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// waitClosed reads conn until the server closes it and returns the close
// code. The deadline only bounds a failing test: the server must close at
// once, not at its next ping (54 s) as before.
func waitClosed(t *testing.T, conn *websocket.Conn) int {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := conn.ReadMessage()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			t.Fatalf("connection not closed by the server: %v", err)
		}
	}
}

// waitSessions waits until the server has registered n open websockets, so
// a revocation is not raced against the connection's own set-up.
func waitSessions(t *testing.T, srv *servertest.Server, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d open websocket sessions", n), func() bool { return srv.API.OpenSessions() == n })
}

// TestRevokeClosesWebsocket: revoking a device, re-issuing its token, or
// signing out closes the websockets opened with that credential at once
// with close code 1008, and leaves the others open.
func TestRevokeClosesWebsocket(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	staff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	otherStaff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)

	display := wsDial(t, srv, srv.DisplayToken)
	kiosk := wsDial(t, srv, srv.KioskToken)
	session := wsDial(t, srv, staff)
	other := wsDial(t, srv, otherStaff)
	waitSessions(t, srv, 4)

	if status, _, b := call(t, srv, "DELETE", "/api/v1/devices/display-test", admin, nil); status != 204 {
		t.Fatalf("revoke: %d %s", status, b)
	}
	if code := waitClosed(t, display); code != websocket.ClosePolicyViolation {
		t.Fatalf("revoked display closed with %d", code)
	}
	status, _, b := call(t, srv, "POST", "/api/v1/devices", admin, []byte(`{"name":"kiosk-test","role":"kiosk","replace":true}`))
	if status != 201 {
		t.Fatalf("replace: %d %s", status, b)
	}
	if code := waitClosed(t, kiosk); code != websocket.ClosePolicyViolation {
		t.Fatalf("kiosk with a replaced token closed with %d", code)
	}
	if status, _, _ := call(t, srv, "POST", "/api/v1/logout", staff, nil); status != 204 {
		t.Fatalf("logout: %d", status)
	}
	if code := waitClosed(t, session); code != websocket.ClosePolicyViolation {
		t.Fatalf("signed-out session closed with %d", code)
	}
	// The same official's other session is still open and still fed.
	waitSessions(t, srv, 1)
	var tok struct{ Token string }
	json.Unmarshal(b, &tok)
	k, _ := client.New(srv.URL, tok.Token) // the kiosk's new token works
	if _, err := k.Issue(context.Background(), "2.000815", ""); err != nil {
		t.Fatal(err)
	}
	if ev := readEvent(t, other); ev.Type != contract.EventTicketIssued {
		t.Fatalf("the other session got %s", ev.Type)
	}
}

// TestDisablingUserClosesWebsocket: an admin disabling an account, or the
// user changing their password, ends its sessions and their event streams
// at once.
func TestDisablingUserClosesWebsocket(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	two := addStaff(t, srv)
	conn := wsDial(t, srv, two)
	waitSessions(t, srv, 1)
	if status, _, b := call(t, srv, "PATCH", "/api/v1/users/"+secondStaff, admin, []byte(`{"disabled":true}`)); status != 200 {
		t.Fatalf("disable: %d %s", status, b)
	}
	if code := waitClosed(t, conn); code != websocket.ClosePolicyViolation {
		t.Fatalf("disabled user's stream closed with %d", code)
	}
	// A password change ends every session of the user, streams included.
	one := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	conn = wsDial(t, srv, one)
	waitSessions(t, srv, 1)
	body, _ := json.Marshal(map[string]string{"old": servertest.StaffPassword, "new": "mat-khau-moi-rat-dai"})
	if status, _, b := call(t, srv, "POST", "/api/v1/password", one, body); status != 204 {
		t.Fatalf("password: %d %s", status, b)
	}
	if code := waitClosed(t, conn); code != websocket.ClosePolicyViolation {
		t.Fatalf("stream after a password change closed with %d", code)
	}
}

// TestDeviceAddNeedsReplace: adding a device under a name in use is a 409
// (the old code silently re-issued the token and cut the kiosk off);
// "replace": true does it on purpose; a counter binds a rating tablet.
func TestDeviceAddNeedsReplace(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	if status, code, _ := call(t, srv, "POST", "/api/v1/devices", admin, []byte(`{"name":"kiosk-test","role":"kiosk"}`)); status != 409 || code != contract.CodeConflict {
		t.Fatalf("add over an existing name: %d %s", status, code)
	}
	if _, err := srv.Kiosk().Help(context.Background()); err != nil {
		t.Fatalf("a refused add broke the kiosk: %v", err)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/devices", admin, []byte(`{"name":"tv-2","role":"display","counter":2}`)); status != 400 || code != contract.CodeInvalid {
		t.Fatalf("a display bound to a counter: %d %s", status, code)
	}
	status, _, b := call(t, srv, "POST", "/api/v1/devices", admin, []byte(`{"name":"tablet-2","role":"kiosk","counter":2}`))
	if status != 201 {
		t.Fatalf("tablet: %d %s", status, b)
	}
	_, _, b = call(t, srv, "GET", "/api/v1/devices", admin, nil)
	if !strings.Contains(string(b), `"name":"tablet-2","role":"kiosk","counter":2`) {
		t.Fatalf("device list: %s", b)
	}
}

// TestRatingBoundOverHTTP: an entrance kiosk cannot rate a number it only
// knows (the old code accepted it and pre-empted the citizen); a tablet
// bound to another counter is refused; the serving counter's tablet and the
// ticket's printed code are accepted.
func TestRatingBoundOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	kiosk, staff := srv.Kiosk(), srv.Staff()
	cat, _ := kiosk.Catalogue(ctx)
	q, _ := cat.QueueOf("2.000884")
	n := cat.CountersFor(q.Prefix)[0]
	tablet := func(name string, counter int) *client.Client {
		_, _, b := call(t, srv, "POST", "/api/v1/devices", admin, []byte(fmt.Sprintf(`{"name":%q,"role":"kiosk","counter":%d}`, name, counter)))
		var out struct{ Token string }
		json.Unmarshal(b, &out)
		c, _ := client.New(srv.URL, out.Token)
		return c
	}
	mine, wrong := tablet("tablet-mine", n), tablet("tablet-other", n+100)
	serve := func() contract.Ticket {
		tk, err := kiosk.Issue(ctx, "2.000884", "")
		if err != nil || len(tk.Code) != 6 {
			t.Fatalf("issue: %+v %v", tk, err)
		}
		if _, err := staff.CallNext(ctx, n); err != nil {
			t.Fatal(err)
		}
		if _, err := staff.Finish(ctx, n); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	a := serve()
	status, code, _ := call(t, srv, "POST", "/api/v1/ratings", srv.KioskToken, []byte(fmt.Sprintf(`{"ticket":%q,"score":3}`, a.Number)))
	if status != 400 || code != contract.CodeInvalid {
		t.Fatalf("number without code: %d %s", status, code)
	}
	status, code, _ = call(t, srv, "POST", "/api/v1/ratings", srv.KioskToken, []byte(fmt.Sprintf(`{"ticket":%q,"code":"x%s","score":3}`, a.Number, a.Code)))
	if status != 403 || code != contract.CodeRatingNotAllowed {
		t.Fatalf("wrong code: %d %s", status, code)
	}
	if _, err := wrong.Rate(ctx, contract.RatingRequest{Ticket: a.ID, Score: 3}); client.Code(err) != contract.CodeRatingNotAllowed {
		t.Fatalf("another counter's tablet: %v", err)
	}
	if r, err := mine.Rate(ctx, contract.RatingRequest{Ticket: a.ID, Score: 3}); err != nil || r.Counter != n {
		t.Fatalf("the serving counter's tablet: %+v %v", r, err)
	}
	b := serve()
	if _, err := kiosk.Rate(ctx, contract.RatingRequest{Ticket: b.Number, Code: b.Code, Score: 1, Reason: contract.ReasonOther}); client.Code(err) != contract.CodeInvalid {
		t.Fatalf("bare other reason: %v", err)
	}
	if _, err := kiosk.Rate(ctx, contract.RatingRequest{Ticket: b.Number, Code: b.Code, Score: 1, Reason: contract.ReasonOther + ": ồn"}); err != nil {
		t.Fatalf("number and code: %v", err)
	}
	// The code is in the issue answer only.
	got, _ := kiosk.Ticket(ctx, b.ID)
	st, _ := kiosk.State(ctx)
	raw, _ := json.Marshal(st)
	if got.Code != "" || strings.Contains(string(raw), `"code"`) {
		t.Fatalf("code leaked: ticket %+v, state has code: %v", got, strings.Contains(string(raw), `"code"`))
	}
}

// TestAlertFloodOverHTTP: one kiosk sending 3,000 fault reports with new
// kinds (as in the incident) is answered 429 rate_limited after its burst,
// and /state stays small.
func TestAlertFloodOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	before, _ := json.Marshal(must(srv.Display().State(ctx)))
	limited := 0
	for i := range 3000 {
		body := fmt.Sprintf(`{"kind":"k%d","message":"%s"}`, i, strings.Repeat("x", 200))
		status, code, _ := call(t, srv, "POST", "/api/v1/faults", srv.KioskToken, []byte(body))
		switch {
		case status == 429 && code == contract.CodeRateLimited:
			limited++
		case status != 201:
			t.Fatalf("report %d: %d %s", i, status, code)
		}
	}
	after, _ := json.Marshal(must(srv.Display().State(ctx)))
	if limited < 2900 || len(after) > len(before)+8*1024 {
		t.Fatalf("%d of 3000 refused; /state %d → %d bytes", limited, len(before), len(after))
	}
	t.Logf("/state %d → %d bytes after 3000 reports (%d refused)", len(before), len(after), limited)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
