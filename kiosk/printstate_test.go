package kiosk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
	"motcua/kiosk/touch"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// panels are the screens centres put kiosks on: a 1080p panel, an older
// 1366×768 one, and a 1080p panel turned upright.
var panels = []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1366, Height: 768}, {Width: 1080, Height: 1920}}

// outOfPaper is a fake printer with an empty roll.
func outOfPaper(t *testing.T) *printertest.Server {
	prn := printertest.NewServer(t)
	prn.SetStatus(4, printertest.PaperEnd)
	return prn
}

// takeNormalTicket taps through the home screen's common list to a
// normal ticket and waits for its screen.
func takeNormalTicket(t *testing.T, k *Kiosk) contract.Ticket {
	t.Helper()
	tapText(t, k, "Lấy số thứ tự")
	waitScreen(t, k, ScreenPriority)
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	return *k.Ticket()
}

// textOf is the text an object shows, "" for objects without text.
func textOf(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *canvas.Text:
		return v.Text
	case *widget.Label:
		return v.Text
	case *widget.RichText:
		return v.String()
	case *touch.Tile:
		return v.Title
	}
	return ""
}

// findText is the first visible object on the window whose text contains s.
func findText(k *Kiosk, s string) fyne.CanvasObject {
	for _, o := range objects(k) {
		if o.Visible() && strings.Contains(textOf(o), s) {
			return o
		}
	}
	return nil
}

// inView checks that the objects showing each of texts are wholly inside
// the window and above the "Xong" button, so nobody has to scroll to them.
func inView(t *testing.T, k *Kiosk, texts ...string) {
	t.Helper()
	d := k.app.Driver()
	win := k.win.Canvas().Size()
	done := findText(k, "Xong")
	if done == nil {
		done = findText(k, "Done")
	}
	if done == nil {
		t.Fatal("no Xong button")
	}
	foot := d.AbsolutePositionForObject(done).Y
	if foot+done.Size().Height > win.Height+1 {
		t.Errorf("%v: Xong at y=%v, height %v, below the window", win, foot, done.Size().Height)
	}
	for _, s := range texts {
		o := findText(k, s)
		if o == nil {
			t.Errorf("%v: %q not on screen", win, s)
			continue
		}
		p, sz := d.AbsolutePositionForObject(o), o.Size()
		if _, ok := o.(*widget.RichText); ok { // its blank band above and below may overhang
			p.Y, sz.Height = p.Y+theme.InnerPadding(), sz.Height-2*theme.InnerPadding()
		}
		if p.X < 0 || p.Y < 0 || p.X+sz.Width > win.Width+1 || p.Y+sz.Height > foot+1 || sz.Height < 1 {
			t.Errorf("%v: %q at %v size %v, outside the window or under the footer at y=%v", win, s, p, sz, foot)
		}
	}
}

// TestTicketFallbackInViewEverywhere: out of paper, the ticket screen asks
// in large type to remember the number and the counter, and the number,
// the fallback, the procedure, the counters, the position and wait and
// the print state are all in the window without scrolling on every
// panel in normal text (and in large text on the 1080p panels), with the
// QR code beside or below.
func TestTicketFallbackInViewEverywhere(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: outOfPaper(t).Addr()}})
	tk := takeNormalTicket(t, k)
	counters := ""
	k.Do(func() { counters = k.countersText(tk.Queue) })
	if counters == "" {
		t.Fatalf("queue %s has no counters in the default catalogue", tk.Queue)
	}
	fallback := "Ông/Bà vui lòng ghi nhớ số " + tk.Number + " và đến quầy " + counters
	waitShows(t, k, fallback)
	waitShows(t, k, "Phiếu không in được (hết giấy)")
	for _, large := range []bool{false, true} {
		if large {
			tapText(t, k, "A+  Chữ lớn")
		}
		for _, size := range panels {
			k.Do(func() {
				settle(k, size)
				if large && size.Height < 1000 {
					// 1366×768 at 1.3×: the number and the fallback, which
					// names the counters, stay in view; the details under
					// them are a drag away (TestEveryScreenFits).
					inView(t, k, tk.Number, fallback)
				} else {
					inView(t, k, tk.Number, fallback, "Phiếu không in được", "hàng "+tk.Queue, "Quầy phục vụ: "+counters, "Thời gian chờ dự kiến")
				}
				checkQRInView(t, k, size)
			})
		}
	}
	k.Do(func() { k.win.Resize(screenSize) })
}

// settle resizes the window and lays it out until the sizes stop
// changing, as the real driver does before it paints (the test driver
// lays out a container only when its own size changes, so a top bar that
// wraps to more lines would otherwise keep its old height).
func settle(k *Kiosk, size fyne.Size) {
	k.win.Resize(size)
	k.redraw() // as the kiosk's size watch does once the test lets go of the UI
	for range 4 {
		k.win.Content().Refresh()
		k.root.Refresh()
		objects(k)
	}
}

