package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"motcua/server/client"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
)

// chromium is Debian's browser; the end-to-end tests drive it headless.
const chromium = "/usr/bin/chromium"

// newChrome starts a headless Chromium at the given window size; the
// browser ends with the test.
func newChrome(t *testing.T, w, h int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(w, h), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	// The first action starts the browser; it must not carry a timeout,
	// which would stop the whole browser, so a watchdog bounds it instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			cancelCtx()
			cancelAlloc()
			t.Fatalf("start chromium: %v", err)
		}
	case <-time.After(startTimeout):
		cancelCtx()
		cancelAlloc()
		t.Fatalf("chromium did not start within %v", startTimeout)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, testTimeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// Deadlines: each browser step (a sign-in, a click and what it leads to)
// fails on its own within stepTimeout, naming the step, and a whole test
// within testTimeout, so a hung page costs seconds, not the suite's budget.
// A step takes well under a second alone; 45 s covers a race build of the
// page sharing the machine's two cores with the kiosk's race tests, which
// `go test ./...` runs beside it (20 s was exceeded there).
const (
	startTimeout = 30 * time.Second
	stepTimeout  = 45 * time.Second
	testTimeout  = 3 * time.Minute
)

type step = chromedp.Action[chromedp.Void]

// run does the steps within stepTimeout; on failure it names the step.
func run(t *testing.T, ctx context.Context, what string, steps ...step) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatalf("step %q failed (deadline %v): %v", what, stepTimeout, err)
	}
}

// value runs one action within stepTimeout and returns its result.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("step %q failed (deadline %v): %v", what, stepTimeout, err)
	}
	return v
}

// signIn fills the sign-in form and waits for the page it leads to.
func signIn(srv *servertest.Server, user, password, next, waitFor string) step {
	return chromedp.Steps(
		chromedp.Navigate(srv.URL+"/login?next="+url.QueryEscape(next)),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#login-btn")),
		chromedp.WaitVisible(chromedp.CSS(waitFor)),
	)
}

// waitText polls until the element's text contains want.
func waitText(sel, want string) step {
	js := fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel)
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		var got string
		for {
			v, err := chromedp.Evaluate[string](js)(ctx, tg)
			if got = v; err == nil && strings.Contains(got, want) {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s never showed %q (last %q, %v)", sel, want, got, err)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// waitGone polls until the element's text no longer contains text.
func waitGone(sel, text string) step {
	js := fmt.Sprintf(`((document.querySelector(%q) || {}).textContent || "").includes(%q)`, sel, text)
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for {
			there, err := chromedp.Evaluate[bool](js)(ctx, tg)
			if err == nil && !there {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s still shows %q (%v)", sel, text, err)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

func setText(sel, text string) step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector(%q).textContent = %q`, sel, text))(ctx, tg)
		return err
	})
}

func setValue(sel, v string) step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector(%q).value = %q`, sel, v))(ctx, tg)
		return err
	})
}

// scrollTo brings an element inside a scrolled list into view before a click.
func scrollTo(sel string) step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"})`, sel))(ctx, tg)
		return err
	})
}

