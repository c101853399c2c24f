package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"motcua/server/api"
	"motcua/server/auth"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// call sends a request with an optional bearer token and returns the status
// and the decoded error code (if any).
func call(t *testing.T, srv *servertest.Server, method, path, token string, body []byte) (int, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var eb contract.ErrorBody
	if resp.StatusCode >= 400 {
		if err := json.Unmarshal(b, &eb); err != nil || eb.Error.Code == "" || eb.Error.Message == "" {
			t.Fatalf("%s %s: status %d with a body that is not the error JSON: %q", method, path, resp.StatusCode, b)
		}
	}
	return resp.StatusCode, eb.Error.Code, b
}

func sessionToken(t *testing.T, srv *servertest.Server, user, password string) string {
	t.Helper()
	body, _ := json.Marshal(contract.LoginRequest{Username: user, Password: password})
	status, _, b := call(t, srv, "POST", "/api/v1/login", "", body)
	if status != 200 {
		t.Fatalf("login %s: %d %s", user, status, b)
	}
	var s contract.Session
	json.Unmarshal(b, &s)
	return s.Token
}

// TestDuplicateRoleKeyMakesNoUser: {"role":"admin","role":"staff"} once
// made a staff user after a check that may have read the other key; now
// the request is refused whole and no account exists.
func TestDuplicateRoleKeyMakesNoUser(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	body := []byte(`{"username":"canbo7","password":"mat-khau-dai-du","role":"admin","role":"staff"}`)
	status, code, b := call(t, srv, "POST", "/api/v1/users", admin, body)
	if status != 400 || code != contract.CodeBadRequest {
		t.Fatalf("duplicate role: %d %s %s, want 400", status, code, b)
	}
	body, _ = json.Marshal(contract.LoginRequest{Username: "canbo7", Password: "mat-khau-dai-du"})
	if status, _, _ := call(t, srv, "POST", "/api/v1/login", "", body); status == 200 {
		t.Fatal("the refused account exists and signs in")
	}
}

// TestEveryRouteRefusesAnonymousAndWrongRoles walks the route table: each
// protected route answers 401 to nobody and 403 to every role it does not
// list, before it looks at the request.
func TestEveryRouteRefusesAnonymousAndWrongRoles(t *testing.T) {
	srv := servertest.New(t)
	tokens := map[string]string{
		contract.RoleKiosk:   srv.KioskToken,
		contract.RoleDisplay: srv.DisplayToken,
		contract.RoleStaff:   sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword),
		contract.RoleAdmin:   sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword),
	}
	path := strings.NewReplacer("{n}", "1", "{id}", "1", "{name}", "nobody")
	protected := 0
	for _, rt := range srv.API.Routes() {
		if len(rt.Roles) == 0 {
			continue
		}
		protected++
		p := path.Replace(rt.Pattern)
		if status, code, _ := call(t, srv, rt.Method, p, "", []byte("{}")); status != 401 || code != contract.CodeUnauthorized {
			t.Errorf("%s %s anonymous: %d %s", rt.Method, p, status, code)
		}
		if status, _, _ := call(t, srv, rt.Method, p, "s_forged-token-that-does-not-exist", []byte("{}")); status != 401 {
			t.Errorf("%s %s forged token: %d", rt.Method, p, status)
		}
		for role, token := range tokens {
			if (auth.Principal{Role: role}).Is(rt.Roles...) {
				continue
			}
			if status, code, _ := call(t, srv, rt.Method, p, token, []byte("{}")); status != 403 || code != contract.CodeForbidden {
				t.Errorf("%s %s as %s: %d %s, want 403", rt.Method, p, role, status, code)
			}
		}
	}
	if protected < 20 {
		t.Fatalf("only %d protected routes found", protected)
	}
}

