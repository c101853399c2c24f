// Package kiosk is the citizens' touchscreen at the entrance of the ward
// centre, and in rating mode the small tablet at a counter that asks how
// the service was.
//
// It is built for people who have never used a computer: one thing per
// screen, big tiles, Vietnamese first, a way home from everywhere and back
// home by itself when a citizen walks away. It talks to the centre server
// only through the Go client and keeps working through server restarts: a
// banner says the link is down, the follower reconnects by itself and the
// catalogue is reloaded whenever it changes.
//
// The package receives its fyne.App and fyne.Window, so its tests drive it
// with Fyne's test driver against a real in-process server.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/kiosk/printer"
	"motcua/kiosk/search"
	"motcua/kiosk/touch"
	"motcua/server/client"
	"motcua/server/contract"
)

// Modes of the kiosk.
const (
	// ModeKiosk is the entrance kiosk: browse, search, take a ticket, rate.
	ModeKiosk = "kiosk"
	// ModeRating is the tablet at one counter that asks for a rating each
	// time that counter finishes a ticket.
	ModeRating = "rating"
)

// Screen names, kept in Kiosk.Screen for tests and the idle timer.
const (
	ScreenLoading  = "loading"
	ScreenHome     = "home"
	ScreenField    = "field"
	ScreenDetail   = "detail"
	ScreenPriority = "priority"
	ScreenTaking   = "taking"
	ScreenTicket   = "ticket"
	ScreenSearch   = "search"
	ScreenKeypad   = "keypad"
	ScreenRate     = "rate"
	ScreenReason   = "reason"
	ScreenOther    = "other" // the citizen's own words for "Lý do khác"
	ScreenCode     = "code"  // the rating code printed on the ticket
	// ScreenChecking waits for the server's check of a typed number and
	// code before the faces.
	ScreenChecking = "checking"
	ScreenThanks   = "thanks"
	ScreenAdmin    = "admin"
	ScreenError    = "error"
)

// Options configure a kiosk. Client is required; everything else has a
// usable default.
type Options struct {
	Client *client.Client
	// Printer prints tickets; nil means this kiosk has none.
	Printer printer.Printer
	// Paper is the roll width (printer.Paper58 or Paper80).
	Paper printer.Paper
	// PrintDocuments adds the procedure's documents list to the printed
	// ticket. Off by default: the list is on the screen and behind the QR
	// code, and printing it makes a ticket half again as long.
	PrintDocuments bool
	// Lang is the starting language, "vi" (default) or "en".
	Lang string
	// Idle is how long a screen stays without a touch before the kiosk goes
	// home; 60 s when zero.
	Idle time.Duration
	// Mode is ModeKiosk (default) or ModeRating.
	Mode string
	// Counter is the counter a rating tablet serves (ModeRating only).
	Counter int
	// AdminPIN unlocks the exit; empty means the kiosk cannot be left from
	// the screen at all.
	AdminPIN string
	// Now is the clock for the date in the top bar. When nil the kiosk uses
	// the server's clock (State.Now at the last load plus the time elapsed
	// since), so a kiosk whose own clock is wrong after a power cut still
	// shows the centre's date; before the first load it uses time.Now.
	Now func() time.Time
	// Log receives operational messages; discarded when nil.
	Log *slog.Logger
	// OnExit runs after the admin PIN was entered; it quits the app when nil.
	OnExit func()
	// PrintTimeout bounds one print job; 20 s when zero.
	PrintTimeout time.Duration
	// PrinterCheck is how often the kiosk asks a working printer for its
	// status, so a roll that ran out with the last ticket shows on the home
	// screen before the next citizen takes one; 30 s when zero. A printer
	// that is out is asked every 5 s (or PrinterCheck if shorter).
	PrinterCheck time.Duration
	// HideCursor hides the mouse pointer over the whole window.
	HideCursor bool
	// Location is the centre's time zone for printed times; Asia/Ho_Chi_Minh
	// (or UTC+7) when nil.
	Location *time.Location
	// Speaker reads the detail and ticket screens aloud in Vietnamese for
	// citizens who cannot read them; nil (no espeak-ng, no sound output, or
	// turned off) means the "Đọc cho tôi nghe" button is not shown.
	Speaker Speaker
}