func click(sel string) step {
	return chromedp.Steps(chromedp.WaitEnabled(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// counterFor returns a counter that serves the queue of procedure code.
func counterFor(t *testing.T, srv *servertest.Server, code string) int {
	cat := srv.Engine.Catalogue()
	q, ok := cat.QueueOf(code)
	if !ok || len(cat.CountersFor(q.Prefix)) == 0 {
		t.Fatalf("no counter serves %s", code)
	}
	return cat.CountersFor(q.Prefix)[0]
}

const birth = "1.001193" // Đăng ký khai sinh: not a Wednesday same-day procedure

func TestBrowserConsoleCallStartFinishRating(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	kiosk := srv.Kiosk()
	tk, err := kiosk.Issue(context.Background(), birth, contract.PriorityElderly)
	if err != nil {
		t.Fatal(err)
	}
	n := counterFor(t, srv, birth)
	// A fault reported before the console opens comes from the state.
	paper, err := kiosk.Fault(context.Background(), contract.FaultRequest{Kind: "paper_out", Message: "no paper", Ticket: tk.Number})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "sign in", signIn(srv, servertest.StaffUser, servertest.StaffPassword, fmt.Sprintf("/staff?counter=%d", n), "#conn.up"))
	run(t, ctx, "open fault shown from the state", waitText("#alerts li.fault", "Hết giấy"), waitText("#alerts li.fault", tk.Number))
	run(t, ctx, "waiting list shows the ticket with its priority",
		waitText("#waiting", tk.Number), waitText("#waiting", "Người cao tuổi"))
	run(t, ctx, "call next", click(`button[data-act="call-next"]`), waitText("#cur-number", tk.Number), waitText("#cur-prio", "Người cao tuổi"))
	// Start with the keyboard shortcut, as from a USB keypad or F-key.
	run(t, ctx, "start (F3)", chromedp.KeyEvent(kb.F3), waitText("#cur-status", "Đang phục vụ"))
	run(t, ctx, "finish", click(`button[data-act="finish"]`), waitText("#cur-number", "—"))
	if _, err := kiosk.Rate(context.Background(), contract.RatingRequest{Ticket: tk.Number, Code: tk.Code, Score: contract.RatingVerySatisfied}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "rating appears", waitText("#rating", "Rất hài lòng"), waitText("#rating", tk.Number))
	run(t, ctx, "today's figures count it", waitText("#today-counter", "Đã phục vụ1"))
	// A help request arrives live and can be taken from the console.
	if _, err := kiosk.Help(context.Background()); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "help alert", waitText("#alerts li.help", "kiosk-test"), click("#alerts li.help button"),
		waitText("#alerts", "Hết giấy"), chromedp.WaitNotPresent(chromedp.CSS("#alerts li.help")))
	st, err := srv.Staff().State(context.Background())
	if err != nil || len(st.OpenHelp) != 0 {
		t.Errorf("help request still open after Tôi nhận: %+v %v", st.OpenHelp, err)
	}
	// A fault arriving live, taken at another console, leaves this one.
	cover, err := kiosk.Fault(context.Background(), contract.FaultRequest{Kind: "cover_open"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "live fault", waitText("#alerts", "Nắp máy in đang mở"))
	if _, err := srv.Staff().TakeFault(context.Background(), cover.ID); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "taken elsewhere", waitGone("#alerts", "Nắp máy in"))
	// Tôi nhận on the fault from the state takes it on the server.
	run(t, ctx, "take the fault", click("#alerts li.fault button"), waitText("#no-alerts", "Không có cảnh báo"),
		chromedp.WaitVisible(chromedp.CSS("#no-alerts")))
	st, err = srv.Staff().State(context.Background())
	if err != nil || len(st.OpenFaults) != 0 {
		t.Fatalf("fault still open after Tôi nhận: %+v %v", st.OpenFaults, err)
	}
	if _, err := srv.Staff().TakeFault(context.Background(), paper.ID); client.Code(err) != contract.CodeConflict {
		t.Errorf("the fault taken in the browser can be taken again: %v", err)
	}
}

func TestBrowserTransferToAnotherCounter(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	tk, err := srv.Kiosk().Issue(context.Background(), birth, "")
	if err != nil {
		t.Fatal(err)
	}
	n := counterFor(t, srv, birth)
	target := 0
	for _, k := range srv.Engine.Catalogue().Counters {
		if k.Number != n {
			target = k.Number
			break
		}
	}
	run(t, ctx, "sign in and call", signIn(srv, servertest.StaffUser, servertest.StaffPassword, fmt.Sprintf("/staff?counter=%d", n), "#conn.up"),
		click(`button[data-act="call-next"]`), waitText("#cur-number", tk.Number))
	run(t, ctx, "transfer", click(`button[data-act="transfer"]`), chromedp.WaitVisible(chromedp.CSS("#transfer-dialog")),
		chromedp.Click(chromedp.CSS(`input[name="tr-kind"][value="counter"]`)),
		chromedp.SetValue(chromedp.CSS("#tr-counter"), fmt.Sprint(target)),
		chromedp.Click(chromedp.CSS(`#transfer-form button[type="submit"]`)),
		waitText("#act-msg", "Đã chuyển số "+tk.Number), waitText("#cur-number", "—"))
	waiting, err := srv.Engine.Waiting(context.Background(), target)
	if err != nil || len(waiting) != 1 || waiting[0].Number != tk.Number || waiting[0].TransferredFrom != tk.ID {
		t.Fatalf("counter %d waiting list after transfer: %+v %v", target, waiting, err)
	}
}

// TestBrowserCounterHeldByAnother: the console claims the counter it
// opens; a counter another official holds shows who holds it, with every
// action button off, and choosing another counter claims that one.
func TestBrowserCounterHeldByAnother(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	bg := context.Background()
	if err := srv.Auth.AddUser(bg, "canbo2", "mat-khau-can-bo-2", contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	canbo2 := queue.Actor{Name: "canbo2", Role: contract.RoleStaff}
	cat := srv.Engine.Catalogue()
	n, other := cat.Counters[0].Number, cat.Counters[1].Number
	if _, err := srv.Engine.ClaimCounter(bg, n, canbo2); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "sign in at a held counter", signIn(srv, servertest.StaffUser, servertest.StaffPassword, fmt.Sprintf("/staff?counter=%d", n), "#conn.up"),
		waitText("#cur-status", "cán bộ khác"), waitText("#act-msg", "canbo2"))
	if off := value(t, ctx, "call-next disabled", chromedp.Evaluate[bool](`document.querySelector('button[data-act="call-next"]').disabled`)); !off {
		t.Fatal("call-next is enabled at another official's counter")
	}
	choose := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](fmt.Sprintf(`(s => { s.value = "%d"; s.dispatchEvent(new Event("change")); })(document.querySelector("#counter"))`, other))(ctx, tg)
		return err
	})
	run(t, ctx, "choose another counter", choose, waitText("#cur-status", "Quầy đang trống"))
	if _, err := srv.Engine.ClaimCounter(bg, other, canbo2); coded.Code(err) != contract.CodeCounterNotYours {
		t.Fatalf("the console did not claim counter %d: %v", other, err)
	}
	if hidden := value(t, ctx, "release button", chromedp.Evaluate[bool](`document.querySelector("#release-btn").hidden`)); !hidden {
		t.Fatal("an official who is not an admin is offered to release counters")
	}
}

