package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"motcua/server/api"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// browser is an HTTP client with a cookie jar that does not follow
// redirects, signed in (or not) like a browser.
type browser struct {
	t    *testing.T
	srv  *servertest.Server
	hc   *http.Client
	csrf string
}

func newBrowser(t *testing.T, srv *servertest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, srv: srv, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func signedIn(t *testing.T, srv *servertest.Server, user, password string) *browser {
	b := newBrowser(t, srv)
	body, _ := json.Marshal(contract.LoginRequest{Username: user, Password: password})
	status, out, _ := b.do("POST", "/api/v1/login", body, false)
	if status != 200 {
		t.Fatalf("login %s: %d %s", user, status, out)
	}
	var s contract.Session
	json.Unmarshal([]byte(out), &s)
	b.csrf = s.CSRFToken
	return b
}

func (b *browser) do(method, path string, body []byte, withCSRF bool) (int, string, http.Header) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if withCSRF {
		req.Header.Set(api.CSRFHeader, b.csrf)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), resp.Header
}

func (b *browser) get(path string) (int, string, http.Header) { return b.do("GET", path, nil, false) }

var staffPages = []string{"/staff"}
var adminPages = []string{"/admin/today", "/admin/catalogue", "/admin/settings", "/admin/users", "/admin/devices", "/admin/audit"}

func TestPagesNeedSignIn(t *testing.T) {
	srv := servertest.New(t)
	anon := newBrowser(t, srv)
	for _, p := range append(staffPages, adminPages...) {
		status, _, h := anon.get(p)
		if status != http.StatusSeeOther || h.Get("Location") != "/login?next="+url.QueryEscape(p) {
			t.Errorf("anonymous GET %s: %d to %q, want 303 to the sign-in page", p, status, h.Get("Location"))
		}
	}
	// A device token is not a browser session, even in the cookie.
	jar := anon.hc.Jar
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: api.SessionCookie, Value: srv.KioskToken}})
	if status, _, _ := anon.get("/staff"); status != http.StatusSeeOther {
		t.Errorf("kiosk token as cookie opened /staff: %d", status)
	}
	if status, _, h := anon.get("/admin"); status != http.StatusSeeOther || h.Get("Location") != "/admin/today" {
		t.Errorf("/admin: %d %q", status, h.Get("Location"))
	}
}

func TestRoleChecksOnPages(t *testing.T) {
	srv := servertest.New(t)
	staff := signedIn(t, srv, servertest.StaffUser, servertest.StaffPassword)
	admin := signedIn(t, srv, servertest.AdminUser, servertest.AdminPassword)
	for _, p := range adminPages {
		if status, body, _ := staff.get(p); status != http.StatusForbidden || !strings.Contains(body, "Không có quyền") {
			t.Errorf("staff GET %s: %d, want 403 page", p, status)
		}
		status, body, h := admin.get(p)
		if status != http.StatusOK || !strings.Contains(body, `<script type="module" src="/static/`) {
			t.Errorf("admin GET %s: %d", p, status)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s headers: CSP %q, cache %q", p, csp, h.Get("Cache-Control"))
		}
	}
	for _, b := range []*browser{staff, admin} {
		if status, body, _ := b.get("/staff"); status != http.StatusOK || !strings.Contains(body, `id="counter"`) {
			t.Errorf("GET /staff: %d", status)
		}
	}
	if _, body, _ := staff.get("/staff"); strings.Contains(body, "/admin/catalogue") {
		t.Error("staff console shows the admin menu to a staff account")
	}
}

