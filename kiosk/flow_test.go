package kiosk

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
	"motcua/kiosk/touch"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestBrowseDetailTakeTicket walks the main path: field tile → procedure →
// detail with the fee calculator → priority → ticket on screen, printed,
// and on the server.
func TestBrowseDetailTakeTicket(t *testing.T) {
	srv := servertest.New(t)
	prn := printertest.NewServer(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}, Paper: printer.Paper58})

	tapText(t, k, "Chứng thực")
	waitScreen(t, k, ScreenField)
	tapText(t, k, "Chứng thực bản sao") // the tile shows the short name
	waitScreen(t, k, ScreenDetail)
	waitShows(t, k, "Chứng thực bản sao từ bản chính giấy tờ") // the detail, the official one
	waitShows(t, k, "Thứ Tư trả kết quả trong ngày")
	waitShows(t, k, "Thành tiền: 2.000 đ")
	tapText(t, k, "+") // pages: 2
	tapText(t, k, "+") // pages: 3 → 2.000 + 2.000 + 1.000 (TT 226/2016)
	waitShows(t, k, "Thành tiền: 5.000 đ")

	tapText(t, k, "Lấy số thứ tự")
	waitScreen(t, k, ScreenPriority)
	waitShows(t, k, "Cán bộ sẽ kiểm tra")
	tapText(t, k, "Người cao tuổi")
	waitScreen(t, k, ScreenTicket)

	tk := k.Ticket()
	got, err := srv.Kiosk().Ticket(context.Background(), tk.ID)
	if err != nil {
		t.Fatalf("ticket %s not on the server: %v", tk.Number, err)
	}
	if got.Number != tk.Number || got.Status != contract.StatusWaiting || got.Priority != contract.PriorityElderly {
		t.Errorf("server has %+v", got)
	}
	waitShows(t, k, tk.Number)
	waitShows(t, k, "ƯU TIÊN: Người cao tuổi")
	if tk.SameDay {
		waitShows(t, k, "Thứ Tư: nhận hồ sơ và trả kết quả trong ngày")
	} else {
		t.Error("certified copies on a Wednesday should be same-day")
	}
	waitFor(t, k, "printed", func() bool { return k.printStatus == "Mời Ông/Bà nhận phiếu ở khe bên dưới." })
	prn.Close()
	jobs := prn.Jobs()
	if len(jobs) != 1 {
		t.Fatalf("%d print jobs", len(jobs))
	}
	img, _, err := printer.Decode(jobs[0])
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != int(printer.Paper58) || img.Bounds().Dy() < 600 {
		t.Errorf("printed image %v", img.Bounds())
	}

	tapText(t, k, "Xong")
	waitScreen(t, k, ScreenHome)
}

// TestCommonListTakesTicketDirectly: the home screen's "most common" list
// has its own ticket button.
func TestCommonListTakesTicketDirectly(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "Lấy số thứ tự")
	waitScreen(t, k, ScreenPriority)
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	if tk := k.Ticket(); tk == nil || tk.Priority != contract.PriorityNone {
		t.Fatalf("ticket %+v", tk)
	}
	waitShows(t, k, "Máy này không in phiếu")
}

// TestPrinterFaultKeepsTicket: out of paper, the ticket stays on screen
// with the advice to photograph the QR code, and staff get the fault.
func TestPrinterFaultKeepsTicket(t *testing.T) {
	srv := servertest.New(t)
	prn := printertest.NewServer(t)
	prn.SetStatus(4, printertest.PaperEnd)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}})
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	waitFor(t, k, "printer error", func() bool { return strings.Contains(k.printStatus, "hết giấy") })
	waitShows(t, k, "chụp ảnh mã QR")
	if k.Ticket() == nil || k.Screen() != ScreenTicket {
		t.Fatal("ticket lost after the printer failed")
	}
	if n := len(prn.Jobs()); n != 0 {
		t.Errorf("%d jobs sent to a printer without paper", n)
	}
	ev := waitEvent(t, srv.Display(), contract.EventDeviceFault)
	var f contract.DeviceFault
	// The kiosk asks the printer's status when it starts, so it may report
	// the empty roll before the ticket met it (no ticket number then).
	if err := ev.Decode(&f); err != nil || f.Kind != "paper_out" || f.Ticket != "" && f.Ticket != k.Ticket().Number {
		t.Errorf("fault %+v %v", f, err)
	}
}

