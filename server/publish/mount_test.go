package publish_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"motcua/server/servertest"
)

// TestServerMountsPublicPages: the real server answers /p/ and /p/{code}
// without a login, and only these pages may be framed: the landing page,
// the ticket page and the staff pages keep frame-ancestors 'none'.
func TestServerMountsPublicPages(t *testing.T) {
	srv := servertest.New(t)
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get("/p/2.000884")
	if res.StatusCode != 200 || !strings.Contains(body, "10.000 đ") || !strings.Contains(body, "Thông tư số 226/2016/TT-BTC") {
		t.Fatalf("/p/2.000884 (%d): %s", res.StatusCode, body)
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Fatalf("/p/ may not be framed: %q", res.Header.Get("Content-Security-Policy"))
	}
	if res, body = get("/p"); res.StatusCode != 200 || !strings.Contains(body, "Chứng thực") {
		t.Fatalf("/p (%d)", res.StatusCode)
	}
	for _, path := range []string{"/", "/login", "/t/none", "/pp/x"} {
		res, _ := get(path)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s may be framed: %q", path, csp)
		}
	}
	if res, _ := get("/p/2.000884/x"); res.StatusCode != 404 {
		t.Errorf("/p/2.000884/x: %d", res.StatusCode)
	}
}
