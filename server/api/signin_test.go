package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/server/auth"
	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
)

// post sends body to path with the given headers and returns the status,
// the error code and the response.
func post(t *testing.T, hc *http.Client, url string, body []byte, headers map[string]string) (int, string, *http.Response) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var eb contract.ErrorBody
	json.Unmarshal(b, &eb)
	return resp.StatusCode, eb.Error.Code, resp
}

func loginBody(user, password string) []byte {
	b, _ := json.Marshal(contract.LoginRequest{Username: user, Password: password})
	return b
}

// TestLoginNeedsJSON: a body a page of another site can post without a
// preflight (text/plain, a form) is refused, however well-formed.
func TestLoginNeedsJSON(t *testing.T) {
	srv := servertest.New(t)
	good := loginBody(servertest.StaffUser, servertest.StaffPassword)
	for _, ctype := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx"} {
		status, code, resp := post(t, http.DefaultClient, srv.URL+"/api/v1/login", good, map[string]string{"Content-Type": ctype})
		if status != 415 || code != contract.CodeMediaType || resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("Content-Type %q: %d %s", ctype, status, code)
		}
	}
	if status, _, _ := post(t, http.DefaultClient, srv.URL+"/api/v1/login", good, map[string]string{"Content-Type": "application/json; charset=utf-8"}); status != 200 {
		t.Errorf("application/json with a charset: %d", status)
	}
}

// TestLoginRefusesCrossSite: a browser request from another site's page
// (its Origin or Sec-Fetch-Site says so) cannot sign anyone in.
func TestLoginRefusesCrossSite(t *testing.T) {
	srv := servertest.New(t)
	good := loginBody(servertest.StaffUser, servertest.StaffPassword)
	json := "application/json"
	for _, h := range []map[string]string{
		{"Origin": "http://evil.example"},
		{"Origin": "null"},
		{"Origin": "https://" + srv.Addr},
		{"Origin": srv.URL + ".evil.example"},
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Sec-Fetch-Site": "cross-site", "Origin": srv.URL},
	} {
		h["Content-Type"] = json
		status, code, resp := post(t, http.DefaultClient, srv.URL+"/api/v1/login", good, h)
		if status != 403 || code != contract.CodeCSRF || resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("%v: %d %s", h, status, code)
		}
	}
	for _, h := range []map[string]string{
		{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"},
		{"Origin": srv.URL},
		{}, // a program: neither header
	} {
		h["Content-Type"] = json
		if status, code, _ := post(t, http.DefaultClient, srv.URL+"/api/v1/login", good, h); status != 200 {
			t.Errorf("%v: %d %s", h, status, code)
		}
	}
}

// clientFrom returns an HTTP client whose connections come from the
// loopback address ip, so the server sees another client.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}, Timeout: 10 * time.Second}
}

// TestLoginRateLimitedPerAddress: one address gets DefaultLimits.Burst
// attempts, then 429 rate_limited with Retry-After before any password is
// checked; another address still signs in; the bucket refills with time.
func TestLoginRateLimitedPerAddress(t *testing.T) {
	srv := servertest.New(t)
	url := srv.URL + "/api/v1/login"
	h := map[string]string{"Content-Type": "application/json"}
	flood := clientFrom("127.0.0.2")
	for i := 0; i < auth.DefaultLimits.Burst; i++ {
		if status, code, _ := post(t, flood, url, loginBody("khongco-"+strconv.Itoa(i), "sai-mat-khau"), h); status != 401 {
			t.Fatalf("attempt %d: %d %s", i+1, status, code)
		}
	}
	status, code, resp := post(t, flood, url, loginBody(servertest.StaffUser, servertest.StaffPassword), h)
	if status != 429 || code != contract.CodeRateLimited || resp.Header.Get("Retry-After") != strconv.Itoa(int(auth.DefaultLimits.Every/time.Second)) {
		t.Fatalf("over the burst: %d %s Retry-After %q", status, code, resp.Header.Get("Retry-After"))
	}
	if status, code, _ := post(t, clientFrom("127.0.0.3"), url, loginBody(servertest.StaffUser, servertest.StaffPassword), h); status != 200 {
		t.Fatalf("an official at another address: %d %s", status, code)
	}
	srv.Clock.Advance(auth.DefaultLimits.Every)
	if status, code, _ := post(t, flood, url, loginBody(servertest.StaffUser, servertest.StaffPassword), h); status != 200 {
		t.Fatalf("after the refill: %d %s", status, code)
	}
}

// TestLoginRefusalsLookAlike: an unknown user, a locked account (even with
// the right password) and a wrong password get byte-identical answers.
func TestLoginRefusalsLookAlike(t *testing.T) {
	srv := servertest.New(t)
	answer := func(user, password string) string {
		t.Helper()
		status, _, b := call(t, srv, "POST", "/api/v1/login", "", loginBody(user, password))
		return strconv.Itoa(status) + " " + string(b)
	}
	unknown := answer("khongco", servertest.StaffPassword)
	if !strings.HasPrefix(unknown, "401 ") {
		t.Fatalf("unknown user: %s", unknown)
	}
	for i := 1; i <= auth.MaxFailures; i++ {
		if got := answer(servertest.StaffUser, "sai-mat-khau"); got != unknown {
			t.Errorf("wrong password %d: %s, unknown user: %s", i, got, unknown)
		}
	}
	if got := answer(servertest.StaffUser, servertest.StaffPassword); got != unknown {
		t.Errorf("locked account: %s, unknown user: %s", got, unknown)
	}
}

// TestAdminResetsPassword: an admin gives an official a new password; the
// official's sessions end and only the new password works.
func TestAdminResetsPassword(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	staff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	path := "/api/v1/users/" + servertest.StaffUser + "/password"
	if status, code, _ := call(t, srv, "POST", path, admin, []byte(`{"password":"ngan"}`)); status != 400 || code != contract.CodeInvalid {
		t.Errorf("short password: %d %s", status, code)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/users/"+servertest.AdminUser+"/password", admin, []byte(`{"password":"mat-khau-moi-cap"}`)); status != 403 || code != contract.CodeForbidden {
		t.Errorf("own password: %d %s", status, code)
	}
	if status, code, _ := call(t, srv, "POST", "/api/v1/users/khongco/password", admin, []byte(`{"password":"mat-khau-moi-cap"}`)); status != 404 || code != contract.CodeNotFound {
		t.Errorf("unknown user: %d %s", status, code)
	}
	if status, _, b := call(t, srv, "POST", path, admin, []byte(`{"password":"mat-khau-moi-cap"}`)); status != 204 {
		t.Fatalf("reset: %d %s", status, b)
	}
	if status, _, _ := call(t, srv, "GET", "/api/v1/me", staff, nil); status != 401 {
		t.Errorf("the official's session after the reset: %d, want 401", status)
	}
	if status, _, _ := call(t, srv, "POST", "/api/v1/login", "", loginBody(servertest.StaffUser, servertest.StaffPassword)); status != 401 {
		t.Errorf("old password: %d", status)
	}
	sessionToken(t, srv, servertest.StaffUser, "mat-khau-moi-cap")
	entries, err := srv.Engine.Audit(context.Background(), queue.AuditQuery{Action: "user.password_reset"})
	if err != nil || len(entries) != 1 || entries[0].Actor != servertest.AdminUser {
		t.Errorf("audit of the reset: %+v %v", entries, err)
	}
}