func TestPublicPagesAndAssets(t *testing.T) {
	srv := servertest.New(t)
	anon := newBrowser(t, srv)
	for _, p := range []string{"/login", "/board"} {
		if status, _, h := anon.get(p); status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s", p, status, h.Get("Content-Type"))
		}
	}
	for _, a := range []string{"common.js", "staff.js", "admin.js", "board.js", "login.js", "figures.js", "vnnumber.js", "style.css"} {
		status, body, h := anon.get("/static/" + a)
		if status != 200 || len(body) < 100 || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET /static/%s: %d, %d bytes", a, status, len(body))
		}
		if strings.HasSuffix(a, ".js") && !strings.Contains(h.Get("Content-Type"), "javascript") {
			t.Errorf("%s served as %s: module scripts need a JavaScript type", a, h.Get("Content-Type"))
		}
		if strings.Contains(body, "innerHTML") {
			t.Errorf("%s uses innerHTML: data must go through textContent", a)
		}
	}
	if status, _, _ := anon.get("/static/missing.js"); status != 404 {
		t.Errorf("missing asset: %d", status)
	}
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	srv := servertest.New(t)
	anon := newBrowser(t, srv)
	cases := map[string]string{
		"/admin/audit?actor=x": `data-next="/admin/audit?actor=x"`,
		"//evil.example/":      `data-next=""`,
		"https://evil.example": `data-next=""`,
		"/\\evil.example":      `data-next=""`,
	}
	for next, want := range cases {
		_, body, _ := anon.get("/login?next=" + url.QueryEscape(next))
		if !strings.Contains(body, want) {
			t.Errorf("next=%q: page lacks %s", next, want)
		}
	}
	// As an attacker writes them: browsers drop tabs and newlines and read
	// a backslash as a slash, so each of these is "//evil.host/".
	for _, raw := range []string{"/%09/evil.host/", "/%0a/evil.host/", "%2F%09%2Fevil.host", "/%5C/evil.host/", "/%5Cevil.host",
		"%2F%2Fevil.host", "/%00/evil.host", "/%E2%80%AE/evil.host", "https:evil.host", "javascript:alert(1)", "/%C2%85/evil.host", "evil.host"} {
		_, body, _ := anon.get("/login?next=" + raw)
		if !strings.Contains(body, `data-next=""`) {
			t.Errorf("next=%s was kept: %s", raw, body[strings.Index(body, "data-next"):][:60])
		}
	}
	for _, raw := range []string{"/staff", "/admin/audit%3Factor%3Dx%26q%3Dc%C3%A1n%20b%E1%BB%99"} {
		_, body, _ := anon.get("/login?next=" + raw)
		if strings.Contains(body, `data-next=""`) {
			t.Errorf("next=%s, a page of this site, was dropped", raw)
		}
	}
}