// TestBrowserAdminReleasesCounter: an admin at the console of a counter
// another official holds can release it (after confirming) and take it.
func TestBrowserAdminReleasesCounter(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	bg := context.Background()
	n := srv.Engine.Catalogue().Counters[0].Number
	if _, err := srv.Engine.ClaimCounter(bg, n, queue.Actor{Name: servertest.StaffUser, Role: contract.RoleStaff}); err != nil {
		t.Fatal(err)
	}
	yes := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`window.confirm = () => true`)(ctx, tg)
		return err
	})
	run(t, ctx, "admin at a held counter", signIn(srv, servertest.AdminUser, servertest.AdminPassword, fmt.Sprintf("/staff?counter=%d", n), "#conn.up"),
		waitText("#cur-status", "cán bộ khác"), chromedp.WaitVisible(chromedp.CSS("#release-btn")), yes,
		click("#release-btn"), waitText("#cur-status", "Quầy đang trống"), chromedp.WaitNotVisible(chromedp.CSS("#release-btn")))
	_, err := srv.Engine.ClaimCounter(bg, n, queue.Actor{Name: servertest.StaffUser, Role: contract.RoleStaff})
	if coded.Code(err) != contract.CodeCounterNotYours {
		t.Fatalf("after the release the admin does not hold counter %d: %v", n, err)
	}
	log, _ := srv.Engine.Audit(bg, queue.AuditQuery{Action: "counter.release"})
	if len(log) != 1 || log[0].Actor != servertest.AdminUser || log[0].Detail != servertest.StaffUser {
		t.Fatalf("release audit %+v", log)
	}
}