// Kiosk is one running kiosk window.
type Kiosk struct {
	app fyne.App
	win fyne.Window
	opt Options

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// mu serialises UI changes made from goroutines (through ui) with the
	// test goroutine, which taps while holding it. On a real display both
	// run on the main thread anyway.
	mu     sync.Mutex
	closed bool

	// started is set by Start: only a running kiosk redraws itself when
	// its window changes size.
	started bool
	lang    string
	// size is the citizen's text size (normal, large, extra large).
	size textSize
	// nav is the way back: the screens left for the current one.
	nav   []navEntry
	going bool // drawing a screen popped from nav
	// scrolls are the lists of the screen on show; building collects those
	// of the screen being built until setBody shows it.
	scrolls, building []*touch.Scroll
	// helpPending is a help request made while the server was unreachable,
	// sent when the link comes back.
	helpPending bool
	// stillThere is the "Ông/Bà còn cần hỗ trợ không?" question while shown.
	stillThere *widget.PopUp
	cat        contract.Catalogue
	index      *search.Index
	centre     contract.CentreInfo
	loaded     bool
	online     bool
	screen     string
	touched    time.Time
	render     func() // redraws the current screen, after a language change

	// serverNow is the server's clock as read at serverAt (kiosk monotonic
	// clock), the base of now when Options.Now is nil.
	serverNow time.Time
	serverAt  time.Time
	// topDate is the date the top bar shows, so the bar is redrawn when
	// the centre's day changes at local midnight.
	topDate string
	// detail is the procedure on the detail screen, redrawn when a
	// catalogue change alters it.
	detail contract.Procedure

	// speech is the sentence being read aloud, if any (see speak.go).
	speech speaking

	ticket *contract.Ticket // the ticket on screen
	// printing is where the last ticket's printing stands, and fault the
	// printer's fault while it lasts (see printstate.go): kept here, not
	// on screen, so a redraw shows the truth.
	printing ticketPrint
	fault    *printerFault
	// idleFor is the current screen's idle time when it needs longer than
	// Options.Idle (a ticket that did not print); zero otherwise.
	idleFor time.Duration

	printStatus string // the print line under the ticket, for tests
	helpSent    bool
	adminTaps   []time.Time
	search      *searchScreen

	root      *fyne.Container
	top       *fyne.Container
	banner    *fyne.Container
	body      *fyne.Container
	countdown *canvas.Text
	dateText  *canvas.Text // today's date in the top bar, hidden by the countdown
	// printerBanner says on every screen but the ticket's that the printer
	// is out, until it works again.
	printerBanner *fyne.Container
	// printMu keeps print jobs and status checks from talking to the
	// printer at once; printerKick wakes the printer watcher.
	printMu     sync.Mutex
	printerKick chan struct{}

	// OnFirstScreen, when set before Start, runs once on the UI thread when
	// the first interactive screen is shown, for start-up measurements.
	OnFirstScreen func()
	firstShown    bool
}

// New builds a kiosk in win. Call Start to connect it to the server.
func New(a fyne.App, win fyne.Window, opt Options) (*Kiosk, error) {
	if opt.Client == nil {
		return nil, errors.New("kiosk: no server client")
	}
	if opt.Lang == "" {
		opt.Lang = i18n.VI
	}
	if !i18n.Valid(opt.Lang) {
		return nil, fmt.Errorf("kiosk: language must be vi or en, got %q", opt.Lang)
	}
	if opt.Mode == "" {
		opt.Mode = ModeKiosk
	}
	if opt.Mode != ModeKiosk && opt.Mode != ModeRating {
		return nil, fmt.Errorf("kiosk: mode must be kiosk or rating, got %q", opt.Mode)
	}
	if opt.Mode == ModeRating && opt.Counter <= 0 {
		return nil, errors.New("kiosk: rating mode needs the counter number")
	}
	opt = withDefaults(opt)
	k := &Kiosk{app: a, win: win, opt: opt, lang: opt.Lang, online: true, touched: time.Now(), printerKick: make(chan struct{}, 1)}
	k.ctx, k.cancel = context.WithCancel(context.Background())
	if opt.HideCursor {
		touch.Cursor = desktop.HiddenCursor
	}
	a.Settings().SetTheme(kioskTheme{scale: 1})
	k.build()
	win.SetCloseIntercept(func() { k.touch(); k.showAdmin() })
	return k, nil
}