// waitEvent replays the server's events until one of type typ.
func waitEvent(t *testing.T, c *client.Client, typ contract.EventType) contract.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	found := make(chan contract.Event, 1)
	go c.Follow(ctx, 0, client.HandlerFuncs{OnEvent: func(ev contract.Event) {
		if ev.Type == typ {
			select {
			case found <- ev:
			default:
			}
		}
	}})
	select {
	case ev := <-found:
		return ev
	case <-ctx.Done():
		t.Fatalf("no %s event", typ)
	}
	return contract.Event{}
}

// serve issues a ticket for queue and has counter call, start and finish it.
func serve(t *testing.T, srv *servertest.Server, queue string, counter int) contract.Ticket {
	t.Helper()
	ctx := context.Background()
	p := procedureIn(t, srv.Kiosk(), queue)
	tk, err := srv.Kiosk().Issue(ctx, p.Code, contract.PriorityNone)
	if err != nil {
		t.Fatal(err)
	}
	staff := srv.Staff()
	for _, step := range []func(context.Context, int) (contract.Ticket, error){staff.CallNext, staff.Start, staff.Finish} {
		if _, err := step(ctx, counter); err != nil {
			t.Fatal(err)
		}
	}
	return tk
}

// tablet is the rating tablet of counter: the server knows the binding from
// the device record, never from the request.
func tablet(t *testing.T, srv *servertest.Server, counter int) *client.Client {
	t.Helper()
	return srv.Tablet(counter)
}

// TestRatingCounterMode: the counter tablet asks for a rating when its
// counter finishes a ticket, takes "Không hài lòng" with a reason, thanks,
// and the server refuses a second rating.
func TestRatingCounterMode(t *testing.T) {
	srv := servertest.New(t)
	tab := tablet(t, srv, 3)
	k := startKiosk(t, srv, Options{Mode: ModeRating, Counter: 3, Client: tab})
	waitShows(t, k, "Mời Ông/Bà đánh giá")
	tk := serve(t, srv, "C", 3)
	waitScreen(t, k, ScreenRate)
	waitShows(t, k, "Phiếu số "+tk.Number+" – Quầy 3")
	tapText(t, k, "Không hài lòng")
	waitScreen(t, k, ScreenReason)
	tapText(t, k, "Phải chờ lâu")
	waitScreen(t, k, ScreenThanks)
	waitShows(t, k, "Cảm ơn Ông/Bà đã đánh giá!")
	_, err := tab.Rate(context.Background(), contract.RatingRequest{Ticket: tk.ID, Score: 3})
	if client.Code(err) != contract.CodeAlreadyRated {
		t.Errorf("second rating: %v", err)
	}
	ev := waitEvent(t, srv.Display(), contract.EventRatingCreated)
	var r contract.Rating
	if err := ev.Decode(&r); err != nil || r.Score != 1 || r.Reason != "Phải chờ lâu" || r.Counter != 3 {
		t.Errorf("rating %+v %v", r, err)
	}
}