// TestBrowserDeviceReplace: adding a device under a name in use asks the
// admin first; confirmed, the device gets a new token (the old one stops)
// and is bound as the rating tablet of the counter given.
func TestBrowserDeviceReplace(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	asked := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`window.asked = ""; window.confirm = m => { window.asked = m; return true; }`)(ctx, tg)
		return err
	})
	run(t, ctx, "add over an existing name", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/devices", "body[data-ready]"),
		asked, chromedp.SendKeys(chromedp.CSS("#nd-name"), "kiosk-test"), chromedp.SendKeys(chromedp.CSS("#nd-counter"), "3"),
		chromedp.Click(chromedp.CSS(`#device-form button[type="submit"]`)), waitText("#token-value", "d_"))
	if q := value(t, ctx, "confirmation", chromedp.Evaluate[string](`window.asked`)); !strings.Contains(q, "kiosk-test") {
		t.Fatalf("no confirmation before replacing: %q", q)
	}
	if _, err := srv.Kiosk().Help(context.Background()); client.Code(err) != contract.CodeUnauthorized {
		t.Fatalf("the replaced token still works: %v", err)
	}
	devs, err := srv.Auth.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.Name == "kiosk-test" && d.Counter != 3 {
			t.Fatalf("kiosk-test bound to counter %d, want 3", d.Counter)
		}
	}
}

func TestBrowserAdminFeeEditReachesKiosk(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	cat := srv.Engine.Catalogue()
	var code string
	for _, p := range cat.Procedures {
		if len(p.Fees) == 1 && p.Fees[0].Kind == contract.FeeFlat {
			code = p.Code
			break
		}
	}
	if code == "" {
		t.Fatal("no procedure with one flat fee in the default catalogue")
	}
	// The kiosk follows the event stream like the real one does.
	kiosk := srv.Kiosk()
	st, err := kiosk.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan contract.CatalogueEvent, 4)
	fctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		kiosk.Follow(fctx, st.Seq, client.HandlerFuncs{OnEvent: func(ev contract.Event) {
			var ce contract.CatalogueEvent
			if ev.Type == contract.EventCatalogueChanged && ev.Decode(&ce) == nil {
				got <- ce
			}
		}})
	}()
	defer func() { stop(); wg.Wait() }()

	row := fmt.Sprintf(`tr[data-code="%s"]`, code)
	run(t, ctx, "edit the fee", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/catalogue", "body[data-ready]"),
		scrollTo(row), chromedp.Click(chromedp.CSS(row)), waitText("#proc-title", code), chromedp.WaitVisible(chromedp.CSS("#proc-form .f-amount")),
		chromedp.SetValue(chromedp.CSS("#proc-form .f-amount"), "12500"),
		chromedp.Click(chromedp.CSS("#proc-save")), waitText("#cat-msg", "Đã lưu danh mục"),
		waitText(row, "12.500"))
	select {
	case ce := <-got:
		if len(ce.Changed) != 1 || ce.Changed[0].Code != code || ce.Changed[0].Fees[0].Amount != 12500 {
			t.Fatalf("catalogue.changed = %+v, want %s at 12.500 đồng", ce, code)
		}
		if ce.Changed[0].Fees[0].Source != cat.Procedures[indexOf(cat, code)].Fees[0].Source {
			t.Error("editing the amount lost the fee's legal source")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the kiosk never received catalogue.changed")
	}
}

