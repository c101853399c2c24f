package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"motcua/server/servertest"
)

// TestBrowserSettingsTicketsNeedPrinter: the administrator ticks "stop
// issuing tickets while a kiosk's printer is out" on the settings page;
// the setting is saved, and the page shows it ticked when opened again.
func TestBrowserSettingsTicketsNeedPrinter(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	checked := `document.querySelector("#s-need-printer").checked`
	run(t, ctx, "open the settings", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/settings", "body[data-ready]"))
	if value(t, ctx, "unticked by default", chromedp.Evaluate[bool](checked)) {
		t.Fatal("a new centre stops tickets when a printer is out")
	}
	run(t, ctx, "tick and save", scrollTo("#s-need-printer"), click("#s-need-printer"),
		click(`#settings-form button[type="submit"]`), waitText("#s-msg", "Đã lưu"))
	if !srv.Engine.Settings().TicketsNeedPrinter {
		t.Fatal("the setting was not saved")
	}
	run(t, ctx, "open again", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("body[data-ready]")))
	if !value(t, ctx, "ticked after reload", chromedp.Evaluate[bool](checked)) {
		t.Error("the page does not show the saved setting")
	}
}