// TestOtherReasonNeedsWords: "Lý do khác" opens the keyboard; "Gửi đánh
// giá" does nothing until the citizen has written something, and the
// rating carries their words.
func TestOtherReasonNeedsWords(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{Mode: ModeRating, Counter: 3, Client: tablet(t, srv, 3)})
	waitShows(t, k, "Mời Ông/Bà đánh giá")
	serve(t, srv, "C", 3)
	waitScreen(t, k, ScreenRate)
	tapText(t, k, "Không hài lòng")
	waitScreen(t, k, ScreenReason)
	tapText(t, k, "Lý do khác")
	waitScreen(t, k, ScreenOther)
	tapText(t, k, "Gửi đánh giá")
	k.Do(func() {
		if k.screen != ScreenOther {
			t.Errorf("an empty other reason was sent (screen %s)", k.screen)
		}
	})
	for _, key := range []string{"o", "n"} {
		tapText(t, k, key)
	}
	tapText(t, k, "Gửi đánh giá")
	waitScreen(t, k, ScreenThanks)
	waitShows(t, k, "Cảm ơn")
	ev := waitEvent(t, srv.Display(), contract.EventRatingCreated)
	var r contract.Rating
	if err := ev.Decode(&r); err != nil || r.Reason != contract.ReasonOther+": on" {
		t.Errorf("rating %+v %v", r, err)
	}
}

// TestRatingByNumberAtEntrance: the entrance kiosk rates a served ticket
// typed on the keypad with the code printed on it; a wrong code is refused
// and said so.
func TestRatingByNumberAtEntrance(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tk := serve(t, srv, "C", 3)
	typeNumberAndCode(t, k, tk.Number, otherCode(tk.Code))
	waitScreen(t, k, ScreenError) // the check refuses it before the faces
	waitShows(t, k, "Mã đánh giá không đúng")
	k.Do(k.goHome)
	typeNumberAndCode(t, k, tk.Number, tk.Code)
	waitScreen(t, k, ScreenRate)
	tapText(t, k, "Rất hài lòng")
	waitScreen(t, k, ScreenThanks)
	waitShows(t, k, "Cảm ơn")
	_, err := srv.Kiosk().Rate(context.Background(), contract.RatingRequest{Ticket: tk.Number, Code: tk.Code, Score: 2})
	if client.Code(err) != contract.CodeAlreadyRated {
		t.Errorf("second rating: %v", err)
	}
}

// TestBannerWhileServerDown: the banner appears when the server stops and
// goes once it is back.
func TestBannerWhileServerDown(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	k.Do(func() {
		if !k.online || k.banner.Visible() {
			t.Error("banner shown while connected")
		}
	})
	srv.Stop()
	waitFor(t, k, "banner", func() bool { return !k.online && k.banner.Visible() })
	waitShows(t, k, "Mất kết nối máy chủ – đang kết nối lại")
	// The ticket buttons say the server is out of reach and do nothing.
	waitShows(t, k, "Đang mất kết nối")
	k.Do(func() {
		for _, o := range objects(k) {
			if tile, ok := o.(*touch.Tile); ok && tile.Title == "Lấy số thứ tự" && !tile.Disabled {
				t.Error("a ticket button is live while the server is unreachable")
			}
		}
	})
	// Help asked while offline is kept and sent once the link is back.
	tapText(t, k, "Cần hỗ trợ")
	waitShows(t, k, "yêu cầu sẽ được gửi ngay khi có kết nối lại")
	srv.Restart()
	waitFor(t, k, "banner gone", func() bool { return k.online && !k.banner.Visible() })
	waitFor(t, k, "queued help sent", func() bool { return k.helpSent })
	st, err := srv.Staff().State(context.Background())
	if err != nil || len(st.OpenHelp) != 1 {
		t.Errorf("help asked offline: open help %+v %v", st.OpenHelp, err)
	}
	tapText(t, k, "Đồng ý") // the help message
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
}

// TestTicketFailureOffersRetry: a ticket request that fails says so and
// offers "Thử lại", which takes the ticket once the server answers.
func TestTicketFailureOffersRetry(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	cat := srv.Engine.Catalogue()
	p, _ := cat.Procedure("1.001193")
	srv.Stop()
	k.Do(func() { k.takeTicket(p, contract.PriorityNone) })
	waitScreen(t, k, ScreenError)
	waitShows(t, k, "Chưa lấy được số")
	srv.Restart()
	waitFor(t, k, "back online", func() bool { return k.online })
	tapText(t, k, "Thử lại")
	waitScreen(t, k, ScreenTicket)
}