func TestCookieSessionNeedsCSRF(t *testing.T) {
	srv := servertest.New(t)
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	body, _ := json.Marshal(contract.LoginRequest{Username: servertest.StaffUser, Password: servertest.StaffPassword})
	resp, err := hc.Post(srv.URL+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var sess contract.Session
	json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{api.SessionCookie + "=", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("Set-Cookie %q lacks %s", cookie, want)
		}
	}
	post := func(csrf string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/counters/1/call-next", nil)
		if csrf != "" {
			req.Header.Set(api.CSRFHeader, csrf)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := post(""); s != 403 {
		t.Fatalf("cookie POST without CSRF token: %d", s)
	}
	if s := post("wrong"); s != 403 {
		t.Fatalf("cookie POST with a wrong CSRF token: %d", s)
	}
	if s := post(sess.CSRFToken); s != 404 { // queue_empty: authorised and handled
		t.Fatalf("cookie POST with the CSRF token: %d", s)
	}
	// Signing in again with the cookie still in the jar needs no CSRF token.
	if resp, err := hc.Post(srv.URL+"/api/v1/login", "application/json", bytes.NewReader(body)); err != nil || resp.StatusCode != 200 {
		t.Fatalf("second login with a cookie: %v %v", resp.StatusCode, err)
	} else {
		json.NewDecoder(resp.Body).Decode(&sess)
		resp.Body.Close()
	}
	resp, _ = hc.Get(srv.URL + "/api/v1/me")
	var me map[string]string
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if me["csrf_token"] != sess.CSRFToken || me["username"] != servertest.StaffUser {
		t.Fatalf("/me %v", me)
	}
}

func TestLoginLockout(t *testing.T) {
	srv := servertest.New(t)
	bad, _ := json.Marshal(contract.LoginRequest{Username: servertest.StaffUser, Password: "wrong-password"})
	good, _ := json.Marshal(contract.LoginRequest{Username: servertest.StaffUser, Password: servertest.StaffPassword})
	for i := 1; i <= auth.MaxFailures; i++ {
		if status, code, _ := call(t, srv, "POST", "/api/v1/login", "", bad); status != 401 || code != contract.CodeUnauthorized {
			t.Fatalf("attempt %d: %d %s", i, status, code)
		}
	}
	// Locked: the right password gets the same answer as a wrong one.
	if status, code, _ := call(t, srv, "POST", "/api/v1/login", "", good); status != 401 || code != contract.CodeUnauthorized {
		t.Fatalf("right password while locked: %d %s", status, code)
	}
	srv.Clock.Advance(auth.LockFor + time.Second)
	if status, _, _ := call(t, srv, "POST", "/api/v1/login", "", good); status != 200 {
		t.Fatalf("after the lock: %d", status)
	}
	unknown, _ := json.Marshal(contract.LoginRequest{Username: "nobody", Password: "x"})
	if status, code, _ := call(t, srv, "POST", "/api/v1/login", "", unknown); status != 401 || code != contract.CodeUnauthorized {
		t.Fatalf("unknown user: %d %s", status, code)
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	srv := servertest.New(t)
	k := srv.KioskToken
	staff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	cases := []struct {
		name, method, path, token string
		body                      []byte
		status                    int
		code                      string
	}{
		{"broken JSON", "POST", "/api/v1/tickets", k, []byte(`{"procedure":`), 400, contract.CodeBadRequest},
		{"empty body", "POST", "/api/v1/tickets", k, nil, 400, contract.CodeBadRequest},
		{"unknown field", "POST", "/api/v1/tickets", k, []byte(`{"procedure":"2.000815","name":"Nguyễn Văn A"}`), 400, contract.CodeBadRequest},
		{"two values", "POST", "/api/v1/tickets", k, []byte(`{"procedure":"2.000815"} {}`), 400, contract.CodeBadRequest},
		{"wrong type", "POST", "/api/v1/tickets", k, []byte(`{"procedure":2000815}`), 400, contract.CodeBadRequest},
		{"unknown procedure", "POST", "/api/v1/tickets", k, []byte(`{"procedure":"9.999999"}`), 404, contract.CodeNotFound},
		{"unknown priority", "POST", "/api/v1/tickets", k, []byte(`{"procedure":"2.000815","priority":"vip"}`), 400, contract.CodeInvalid},
		{"huge body", "POST", "/api/v1/tickets", k, bytes.Repeat([]byte(" "), 100<<10), 413, contract.CodeTooLarge},
		{"counter not a number", "POST", "/api/v1/counters/abc/call-next", staff, nil, 400, contract.CodeBadRequest},
		{"counter out of range", "POST", "/api/v1/counters/0/call-next", staff, nil, 400, contract.CodeBadRequest},
		{"no such counter", "POST", "/api/v1/counters/77/call-next", staff, nil, 404, contract.CodeNotFound},
		{"empty queue", "POST", "/api/v1/counters/1/call-next", staff, nil, 404, contract.CodeQueueEmpty},
		{"nothing to recall", "POST", "/api/v1/counters/1/recall", staff, nil, 404, contract.CodeNoTicket},
		{"transfer needs a target", "POST", "/api/v1/counters/1/transfer", staff, []byte(`{}`), 400, contract.CodeInvalid},
		{"unknown ticket", "GET", "/api/v1/tickets/nosuchticket", "", nil, 404, contract.CodeNotFound},
		{"rating score", "POST", "/api/v1/ratings", k, []byte(`{"ticket":"x","score":9}`), 400, contract.CodeInvalid},
		{"unknown path", "GET", "/api/v1/nothing-here", "", nil, 404, contract.CodeNotFound},
		{"wrong method", "DELETE", "/api/v1/catalogue", "", nil, 405, contract.CodeMethod},
		{"bad since", "GET", "/api/v1/ws?since=-4", srv.DisplayToken, nil, 400, contract.CodeBadRequest},
		{"bad help id", "POST", "/api/v1/help/x/take", staff, nil, 400, contract.CodeBadRequest},
		{"counter with a plus", "POST", "/api/v1/counters/+1/call-next", staff, nil, 400, contract.CodeBadRequest},
		{"counter with a leading zero", "POST", "/api/v1/counters/01/call-next", staff, nil, 400, contract.CodeBadRequest},
		{"key given twice", "POST", "/api/v1/tickets", k, []byte(`{"procedure":"9.999999","procedure":"2.000815"}`), 400, contract.CodeBadRequest},
		{"control character", "POST", "/api/v1/faults", k, []byte(`{"kind":"paper_out","message":"Hết giấy\u001b[2J"}`), 400, contract.CodeBadRequest},
		{"bidi override", "POST", "/api/v1/faults", k, []byte(`{"kind":"paper_out","message":"\u202eyaP"}`), 400, contract.CodeBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, code, b := call(t, srv, c.method, c.path, c.token, c.body)
			if status != c.status || code != c.code {
				t.Fatalf("%d %s (%s), want %d %s", status, code, b, c.status, c.code)
			}
		})
	}
}

func TestIssueTicketOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	status, _, b := call(t, srv, "POST", "/api/v1/tickets", srv.KioskToken, []byte(`{"procedure":"2.000815","priority":"elderly"}`))
	if status != 201 {
		t.Fatalf("issue: %d %s", status, b)
	}
	var raw map[string]any
	json.Unmarshal(b, &raw)
	for _, k := range []string{"id", "number", "queue", "procedure", "priority", "status", "issued_at", "position", "estimated_wait_s"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("ticket JSON lacks %q: %s", k, b)
		}
	}
	var tk contract.Ticket
	json.Unmarshal(b, &tk)
	if len(tk.ID) < 26 || tk.Status != contract.StatusWaiting || tk.Priority != contract.PriorityElderly || tk.Position != 1 {
		t.Fatalf("ticket %+v", tk)
	}
	if !strings.HasSuffix(tk.IssuedAt.Format(time.RFC3339), "+07:00") {
		t.Fatalf("issued_at %s is not in the centre's zone", tk.IssuedAt.Format(time.RFC3339))
	}
	got, err := srv.Kiosk().Ticket(context.Background(), tk.ID)
	if err != nil || got.Number != tk.Number {
		t.Fatalf("get ticket: %+v %v", got, err)
	}
}

