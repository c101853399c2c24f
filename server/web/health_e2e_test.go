package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motcua/server"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestBrowserHealthBanner: with the database file deleted under the
// running server, the staff console and the administration pages show a
// red banner naming the problem; once the file is back, a reload shows
// none.
func TestBrowserHealthBanner(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	db := filepath.Join(srv.Dir, server.DBFile)
	run(t, ctx, "sign in", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/staff", "#conn.up"))
	if err := os.Rename(db, db+".away"); err != nil {
		t.Fatal(err)
	}
	// The console checks every 15 s; the test asks it to check now.
	run(t, ctx, "banner on the console",
		checkNow(),
		chromedp.WaitVisible(chromedp.CSS("#health-alert")),
		waitText("#health-alert", "báo ngay cho quản trị viên"),
		waitText(`#health-alert li[data-code="database_missing"]`, db))
	run(t, ctx, "open the administration", chromedp.Navigate(srv.URL+"/admin/today"))
	run(t, ctx, "administration ready", chromedp.WaitReady(chromedp.CSS("body[data-ready]")))
	run(t, ctx, "administration checks", checkNow())
	run(t, ctx, "banner on the administration",
		chromedp.WaitVisible(chromedp.CSS("#health-alert")),
		waitText("#health-alert", "database file"))
	if err := os.Rename(db+".away", db); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "no banner once the file is back",
		chromedp.Navigate(srv.URL+"/staff"),
		chromedp.WaitVisible(chromedp.CSS("#conn.up")),
		chromedp.WaitReady(chromedp.CSS(`#health-alert[data-status="ok"]`)))
	hidden := value(t, ctx, "banner hidden", chromedp.Evaluate[bool](`document.querySelector('#health-alert').hidden`))
	if !hidden {
		t.Fatal("banner still visible on a healthy server")
	}
	// A clock stepped back loses nothing: an amber note, not the alarm.
	srv.Clock.Set(srv.Clock.Now().Add(-time.Hour))
	if _, err := srv.Kiosk().Issue(context.Background(), "1.001193", contract.PriorityNone); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "clock note on the console",
		checkNow(),
		chromedp.WaitReady(chromedp.CSS(`#health-alert.warning[data-status="warning"]`)),
		waitText(`#health-alert li[data-code="clock_stepped"]`, "Đồng hồ máy chủ đã nhảy lùi"))
}

// checkNow makes the page check the server's health at once.
func checkNow() step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`import('/static/common.js').then(m => m.checkHealth()), true`)(ctx, tg)
		return err
	})
}
