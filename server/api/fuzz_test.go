package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"motcua/server/contract"
	"motcua/server/servertest"
)

// fuzzRoute is a route that decodes a request body, with the caller that
// may use it, so the fuzzer reaches the decoder and what lies behind it.
type fuzzRoute struct {
	method, path, role string
	seed               string
}

// checksPassword tells a route whose 401 is a wrong password, not lost access.
func (r fuzzRoute) checksPassword() bool { return r.path == "/api/v1/password" }

// fuzzTarget is the account the user-editing route changes: never one
// whose token the fuzzer signs in with, so no input can disable or demote
// the fuzzer's own accounts and stop it reaching staff and admin routes.
const fuzzTarget = "canbo-fuzz"

var fuzzRoutes = []fuzzRoute{
	{"POST", "/api/v1/login", "", `{"username":"canbo1","password":"x"}`},
	{"POST", "/api/v1/tickets", contract.RoleKiosk, `{"procedure":"2.000815","priority":"elderly"}`},
	{"POST", "/api/v1/ratings", contract.RoleKiosk, `{"ticket":"B001","score":1,"reason":"Chờ lâu"}`},
	{"POST", "/api/v1/faults", contract.RoleKiosk, `{"kind":"paper_out","message":"Hết giấy"}`},
	{"POST", "/api/v1/counters/1/transfer", contract.RoleStaff, `{"queue":"B"}`},
	{"POST", "/api/v1/counters/1/call", contract.RoleStaff, `{"number":"A001"}`},
	{"POST", "/api/v1/password", contract.RoleStaff, `{"old":"a","new":"b"}`},
	{"PUT", "/api/v1/settings", contract.RoleAdmin, `{"centre_name":{"vi":"X"},"time_zone":"Asia/Ho_Chi_Minh","priority_ratio":2}`},
	{"PUT", "/api/v1/catalogue", contract.RoleAdmin, `{"fields":[],"procedures":[],"queues":[],"counters":[]}`},
	{"POST", "/api/v1/catalogue/import?format=csv", contract.RoleAdmin, "type,id,name_vi\nfield,ho-tich,Hộ tịch\n"},
	{"POST", "/api/v1/users", contract.RoleAdmin, `{"username":"canbo9","password":"mat-khau-dai-du","role":"staff"}`},
	{"POST", "/api/v1/devices", contract.RoleAdmin, `{"name":"kiosk-9","role":"kiosk"}`},
	{"PATCH", "/api/v1/users/" + fuzzTarget, contract.RoleAdmin, `{"role":"staff","disabled":false}`},
	{"POST", "/api/v1/users/" + fuzzTarget + "/password", contract.RoleAdmin, `{"password":"mat-khau-dai-du"}`},
	{"POST", "/api/v1/ratings/check", contract.RoleKiosk, `{"ticket":"B001","code":"123456"}`},
}

// FuzzRequestBodies sends arbitrary bodies to every route that decodes
// one: the server must answer, never with a 5xx, and every error must be
// the API's error JSON.
func FuzzRequestBodies(f *testing.F) {
	for i, r := range fuzzRoutes {
		f.Add(uint8(i), []byte(r.seed))
		f.Add(uint8(i), []byte(`{"`+strings.Repeat("a", 40)+`":`))
	}
	f.Add(uint8(1), []byte("\x00\xff{}"))
	f.Add(uint8(2), []byte(`{"ticket":"","score":-1e308}`))
	srv := servertest.New(f)
	if err := srv.Auth.AddUser(f.Context(), fuzzTarget, "mat-khau-dai-du", contract.RoleStaff); err != nil {
		f.Fatal(err)
	}
	tokens := map[string]string{
		contract.RoleKiosk: srv.KioskToken,
		contract.RoleStaff: loginToken(f, srv, servertest.StaffUser, servertest.StaffPassword),
		contract.RoleAdmin: loginToken(f, srv, servertest.AdminUser, servertest.AdminPassword),
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		r := fuzzRoutes[int(which)%len(fuzzRoutes)]
		req := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tok := tokens[r.role]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s answered %d to %q: %s", r.method, r.path, rec.Code, body, rec.Body)
		}
		if r.role != "" && !r.checksPassword() && (rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden) {
			t.Fatalf("%s %s: the fuzzer lost its %s access (%d %s): later inputs would test nothing", r.method, r.path, r.role, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var eb contract.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error.Code == "" {
				t.Fatalf("%s %s: error body %q is not the API's error JSON", r.method, r.path, rec.Body)
			}
		}
	})
}

func loginToken(tb testing.TB, srv *servertest.Server, user, password string) string {
	tb.Helper()
	body, _ := json.Marshal(contract.LoginRequest{Username: user, Password: password})
	req := httptest.NewRequest("POST", "/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	var s contract.Session
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil || s.Token == "" {
		tb.Fatalf("login %s: %d %s", user, rec.Code, rec.Body)
	}
	return s.Token
}