// checkQRInView checks the QR code is in the window: right of the facts on a
// landscape panel, under them on a portrait one.
func checkQRInView(t *testing.T, k *Kiosk, size fyne.Size) {
	t.Helper()
	d := k.app.Driver()
	var qr *canvas.Image
	for _, o := range objects(k) {
		if img, ok := o.(*canvas.Image); ok && img.Visible() {
			qr = img
		}
	}
	num := findText(k, k.ticket.Number)
	if qr == nil || num == nil {
		t.Fatalf("%v: QR %v, number %v", size, qr != nil, num != nil)
	}
	q, n := d.AbsolutePositionForObject(qr), d.AbsolutePositionForObject(num)
	if q.X+qr.Size().Width > size.Width+1 || q.Y+qr.Size().Height > size.Height+1 || qr.Size().Width < qrMin-1 {
		t.Errorf("%v: QR at %v size %v", size, q, qr.Size())
	}
	portrait := size.Height > size.Width
	if below := q.Y > n.Y+num.Size().Height; below != portrait {
		t.Errorf("%v: QR at %v, number at %v: below the number %v, want %v", size, q, n, below, portrait)
	}
}

// TestRedrawKeepsPrintState: the language and text-size toggles redraw
// the ticket screen from the kiosk's state: a printed ticket stays
// printed, a failed one keeps its fallback, never "printing" again.
func TestRedrawKeepsPrintState(t *testing.T) {
	srv := servertest.New(t)
	prn := printertest.NewServer(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}})
	takeNormalTicket(t, k)
	waitShows(t, k, "Mời Ông/Bà nhận phiếu ở khe bên dưới.")
	tapText(t, k, "English")
	waitShows(t, k, "Please take your ticket below.")
	tapText(t, k, "A+  Larger text")
	k.Do(func() {
		if k.screen != ScreenTicket || shows(k, "Printing") || !shows(k, "Please take your ticket below.") {
			t.Errorf("after the toggles: screen %s, print line %q", k.screen, k.printStatus)
		}
	})
	tapText(t, k, "Done")
	waitScreen(t, k, ScreenHome)

	prn.SetStatus(2, printertest.CoverOpen)
	tk := takeNormalTicket(t, k)
	waitShows(t, k, "Ông/Bà vui lòng ghi nhớ số "+tk.Number)
	tapText(t, k, "English")
	waitShows(t, k, "Please remember your number "+tk.Number)
	waitShows(t, k, "The ticket did not print (cover open)")
	tapText(t, k, "Tiếng Việt")
	k.Do(func() {
		if shows(k, "Đang in phiếu") || !shows(k, "nắp máy in đang mở") {
			t.Errorf("after the toggle: print line %q", k.printStatus)
		}
	})
}

// TestPrinterBannerUntilItWorks: after a ticket did not print, every
// screen but the ticket's says the printer is out, until a status check
// finds paper again; a roll found empty by a status check alone, before
// any ticket, shows the banner too.
func TestPrinterBannerUntilItWorks(t *testing.T) {
	srv := servertest.New(t)
	prn := outOfPaper(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}, PrinterCheck: 50 * time.Millisecond})
	waitShows(t, k, "Máy in phiếu tạm hết giấy – Ông/Bà vẫn lấy được số") // seen by the status check
	takeNormalTicket(t, k)
	k.Do(func() {
		if k.printerBanner.Visible() {
			t.Error("the banner covers the ticket screen")
		}
	})
	tapText(t, k, "Xong")
	waitScreen(t, k, ScreenHome)
	waitShows(t, k, "Máy in phiếu tạm hết giấy – Ông/Bà vẫn lấy được số: vui lòng ghi nhớ số hiện trên màn hình")
	tapText(t, k, "English")
	waitShows(t, k, "The ticket printer is out of paper – you can still take a number")

	prn.SetStatus(4, printertest.Ready) // staff put a new roll in
	waitFor(t, k, "banner gone", func() bool { return !k.printerBanner.Visible() && !k.printerOut() })
	tapText(t, k, "Tiếng Việt")
	takeNormalTicket(t, k)
	waitShows(t, k, "Mời Ông/Bà nhận phiếu ở khe bên dưới.")
}

