package web_test

import (
	"reflect"
	"testing"

	"github.com/chromedp/chromedp"

	"motcua/server/servertest"
)

// TestBrowserAdminSetsPublicURL: the settings page edits the centre's
// public address for the ticket QR code: a bad one is refused with the
// server's message and nothing changes, a good one is saved (without its
// trailing slash) with every other setting as it was, and the page shows
// it again after a reload.
func TestBrowserAdminSetsPublicURL(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	before := srv.Engine.Settings()
	run(t, ctx, "sign in", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/settings", "body[data-ready]"))
	run(t, ctx, "bad address", scrollTo("#s-public-url"), setValue("#s-public-url", ""),
		chromedp.SendKeys(chromedp.CSS("#s-public-url"), "192.168.1.10"),
		click("#settings-form button[type=submit]"), waitText("#s-msg", "địa chỉ công khai"))
	if got := srv.Engine.Settings(); !reflect.DeepEqual(got, before) {
		t.Fatalf("a refused address changed the settings: %+v", got)
	}
	run(t, ctx, "good address", setValue("#s-public-url", ""),
		chromedp.SendKeys(chromedp.CSS("#s-public-url"), "http://192.168.1.10:8080/"),
		click("#settings-form button[type=submit]"), waitText("#s-msg", "Đã lưu cài đặt"))
	after := srv.Engine.Settings()
	if after.PublicURL != "http://192.168.1.10:8080" {
		t.Fatalf("public address saved as %q", after.PublicURL)
	}
	after.PublicURL = before.PublicURL
	if !reflect.DeepEqual(after, before) {
		t.Errorf("saving the address changed other settings:\n%+v\nwas\n%+v", after, before)
	}
	run(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("body[data-ready]")))
	if got := value(t, ctx, "shown again", chromedp.Evaluate[string](`document.querySelector('#s-public-url').value`)); got != "http://192.168.1.10:8080" {
		t.Errorf("the page shows %q after a reload", got)
	}
}