func TestPagesChangeNothingAndAPINeedsCSRF(t *testing.T) {
	srv := servertest.New(t)
	admin := signedIn(t, srv, servertest.AdminUser, servertest.AdminPassword)
	for _, p := range append([]string{"/login", "/board"}, append(staffPages, adminPages...)...) {
		if status, _, _ := admin.do("POST", p, nil, true); status != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d, want 405 (pages only read)", p, status)
		}
	}
	cat, _ := json.Marshal(srv.Engine.Catalogue())
	calls := []struct {
		method, path string
		body         []byte
	}{
		{"PUT", "/api/v1/catalogue", cat},
		{"PATCH", "/api/v1/users/canbo1", []byte(`{"unlock":true}`)},
		{"POST", "/api/v1/users/canbo1/password", []byte(`{"password":"mat-khau-moi-cap"}`)},
		{"POST", "/api/v1/devices", []byte(`{"name":"tv-1","role":"display"}`)},
		{"PUT", "/api/v1/settings", mustJSON(t, srv.Engine.Settings())},
		{"POST", "/api/v1/counters/1/call-next", nil},
	}
	for _, c := range calls {
		status, body, _ := admin.do(c.method, c.path, c.body, false)
		if status != http.StatusForbidden || !strings.Contains(body, `"csrf"`) {
			t.Errorf("%s %s without CSRF token: %d %s", c.method, c.path, status, body)
		}
	}
	for _, c := range calls[:5] {
		if status, body, _ := admin.do(c.method, c.path, c.body, true); status >= 300 {
			t.Errorf("%s %s with CSRF token: %d %s", c.method, c.path, status, body)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEverythingUsersEnterIsEscaped plants markup in every value an admin,
// a device or a citizen can enter that a page renders on the server, and
// checks it comes out as text.
func TestEverythingUsersEnterIsEscaped(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	const evil = `<script>alert("x")</script>`
	cat := srv.Engine.Catalogue()
	cat.Procedures[0].Name.VI = "Khai sinh " + evil
	cat.Counters[0].Name.VI = `Quầy <img src=x onerror=alert(1)>`
	cat.Queues[0].Name.VI = "Hàng " + evil
	admin := signedIn(t, srv, servertest.AdminUser, servertest.AdminPassword)
	if status, body, _ := admin.do("PUT", "/api/v1/catalogue", mustJSON(t, cat), true); status != 200 {
		t.Fatalf("put catalogue: %d %s", status, body)
	}
	s := srv.Engine.Settings()
	s.CentreName = contract.Text{VI: "Trung tâm " + evil, EN: `Centre " onmouseover="alert(1)`}
	if status, body, _ := admin.do("PUT", "/api/v1/settings", mustJSON(t, s), true); status != 200 {
		t.Fatalf("put settings: %d %s", status, body)
	}
	if _, err := srv.Kiosk().Fault(ctx, contract.FaultRequest{Kind: "paper_out", Message: "hết giấy " + evil}); err != nil {
		t.Fatal(err)
	}
	staff := signedIn(t, srv, servertest.StaffUser, servertest.StaffPassword)
	pages := map[string]*browser{"/staff": staff, "/admin/catalogue": admin, "/admin/audit": admin, "/admin/settings": admin,
		"/admin/today": admin, "/admin/devices": admin, "/admin/users": admin, "/login": newBrowser(t, srv), "/board": newBrowser(t, srv)}
	for p, b := range pages {
		status, body, _ := b.get(p)
		if status != 200 {
			t.Errorf("GET %s: %d", p, status)
			continue
		}
		if strings.Contains(body, evil) || strings.Contains(body, "<img src=x") || strings.Contains(body, `" onmouseover=`) {
			t.Errorf("GET %s renders user input as markup", p)
		}
		if !strings.Contains(body, "Trung tâm &lt;script&gt;") {
			t.Errorf("GET %s does not show the centre name escaped", p)
		}
	}
	checks := map[string]string{
		"/admin/catalogue": "Khai sinh &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
		"/staff":           "Quầy &lt;img src=x onerror=alert(1)&gt;",
		"/admin/audit":     "hết giấy &lt;script&gt;",
	}
	for p, want := range checks {
		if _, body, _ := pages[p].get(p); !strings.Contains(body, want) {
			t.Errorf("GET %s lacks the escaped text %s", p, want)
		}
	}
}

func TestAuditPageSearchAndExportLink(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	if _, err := srv.Kiosk().Issue(ctx, "2.000815", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Staff().CallNext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	admin := signedIn(t, srv, servertest.AdminUser, servertest.AdminPassword)
	_, body, _ := admin.get("/admin/audit?action=ticket.call&actor=canbo1")
	if !strings.Contains(body, "<td>ticket.call</td>") || strings.Contains(body, "<td>catalogue.replace</td>") {
		t.Error("audit page filter: call missing or other actions shown")
	}
	if !strings.Contains(body, `href="/api/v1/audit?action=ticket.call&amp;actor=canbo1&amp;format=csv"`) {
		t.Errorf("export link does not carry the search")
	}
	status, csv, h := admin.get("/api/v1/audit?action=ticket.call&actor=canbo1&format=csv")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || strings.Count(csv, "\n") != 2 || !strings.Contains(csv, "canbo1") {
		t.Errorf("CSV export: %d %s %q", status, h.Get("Content-Type"), csv)
	}
	if status, _, _ := admin.get("/admin/audit?from=25-11-2026"); status != 400 {
		t.Errorf("bad date: %d, want 400", status)
	}
}
