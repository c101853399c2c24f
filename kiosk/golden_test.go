package kiosk

import (
	"context"
	"image"
	"image/draw"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"motcua/kiosk/i18n"
	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
	"motcua/kiosk/search"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// fixedURL stands in for the server address on golden screens, so QR codes
// do not change with the test server's random port.
const fixedURL = "http://192.168.1.10:8080"

// goldenTicket is a ticket with fixed values for golden images.
var goldenTicket = contract.Ticket{
	ID: "3f9a1c2e7b5d4a60918e2c4b7d1f0a35", Number: "C007", Queue: "C", Priority: contract.PriorityElderly,
	Status: contract.StatusWaiting, Position: 6, EstimatedWaitS: 1500, SameDay: true,
	IssuedAt: servertest.Start.Add(101 * time.Minute), Code: "048213",
}

// offlineKiosk is a kiosk showing the real default catalogue without a
// live connection: its screens depend on nothing random.
func offlineKiosk(t *testing.T) (*Kiosk, contract.Catalogue) {
	t.Helper()
	srv := servertest.New(t)
	ctx := context.Background()
	cat, err := srv.Kiosk().Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := srv.Kiosk().State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := client.New(fixedURL, "none")
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := test.NewWindow(nil)
	w.Resize(screenSize)
	k, err := New(a, w, Options{Client: c, Now: func() time.Time { return servertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	k.cat, k.index, k.centre, k.loaded = cat, search.New(cat), st.Centre, true
	k.buildTop()
	k.goHome()
	return k, cat
}

// TestGoldenScreens renders every main screen in Vietnamese and English.
// Regenerate after a deliberate change by copying testdata/failed/*.png
// over testdata/.
func TestGoldenScreens(t *testing.T) {
	k, cat := offlineKiosk(t)
	copyProc, _ := cat.Procedure("2.000815")
	var field contract.Field
	for _, f := range cat.Fields {
		if f.ID == copyProc.Field {
			field = f
		}
	}
	screens := []struct {
		name string
		show func()
	}{
		{"home", k.goHome},
		{"field", func() { k.showField(field) }},
		{"detail", func() { k.showDetail(copyProc) }},
		{"priority", func() { k.showPriority(copyProc) }},
		{"search", func() { k.showSearch(); k.search.entry.SetText("chung thuc") }},
		{"search_common", k.showSearch},
		{"ticket", func() { k.showTicket(goldenTicket, copyProc) }},
		{"ticket_fault", func() { // out of paper: the fallback in large type
			tk := goldenTicket
			tk.ID = "f" + tk.ID[1:]
			k.printing = ticketPrint{id: tk.ID, phase: printFailed, key: "printer.paper"}
			k.showTicket(tk, copyProc)
		}},
		{"rate", func() { k.showRate(rateTarget{ID: goldenTicket.ID, Number: goldenTicket.Number, Counter: 3}) }},
		{"reason", func() { k.showReasons(rateTarget{ID: goldenTicket.ID, Number: goldenTicket.Number, Counter: 3}) }},
		{"other", func() {
			k.showOtherReason(rateTarget{ID: goldenTicket.ID, Number: goldenTicket.Number, Counter: 3}, "Phòng chờ nóng")
		}},
		{"code", func() {
			k.showCodePad(goldenTicket.Number)
			for _, key := range []string{"0", "4", "8"} {
				tapText(t, k, key)
			}
		}},
		{"thanks", func() { k.rated(nil) }},
		{"keypad", func() {
			k.showKeypad()
			for _, key := range []string{"C", "0", "0", "7"} {
				tapText(t, k, key)
			}
		}},
		{"admin", func() {
			k.showAdmin()
			tapText(t, k, "1")
			tapText(t, k, i18n.T(k.lang, "ok")) // wrong PIN: the message shows
			tapText(t, k, "2")
			tapText(t, k, "4")
		}},
		{"help", func() { k.goHome(); k.showHelpSent(k.lang, nil) }},
		{"offline", func() { k.goHome(); k.setOnline(false) }},
	}
	for _, lang := range []string{"vi", "en"} {
		k.lang = lang
		k.buildTop()
		k.buildBanner()
		for _, s := range screens {
			s.show()
			test.AssertImageMatches(t, "screen_"+s.name+"_"+lang+".png", k.win.Canvas().Capture())
			clearOverlays(k)
			k.setOnline(true)
		}
	}
}

// clearOverlays takes pop-ups off the window, so that one screen's
// overlay does not cover the next golden image.
func clearOverlays(k *Kiosk) {
	for o := k.win.Canvas().Overlays().Top(); o != nil; o = k.win.Canvas().Overlays().Top() {
		k.win.Canvas().Overlays().Remove(o)
	}
}

// TestPrintedTicketGolden prints a fixed ticket to the fake printer and
// compares the decoded raster with the golden image.
func TestPrintedTicketGolden(t *testing.T) {
	k, cat := offlineKiosk(t)
	prn := printertest.NewServer(t)
	k.opt.Printer = &printer.TCPPrinter{Addr: prn.Addr()}
	k.opt.Paper = printer.Paper58
	p, _ := cat.Procedure("2.000815")
	k.print(goldenTicket, p, "vi")
	prn.Close()
	jobs := prn.Jobs()
	if len(jobs) != 1 {
		t.Fatalf("%d jobs", len(jobs))
	}
	img, _, err := printer.Decode(jobs[0])
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	test.AssertImageMatches(t, "printed_ticket_58mm_vi.png", rgba)
	// 203 dpi thermal printers print 8 dots per millimetre; this ticket has
	// every optional line (priority, Wednesday), so every ticket fits.
	if dots := img.Bounds().Dy(); dots > 100*8 {
		t.Errorf("the default ticket is %.1f mm long, want at most 100", float64(dots)/8)
	}
}

// TestPrintedDocumentsAreASetting: with -print-documents the list is on
// the ticket, and only then.
func TestPrintedDocumentsAreASetting(t *testing.T) {
	k, cat := offlineKiosk(t)
	p, _ := cat.Procedure("2.000815")
	if l := k.Layout(goldenTicket, p, "vi"); len(l.Documents) != 0 {
		t.Errorf("documents printed by default: %q", l.Documents)
	}
	k.opt.PrintDocuments = true
	if l := k.Layout(goldenTicket, p, "vi"); len(l.Documents) != len(p.Documents) || l.Documents[0] != p.Documents[0].VI {
		t.Errorf("with the setting: %q", l.Documents)
	}
}

// TestGoldenScreensAtEverySize renders the screens a citizen meets on the
// way to a ticket on the small landscape panel at the largest text and on
// the portrait panel at large text, where their layouts differ most from
// the 1080p ones in TestGoldenScreens.
func TestGoldenScreensAtEverySize(t *testing.T) {
	k, cat := offlineKiosk(t)
	copyProc, _ := cat.Procedure("2.000815")
	shown := map[string]func(){
		"home":   k.goHome,
		"detail": func() { k.showDetail(copyProc) },
		"search": func() { k.showSearch(); k.search.entry.SetText("chung thuc") },
		"ticket": func() { k.showTicket(goldenTicket, copyProc) },
		"keypad": k.showKeypad,
		"rate":   func() { k.showRate(rateTarget{ID: goldenTicket.ID, Number: goldenTicket.Number, Counter: 3}) },
	}
	for _, c := range []struct {
		name string
		size fyne.Size
		text textSize
	}{{"1366x768_x1.6", fyne.NewSize(1366, 768), sizeExtra}, {"1080x1920_x1.3", fyne.NewSize(1080, 1920), sizeLarge}} {
		k.win.Resize(c.size)
		setTextSize(k, c.text)
		for _, name := range []string{"home", "detail", "search", "ticket", "keypad", "rate"} {
			shown[name]()
			k.win.Content().Refresh() // as the driver's next frame does
			test.AssertImageMatches(t, "size_"+name+"_"+c.name+".png", k.win.Canvas().Capture())
		}
	}
}