func withDefaults(opt Options) Options {
	if opt.Idle <= 0 {
		opt.Idle = 60 * time.Second
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.PrintTimeout <= 0 {
		opt.PrintTimeout = 20 * time.Second
	}
	if opt.PrinterCheck <= 0 {
		opt.PrinterCheck = 30 * time.Second
	}
	if opt.Paper == 0 {
		opt.Paper = printer.Paper80
	}
	if opt.Location == nil {
		loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
		if err != nil {
			loc = time.FixedZone("ICT", 7*3600)
		}
		opt.Location = loc
	}
	if opt.OnExit == nil {
		opt.OnExit = func() { fyne.CurrentApp().Quit() }
	}
	return opt
}

// Start loads the catalogue, shows the first screen and follows the
// server's events until Close. It returns at once; the work goes on in the
// background.
func (k *Kiosk) Start() {
	k.started = true
	k.wg.Add(2)
	go k.run()
	go k.idleLoop()
	if k.opt.Printer != nil && k.opt.Mode == ModeKiosk {
		k.wg.Add(1)
		go k.watchPrinter()
	}
}

// Close stops the background work and waits for it.
func (k *Kiosk) Close() {
	k.cancel()
	k.wg.Wait()
	k.mu.Lock()
	k.closed = true
	k.mu.Unlock()
}

// Do runs fn holding the kiosk's UI lock: tests tap through it so that
// their taps and the kiosk's background updates never overlap.
func (k *Kiosk) Do(fn func()) {
	k.mu.Lock()
	defer k.mu.Unlock()
	fn()
}

// Screen is the name of the screen shown.
func (k *Kiosk) Screen() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.screen
}

// ui runs fn on the UI thread, from a goroutine. It must never be called
// from a tap handler, which already runs there.
func (k *Kiosk) ui(fn func()) {
	fyne.Do(func() {
		k.mu.Lock()
		defer k.mu.Unlock()
		if k.closed {
			return
		}
		fn()
	})
}

// uiWait is ui that returns once fn has run.
func (k *Kiosk) uiWait(fn func()) {
	fyne.DoAndWait(func() {
		k.mu.Lock()
		defer k.mu.Unlock()
		if !k.closed {
			fn()
		}
	})
}

// run loads what the kiosk needs, retrying until the server answers, then
// follows events.
func (k *Kiosk) run() {
	defer k.wg.Done()
	seq, ok := k.loadUntilDone()
	if !ok {
		return
	}
	k.ui(k.goHome)
	k.opt.Client.Follow(k.ctx, seq, client.HandlerFuncs{
		OnEvent:     k.onEvent,
		OnResync:    func() { k.reload() },
		OnConnected: func(up bool, err error) { k.ui(func() { k.setOnline(up) }) },
	})
}

// loadUntilDone loads the catalogue and state, showing the offline banner
// between attempts. It reports the event sequence to follow from.
func (k *Kiosk) loadUntilDone() (int64, bool) {
	for {
		seq, err := k.load()
		if err == nil {
			return seq, true
		}
		k.opt.Log.Warn("kiosk: cannot load from the server", "err", err)
		k.ui(func() { k.setOnline(false) })
		select {
		case <-k.ctx.Done():
			return 0, false
		case <-time.After(2 * time.Second):
		}
	}
}

// load fetches the state and the catalogue and installs them.
func (k *Kiosk) load() (int64, error) {
	st, err := k.opt.Client.State(k.ctx)
	if err != nil {
		return 0, err
	}
	at := time.Now()
	cat, err := k.opt.Client.Catalogue(k.ctx)
	if err != nil {
		return 0, err
	}
	ix := search.New(cat)
	k.ui(func() {
		k.cat, k.index, k.centre, k.loaded = cat, ix, st.Centre, true
		if !st.Now.IsZero() {
			k.serverNow, k.serverAt = st.Now, at
		}
		k.buildTop()
		k.setOnline(true)
	})
	return st.Seq, nil
}