// TestTicketsHeldWhilePrinterOut: a centre that issues no ticket it
// cannot print has its ticket buttons dimmed, pointing to the information
// desk, while the printer is out, and live again once it works.
func TestTicketsHeldWhilePrinterOut(t *testing.T) {
	srv := servertest.New(t)
	s := srv.Engine.Settings()
	s.TicketsNeedPrinter = true
	if err := srv.Admin().Do(context.Background(), http.MethodPut, "/settings", s, nil); err != nil {
		t.Fatal(err)
	}
	prn := outOfPaper(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}, PrinterCheck: 50 * time.Millisecond})
	waitShows(t, k, "Mời đến bàn hướng dẫn")
	waitShows(t, k, "Máy in phiếu tạm hết giấy – tạm dừng phát số, xin mời Ông/Bà đến bàn hướng dẫn")
	k.Do(func() {
		for _, o := range objects(k) {
			if tile, ok := o.(*touch.Tile); ok && tile.Title == "Lấy số thứ tự" && !tile.Disabled {
				t.Error("a ticket button is live while the printer is out")
			}
		}
	})
	tapText(t, k, "Lấy số thứ tự")
	k.Do(func() {
		if k.screen != ScreenHome {
			t.Errorf("a held ticket button opened %s", k.screen)
		}
	})
	prn.SetStatus(4, printertest.Ready)
	waitFor(t, k, "buttons live", func() bool {
		for _, o := range objects(k) {
			if tile, ok := o.(*touch.Tile); ok && tile.Title == "Lấy số thứ tự" {
				return !tile.Disabled
			}
		}
		return false
	})
	takeNormalTicket(t, k)
}

// TestFailedTicketStaysLonger: a ticket that did not print stays on
// screen three times the idle time (the citizen notes the number or
// photographs the QR code); a printed one goes home after the usual time.
func TestFailedTicketStaysLonger(t *testing.T) {
	srv := servertest.New(t)
	prn := printertest.NewServer(t)
	k := startKiosk(t, srv, Options{Printer: &printer.TCPPrinter{Addr: prn.Addr()}, Idle: time.Minute})
	takeNormalTicket(t, k)
	waitShows(t, k, "Mời Ông/Bà nhận phiếu")
	k.Do(func() {
		k.touched = time.Now().Add(-time.Minute - time.Second)
		k.tickIdle()
		if k.screen != ScreenHome {
			t.Errorf("a printed ticket still on screen after the idle time (%s)", k.screen)
		}
	})

	prn.SetStatus(4, printertest.PaperEnd)
	takeNormalTicket(t, k)
	waitShows(t, k, "Ông/Bà vui lòng ghi nhớ số")
	k.Do(func() {
		if got := k.idleTime(); got != 3*time.Minute {
			t.Errorf("idle time of a failed ticket %v, want 3m", got)
		}
		k.touched = time.Now().Add(-2 * time.Minute)
		k.tickIdle()
		if k.screen != ScreenTicket || k.stillThere != nil {
			t.Errorf("after 2 min: screen %s, question %v", k.screen, k.stillThere != nil)
		}
		k.touched = time.Now().Add(-3*time.Minute + 5*time.Second)
		k.tickIdle()
		if k.stillThere == nil {
			t.Error("no question before leaving the failed ticket")
		}
		k.touched = time.Now().Add(-3*time.Minute - time.Second)
		k.tickIdle()
		if k.screen != ScreenHome || k.idleTime() != time.Minute {
			t.Errorf("after 3 min: screen %s, idle %v", k.screen, k.idleTime())
		}
	})
}

// TestFaultReportedOnce: staff hear of a fault once, however many tickets
// meet it, and again only for a new fault after the printer worked.
func TestFaultReportedOnce(t *testing.T) {
	srv := servertest.New(t)
	var reports atomic.Int32
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/faults") {
			reports.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	c, err := client.New(front.URL, srv.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	prn := printertest.NewServer(t)
	k := startKiosk(t, srv, Options{Client: c, Printer: &printer.TCPPrinter{Addr: prn.Addr()}, PrinterCheck: 50 * time.Millisecond})

	prn.SetStatus(4, printertest.PaperEnd)
	first := takeNormalTicket(t, k)
	waitShows(t, k, "ghi nhớ số "+first.Number)
	ev := waitEvent(t, srv.Display(), contract.EventDeviceFault)
	var f contract.DeviceFault
	if err := ev.Decode(&f); err != nil || f.Kind != "paper_out" {
		t.Errorf("fault %+v %v", f, err)
	}
	tapText(t, k, "Xong")
	second := takeNormalTicket(t, k)
	waitShows(t, k, "ghi nhớ số "+second.Number)
	tapText(t, k, "Xong")

	prn.SetStatus(4, printertest.Ready)
	waitFor(t, k, "printer back", func() bool { return !k.printerOut() })
	prn.SetStatus(2, printertest.CoverOpen)
	third := takeNormalTicket(t, k)
	waitShows(t, k, "ghi nhớ số "+third.Number)
	waitFor(t, k, "cover fault reported", func() bool { return k.fault != nil && k.fault.reported })
	k.Close() // every report the kiosk meant to send has been sent
	if n := reports.Load(); n != 2 {
		t.Errorf("%d fault reports for two faults", n)
	}
}