// TestHelpButton sends a help request staff can see.
func TestHelpButton(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "Cần hỗ trợ")
	waitFor(t, k, "help sent", func() bool { return k.helpSent })
	waitShows(t, k, "Cán bộ sẽ đến hỗ trợ Ông/Bà ngay")
	st, err := srv.Staff().State(context.Background())
	if err != nil || len(st.OpenHelp) != 1 {
		t.Errorf("open help %v %v", st.OpenHelp, err)
	}
}

// TestHelpTappedManyTimes: after many taps the server refuses more
// (rate_limited), yet the citizen is told help is coming, which it is: the
// first request is still open on the consoles, alone.
func TestHelpTappedManyTimes(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	limited := false
	for range 20 {
		if _, err := srv.Kiosk().Help(context.Background()); client.Code(err) == contract.CodeRateLimited {
			limited = true
		}
	}
	if !limited {
		t.Fatal("20 help requests in a row were all accepted")
	}
	tapText(t, k, "Cần hỗ trợ")
	waitFor(t, k, "help sent", func() bool { return k.helpSent })
	waitShows(t, k, "Cán bộ sẽ đến hỗ trợ Ông/Bà ngay")
	st, err := srv.Staff().State(context.Background())
	if err != nil || len(st.OpenHelp) != 1 {
		t.Errorf("open help %v %v", st.OpenHelp, err)
	}
}

// TestSearchAsYouType: typing without diacritics, on a physical keyboard or
// the on-screen one with Telex, finds the procedure.
func TestSearchAsYouType(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "Tìm thủ tục")
	waitScreen(t, k, ScreenSearch)
	k.Do(func() { test.Type(k.search.entry, "hon nhan") })
	waitShows(t, k, "Xác nhận tình trạng hôn nhân")
	tapText(t, k, "Xóa hết")
	for _, key := range []string{"k", "e", "e", "t", "s", "Dấu cách", "h", "o", "n"} {
		tapText(t, k, key)
	}
	waitFor(t, k, "telex text", func() bool { return k.search.entry.Text == "kết hon" })
	waitShows(t, k, "Đăng ký kết hôn")
	tapText(t, k, "Đăng ký kết hôn")
	waitScreen(t, k, ScreenDetail)
}

// TestIdleGoesHome: an untouched screen counts down and returns home.
func TestIdleGoesHome(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{Idle: 2 * time.Second})
	tapText(t, k, "Hộ tịch")
	waitScreen(t, k, ScreenField)
	waitFor(t, k, "countdown", func() bool { return strings.HasPrefix(k.countdown.Text, "Tự động về trang chủ sau") })
	waitScreen(t, k, ScreenHome)
	if k.countdown.Text != "" {
		t.Errorf("countdown %q on the home screen", k.countdown.Text)
	}
}

// TestAdminExitNeedsPIN: five taps on the centre's name open the PIN pad;
// a wrong PIN does not exit, the right one does.
func TestAdminExitNeedsPIN(t *testing.T) {
	srv := servertest.New(t)
	exited := false
	k := startKiosk(t, srv, Options{AdminPIN: "2468", OnExit: func() { exited = true }})
	for range 5 {
		tapText(t, k, "centre")
	}
	waitScreen(t, k, ScreenAdmin)
	tapText(t, k, "1")
	tapText(t, k, "Đồng ý")
	waitShows(t, k, "Sai mã")
	for _, d := range "2468" {
		tapText(t, k, string(d))
	}
	tapText(t, k, "Đồng ý")
	k.Do(func() {
		if !exited {
			t.Error("right PIN did not exit")
		}
	})
}