// reload refreshes the catalogue after a change and redraws the home
// screen if it is showing, and the detail screen if its procedure changed
// (a fee or a document list must never be shown stale); a citizen
// elsewhere in the middle of a procedure keeps their screen, and what they
// open next comes from the new catalogue.
func (k *Kiosk) reload() {
	if _, err := k.load(); err != nil {
		k.opt.Log.Warn("kiosk: reload failed", "err", err)
		return
	}
	k.ui(func() {
		switch k.screen {
		case ScreenHome, ScreenLoading:
			k.goHome()
		case ScreenDetail:
			if p, ok := k.cat.Procedure(k.detail.Code); ok && !reflect.DeepEqual(p, k.detail) {
				k.showDetail(p)
			}
		}
	})
}

func (k *Kiosk) onEvent(ev contract.Event) {
	switch ev.Type {
	case contract.EventCatalogueChanged, contract.EventSettingsChanged:
		k.reload()
	case contract.EventTicketFinished:
		var te contract.TicketEvent
		if err := ev.Decode(&te); err != nil {
			return
		}
		if k.opt.Mode == ModeRating && te.Counter == k.opt.Counter {
			k.ui(func() {
				k.touch()
				k.showRate(rateTarget{ID: te.Ticket.ID, Number: te.Ticket.Number, Counter: te.Counter})
			})
		}
	}
}

// setOnline shows or hides the connection banner.
func (k *Kiosk) setOnline(up bool) {
	if k.online == up {
		return
	}
	k.online = up
	if up {
		k.banner.Hide()
	} else {
		k.banner.Show()
	}
	k.root.Refresh()
	// Redraw so that the ticket buttons say whether the server is reachable.
	switch {
	case k.screen == ScreenTaking:
	case k.render != nil:
		k.render()
	case k.screen == ScreenHome:
		k.showHome()
	}
	if up && k.helpPending {
		k.helpPending = false
		k.sendHelp(k.lang) // asked while the link was down
	}
}

// Online tells whether the kiosk believes the server is reachable (the
// banner is hidden).
func (k *Kiosk) Online() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.online
}

// touch records activity, restarting the idle countdown.
func (k *Kiosk) touch() {
	k.touched = time.Now()
	k.hideStillThere()
}

// tap wraps a handler so that it also counts as activity.
func (k *Kiosk) tap(fn func()) func() {
	return func() {
		k.touch()
		fn()
	}
}

// idleLoop ticks the visible countdown and sends the kiosk home when a
// screen has been left untouched for the idle time.
func (k *Kiosk) idleLoop() {
	defer k.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return
		case <-t.C:
			k.ui(func() { k.tickDate(); k.tickIdle() })
		}
	}
}

// now is the time for dates on screen (see Options.Now).
func (k *Kiosk) now() time.Time {
	if k.opt.Now != nil {
		return k.opt.Now()
	}
	if !k.serverAt.IsZero() {
		return k.serverNow.Add(time.Since(k.serverAt))
	}
	return time.Now()
}

// today is the date for the top bar, in the centre's time zone whatever
// the zone of the kiosk's host.
func (k *Kiosk) today() string {
	return i18n.LongDate(k.lang, k.now().In(k.opt.Location))
}

// tickDate redraws the top bar when the centre's day has changed, so a
// kiosk left running overnight shows the new date from midnight.
func (k *Kiosk) tickDate() {
	if k.today() != k.topDate {
		k.buildTop()
	}
}

func (k *Kiosk) tickIdle() {
	if k.atRest() {
		k.showCountdown("")
		return
	}
	idle := k.idleTime()
	left := idle - time.Since(k.touched)
	if left <= 0 {
		k.endVisit()
		return
	}
	if left <= min(askFor, idle/3) && k.stillThere == nil {
		k.askStillThere()
	}
	secs := int((left + time.Second - 1) / time.Second)
	if txt := i18n.F(k.lang, "idle.countdown", secs); txt != k.countdown.Text {
		k.showCountdown(txt)
	}
}