func TestRatingFlowOverHTTP(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	kiosk, staff := srv.Kiosk(), srv.Staff()
	tk, err := kiosk.Issue(ctx, "2.000884", "")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := kiosk.Catalogue(ctx)
	q, _ := cat.QueueOf("2.000884")
	n := cat.CountersFor(q.Prefix)[0]
	if _, err := staff.CallNext(ctx, n); err != nil {
		t.Fatal(err)
	}
	if _, err := staff.Finish(ctx, n); err != nil {
		t.Fatal(err)
	}
	if _, err := kiosk.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Code: tk.Code, Score: 3}); err != nil {
		t.Fatal(err)
	}
	_, err = kiosk.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Code: tk.Code, Score: 2})
	var ae *contract.APIError
	if !asAPI(err, &ae) || ae.Status != 409 || ae.Code != contract.CodeAlreadyRated {
		t.Fatalf("second rating: %v", err)
	}
}

func asAPI(err error, target **contract.APIError) bool {
	ae, ok := err.(*contract.APIError)
	if ok {
		*target = ae
	}
	return ok
}

func TestCatalogueImportReportsEveryRow(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	status, _, b := call(t, srv, "GET", "/api/v1/catalogue/export?format=csv", admin, nil)
	if status != 200 || !bytes.Contains(b, []byte("2.000815")) {
		t.Fatalf("export csv: %d", status)
	}
	status, _, b2 := call(t, srv, "POST", "/api/v1/catalogue/import?format=csv", admin, b)
	if status != 200 {
		t.Fatalf("re-import of the export: %d %s", status, b2)
	}
	var cat contract.Catalogue
	json.Unmarshal(b2, &cat)
	if cat.Version != 2 {
		t.Fatalf("version after import %d", cat.Version)
	}
	broken := bytes.Replace(b, []byte("2.000815"), []byte("bad code!"), 1)
	status, code, b3 := call(t, srv, "POST", "/api/v1/catalogue/import?format=csv", admin, broken)
	var eb contract.ErrorBody
	json.Unmarshal(b3, &eb)
	if status != 400 || code != contract.CodeInvalid || len(eb.Error.Details) == 0 {
		t.Fatalf("broken import: %d %s %s", status, code, b3)
	}
	if got, _ := srv.Kiosk().Catalogue(context.Background()); got.Version != 2 {
		t.Fatalf("a rejected import changed the catalogue to version %d", got.Version)
	}
}