// TestEnglishToggle switches every text of the screen.
func TestEnglishToggle(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "English")
	waitShows(t, k, "Choose a field")
	waitShows(t, k, "Wednesday, 25/11/2026")
	tapText(t, k, "Tiếng Việt")
	waitShows(t, k, "Thứ Tư, 25/11/2026")
	// The text-size button steps up twice (≥ 1.3×, ≥ 1.6× the normal
	// 26 units), then back, and always says what its next tap gives.
	for _, step := range []struct {
		tap, next string
		least     float32
	}{{"A+  Chữ lớn", "A++  Chữ rất lớn", 26 * 1.3}, {"A++  Chữ rất lớn", "A−  Cỡ chữ thường", 26 * 1.6}, {"A−  Cỡ chữ thường", "A+  Chữ lớn", 26}} {
		tapText(t, k, step.tap)
		waitShows(t, k, step.next)
		k.Do(func() {
			if s := k.app.Settings().Theme().Size("text"); s < step.least || s > step.least+0.01 {
				t.Errorf("after %q the text is %v, want %v", step.tap, s, step.least)
			}
		})
	}
}

// TestIdleAsksThenStartsFresh: before going home the kiosk asks whether
// the citizen still needs it; "yes" keeps the screen. When nobody answers,
// home comes back in Vietnamese and normal text, whatever the last citizen
// chose, so the next one does not inherit English or large text.
func TestIdleAsksThenStartsFresh(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{Idle: time.Hour})
	tapText(t, k, "English")
	tapText(t, k, "A+  Larger text")
	tapText(t, k, "Civil status")
	waitScreen(t, k, ScreenField)

	k.Do(func() { k.touched = time.Now().Add(-time.Hour + 5*time.Second) })
	waitFor(t, k, "the question", func() bool { return k.stillThere != nil })
	waitShows(t, k, "Do you still need help?")
	tapText(t, k, "Yes, I am still here")
	k.Do(func() {
		if k.stillThere != nil || k.screen != ScreenField {
			t.Errorf("after yes: question %v, screen %q", k.stillThere != nil, k.screen)
		}
	})

	k.Do(func() { k.touched = time.Now().Add(-time.Hour - time.Second) })
	waitScreen(t, k, ScreenHome)
	k.Do(func() {
		if k.lang != "vi" || k.size != sizeNormal || k.stillThere != nil {
			t.Errorf("home after idle: lang %q, size %v, question %v", k.lang, k.size, k.stillThere != nil)
		}
	})
	waitShows(t, k, "Xin chào Ông/Bà!")
}

// TestBackReturnsWhereTheCitizenWas: "Quay lại" is a stack. From a detail
// opened in a field list it returns to that list, scrolled where it was;
// from the priority question to the detail; from a detail found by search
// to the search, with the query still typed.
func TestBackReturnsWhereTheCitizenWas(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "Chứng thực")
	waitScreen(t, k, ScreenField)
	var offset float32
	k.Do(func() {
		s := k.scrolls[0]
		s.ScrollTo(60)
		offset = s.Offset()
	})
	if offset == 0 {
		t.Fatal("the field list does not scroll at this size: the test needs it to")
	}
	tapText(t, k, "Chứng thực chữ ký")
	waitScreen(t, k, ScreenDetail)
	tapText(t, k, "Lấy số thứ tự")
	waitScreen(t, k, ScreenPriority)
	tapText(t, k, "‹  Quay lại")
	waitScreen(t, k, ScreenDetail)
	tapText(t, k, "‹  Quay lại")
	waitScreen(t, k, ScreenField)
	k.Do(func() {
		if got := k.scrolls[0].Offset(); got != offset {
			t.Errorf("field list back at %v, was %v", got, offset)
		}
	})
	tapText(t, k, "‹  Quay lại")
	waitScreen(t, k, ScreenHome)

	tapText(t, k, "Tìm thủ tục")
	waitScreen(t, k, ScreenSearch)
	k.Do(func() { test.Type(k.search.entry, "khai sinh") })
	waitShows(t, k, "Đăng ký khai sinh")
	tapText(t, k, "Đăng ký khai sinh")
	waitScreen(t, k, ScreenDetail)
	tapText(t, k, "‹  Quay lại")
	waitScreen(t, k, ScreenSearch)
	k.Do(func() {
		if k.search.entry.Text != "khai sinh" {
			t.Errorf("back from the detail: search box %q, want the query kept", k.search.entry.Text)
		}
	})
}