// idleTime is how long the current screen stays untouched before the
// kiosk goes home.
func (k *Kiosk) idleTime() time.Duration {
	return max(k.opt.Idle, k.idleFor)
}

// atRest tells whether the kiosk shows its resting screen, where no
// countdown runs.
func (k *Kiosk) atRest() bool {
	return k.screen == ScreenHome || k.screen == ScreenLoading || k.screen == ""
}

// askFor is how long before going home the kiosk asks whether the citizen
// is still there: long enough to read the question and tap, short enough
// that the next citizen does not find someone else's screen.
const askFor = 10 * time.Second

// askStillThere asks "Ông/Bà còn cần hỗ trợ không?" over the screen; a tap
// on the big answer (or anywhere on the question) keeps the screen.
func (k *Kiosk) askStillThere() {
	keep := k.button(i18n.T(k.lang, "idle.keep"), k.keepScreen)
	keep.Fill, keep.TextSize, keep.MinH = colorNameSuccess, theme.SizeNameHeadingText, 120
	leave := k.secondary(i18n.T(k.lang, "idle.leave"), k.endVisit)
	leave.MinH = 100
	q := styled(i18n.T(k.lang, "idle.ask"), theme.SizeNameHeadingText, theme.ColorNameForeground, true)
	body := container.NewVBox(q, keep, leave)
	// Given its width now, the question's wrapped lines know their height
	// before the pop-up sizes itself to them.
	w := min(float32(760), k.win.Canvas().Size().Width-8*theme.Padding())
	if w <= 0 {
		w = 760
	}
	k.stillThere = widget.NewModalPopUp(container.NewPadded(container.New(&fixedWidth{w: w}, body)), k.win.Canvas())
	k.stillThere.Show()
}

// keepScreen answers "yes, still here": the screen stays and the idle time
// starts again.
func (k *Kiosk) keepScreen() {
	k.touch()
	k.hideStillThere()
}

func (k *Kiosk) hideStillThere() {
	if k.stillThere != nil {
		k.stillThere.Hide()
		k.stillThere = nil
	}
}

// endVisit ends a citizen's visit (idle, or done with a ticket): home, in
// the kiosk's own language and text size, with nothing of theirs left on
// screen for the next citizen.
func (k *Kiosk) endVisit() {
	k.hideStillThere()
	k.search = nil
	changed := k.lang != k.opt.Lang || k.size != sizeNormal
	k.lang = k.opt.Lang
	if k.size != sizeNormal {
		k.size = sizeNormal
		k.applySize()
	}
	if changed {
		k.buildTop()
		k.buildBanner()
	}
	k.goHome()
}

// goHome shows the resting screen of the mode and forgets the citizen.
func (k *Kiosk) goHome() {
	k.ticket = nil
	if k.opt.Mode == ModeRating {
		k.showRatingIdle()
		return
	}
	if !k.loaded {
		k.setBody(ScreenLoading, centred(para(i18n.T(k.lang, "loading"))), nil)
		return
	}
	k.showHome()
	if !k.firstShown && k.OnFirstScreen != nil {
		k.firstShown = true
		k.OnFirstScreen()
	}
}

// setBody replaces the screen. render redraws it after a language or text
// size change; nil means the screen is simply rebuilt by going home.
func (k *Kiosk) setBody(name string, obj fyne.CanvasObject, render func()) {
	k.remember(name)
	if name != k.screen {
		k.stopSpeech() // it was about the screen being left
	}
	if name == ScreenHome || name == ScreenLoading {
		k.nav = nil // home is where every visit starts again
	}
	k.scrolls, k.building = k.building, nil
	k.screen = name
	k.render = render
	k.idleFor = 0 // a screen that needs longer says so after this
	k.body.Objects = []fyne.CanvasObject{obj}
	k.body.Refresh()
	k.showPrinterBanner()
	if k.atRest() {
		k.showCountdown("")
	}
}

// redraw rebuilds the top bar and the current screen, after a change of
// language or text size.
func (k *Kiosk) redraw() {
	k.buildTop()
	k.buildBanner()
	if k.render != nil {
		k.render()
		return
	}
	k.goHome()
}