// TestHealthWarnsOfAClockStep: after the clock is stepped back an hour,
// /health still answers 200 "ok" (nothing is lost) but carries a warning
// the consoles show to the administrator.
func TestHealthWarnsOfAClockStep(t *testing.T) {
	srv := servertest.New(t)
	get := func() contract.Health {
		t.Helper()
		status, _, b := call(t, srv, "GET", "/api/v1/health", "", nil)
		var h contract.Health
		if err := json.Unmarshal(b, &h); err != nil || status != 200 || h.Status != contract.HealthOK {
			t.Fatalf("health: %d %s", status, b)
		}
		return h
	}
	if h := get(); len(h.Warnings) != 0 {
		t.Fatalf("warnings before any step: %+v", h.Warnings)
	}
	srv.Clock.Set(srv.Clock.Now().Add(-time.Hour))
	if _, err := srv.Kiosk().Issue(context.Background(), "1.001193", contract.PriorityNone); err != nil {
		t.Fatal(err) // the change during which the writer notices the step
	}
	h := get()
	if len(h.Warnings) != 1 || h.Warnings[0].Code != contract.WarningClockStepped || !strings.Contains(h.Warnings[0].Message, "lùi 1h0m0s") {
		t.Fatalf("warnings after a step back of an hour: %+v", h.Warnings)
	}
}