func indexOf(cat contract.Catalogue, code string) int {
	for i, p := range cat.Procedures {
		if p.Code == code {
			return i
		}
	}
	return -1
}

// TestBrowserWrongPasswordLocksOut: after MaxFailures wrong passwords the
// right one is refused too, with the same message as any refusal (the
// page names the lock so an official knows why), and the page stays.
func TestBrowserWrongPasswordLocksOut(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1366, 768)
	run(t, ctx, "open", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), servertest.StaffUser))
	const want = "Sai tên đăng nhập hoặc mật khẩu (sau 5 lần sai, tài khoản tạm khoá 15 phút)"
	for i := 1; i <= 5; i++ {
		run(t, ctx, fmt.Sprintf("attempt %d", i), setValue("#password", ""), chromedp.SendKeys(chromedp.CSS("#password"), "sai-mat-khau"),
			setText("#login-msg", ""),
			click("#login-btn"), waitText("#login-msg", want))
	}
	run(t, ctx, "right password is refused while locked",
		setText("#login-msg", ""),
		setValue("#password", ""), chromedp.SendKeys(chromedp.CSS("#password"), servertest.StaffPassword),
		click("#login-btn"), waitText("#login-msg", want))
	loc := value(t, ctx, "location", chromedp.Location())
	if !strings.Contains(loc, "/login") {
		t.Errorf("a locked account reached %s", loc)
	}
	if _, err := srv.Auth.Login(context.Background(), servertest.StaffUser, servertest.StaffPassword); err == nil {
		t.Error("the account is not locked")
	}
}

// TestBrowserAdminResetsPassword: an admin gives a locked-out official a
// new password from the users page; the official signs in with it.
func TestBrowserAdminResetsPassword(t *testing.T) {
	srv := servertest.New(t)
	bg := context.Background()
	for i := 0; i < 5; i++ {
		srv.Auth.Login(bg, servertest.StaffUser, "sai-mat-khau")
	}
	ctx := newChrome(t, 1366, 768)
	row := fmt.Sprintf("tr[data-user=%q]", servertest.StaffUser)
	run(t, ctx, "sign in", signIn(srv, servertest.AdminUser, servertest.AdminPassword, "/admin/users", "body[data-ready]"))
	if n := value(t, ctx, "own row", chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('tr[data-user=%q] .u-reset').length`, servertest.AdminUser))); n != 0 {
		t.Errorf("the admin's own row offers a reset (%d buttons)", n)
	}
	run(t, ctx, "too short", click(row+" .u-reset"), chromedp.WaitVisible(chromedp.CSS("#reset-pw")),
		waitText("#reset-user", servertest.StaffUser),
		chromedp.SendKeys(chromedp.CSS("#reset-pw"), "ngan"), click("#reset-ok"), waitText("#reset-msg", "Mật khẩu phải có từ 10 ký tự"))
	run(t, ctx, "reset", setValue("#reset-pw", ""), chromedp.SendKeys(chromedp.CSS("#reset-pw"), "mat-khau-moi-cap"),
		click("#reset-ok"), waitText("#u-msg", "Đã đặt mật khẩu mới cho "+servertest.StaffUser))
	if _, err := srv.Auth.Login(bg, servertest.StaffUser, "mat-khau-moi-cap"); err != nil {
		t.Errorf("the official's new password (the reset lifts the lock): %v", err)
	}
	entries, err := srv.Engine.Audit(bg, queue.AuditQuery{Action: "user.password_reset"})
	if err != nil || len(entries) != 1 || entries[0].Actor != servertest.AdminUser || entries[0].Detail != servertest.StaffUser {
		t.Errorf("audit: %+v %v", entries, err)
	}
}

func TestBrowserBoardShowsAndAnnouncesCalls(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1920, 1080)
	tk, err := srv.Kiosk().Issue(context.Background(), birth, "")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "open board", chromedp.Navigate(srv.URL+"/board?token="+srv.DisplayToken),
		chromedp.WaitVisible(chromedp.CSS(".b-counter")), waitText("#b-time", "08:0"),
		waitText("#b-date", "Thứ Tư, 25/11/2026"))
	n := counterFor(t, srv, birth)
	if _, err := srv.Staff().CallNext(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "call shown", waitText("#b-calls li.newest", tk.Number), waitText("#b-counters", tk.Number))
	spoken := value(t, ctx, "spoken", chromedp.Evaluate[[]string](`window.motcuaSpoken`))
	want := "Xin mời công dân có số thứ tự a không không một đến quầy số " + readCounter(n)
	if len(spoken) != 1 || spoken[0] != want {
		t.Errorf("announcements = %q, want [%q]", spoken, want)
	}
	// Without a token the board says what is missing instead of failing silently.
	run(t, ctx, "no token", chromedp.Navigate(srv.URL+"/board"), waitText("#b-ticker", "Thiếu mã thiết bị"))
}

func readCounter(n int) string {
	words := []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"}
	if n <= 10 {
		return words[n]
	}
	return fmt.Sprint(n)
}

// TestBrowserScreenshots is not a test but the generator of the README's
// pictures: `make screenshots` runs it with MOTCUA_SCREENSHOTS=dir, and it
// renders the main pages at the sizes they are used at into dir.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("MOTCUA_SCREENSHOTS")
	if dir == "" {
		t.Skip("screenshot generator: run `make screenshots`")
	}
	srv := servertest.New(t)
	bg := context.Background()
	kiosk, staff := srv.Kiosk(), srv.Staff()
	codes := []string{birth, "2.000815", "2.000884", birth, "1.000894", birth}
	for i, c := range codes {
		p := contract.PriorityNone
		if i == 2 {
			p = contract.PriorityElderly
		}
		if _, err := kiosk.Issue(bg, c, p); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(90 * time.Second)
	}
	for _, k := range srv.Engine.Catalogue().Counters[:3] {
		if _, err := staff.CallNext(bg, k.Number); err != nil && client.Code(err) != contract.CodeQueueEmpty {
			t.Fatal(err)
		}
	}
	shots := []struct {
		name, path, wait string
		w, h             int
		user             string
		ready            step // the page's data is on screen
	}{
		{"staff-1366x768.png", fmt.Sprintf("/staff?counter=%d", counterFor(t, srv, birth)), "#conn.up", 1366, 768, servertest.StaffUser,
			chromedp.Steps(waitText("#today-total", "Đã cấp"), waitText("#waiting", "A00"))},
		{"admin-today-1366x768.png", "/admin/today", "#conn.up", 1366, 768, servertest.AdminUser, waitText("#today-total", "Đã cấp")},
		{"admin-catalogue-1366x768.png", "/admin/catalogue", "#proc-rows tr", 1366, 768, servertest.AdminUser, chromedp.Steps()},
		{"board-1920x1080.png", "/board?token=" + srv.DisplayToken, ".b-counter", 1920, 1080, "", waitText("#b-queues", "A")},
	}
	for _, s := range shots {
		ctx := newChrome(t, s.w, s.h)
		if s.user != "" {
			pw := map[string]string{servertest.StaffUser: servertest.StaffPassword, servertest.AdminUser: servertest.AdminPassword}[s.user]
			run(t, ctx, "sign in", signIn(srv, s.user, pw, s.path, s.wait))
		} else {
			run(t, ctx, "open", chromedp.Navigate(srv.URL+s.path), chromedp.WaitVisible(chromedp.CSS(s.wait)))
		}
		run(t, ctx, "data on "+s.name, s.ready)
		value(t, ctx, "fonts loaded", chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
		png := value(t, ctx, "screenshot "+s.name, chromedp.CaptureScreenshot())
		if len(png) < 10000 {
			t.Errorf("%s: %d bytes, the page looks empty", s.name, len(png))
		}
		if err := os.WriteFile(filepath.Join(dir, s.name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
