// Package board draws the waiting-room board with Fyne: the ticket each
// counter serves (very large, read from 5–10 m), the last calls with the
// newest blinking, the waiting lines, the date and time in Vietnamese, the
// centre's name and its rotating slogans and notices.
//
// The board only draws a live.Board it is given; it never talks to the
// server, so tests render it with Fyne's test driver from any picture.
// Show and Tick must run on Fyne's UI goroutine (use fyne.Do elsewhere).
package board

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"motcua/display/live"
	"motcua/server/contract"
)

// Layout is the screen's orientation.
type Layout int

// The two layouts: a TV on its side (1920×1080) or upright (1080×1920).
const (
	Landscape Layout = iota
	Portrait
)

// ParseLayout reads the --layout flag.
func ParseLayout(s string) (Layout, error) {
	switch s {
	case "", "landscape", "ngang":
		return Landscape, nil
	case "portrait", "doc", "dọc":
		return Portrait, nil
	}
	return Landscape, fmt.Errorf("bố cục %q không hợp lệ: landscape hoặc portrait / layout must be landscape or portrait", s)
}

// Size is the layout's design size in pixels.
func (l Layout) Size() fyne.Size {
	if l == Portrait {
		return fyne.NewSize(1080, 1920)
	}
	return fyne.NewSize(1920, 1080)
}

const (
	// DefaultBlinkFor is how long the newest call blinks: long enough to
	// catch the eye of someone who heard the chime and looks up.
	DefaultBlinkFor = 8 * time.Second
	// DefaultRotateEvery is how long each slogan or notice stays up.
	DefaultRotateEvery = 10 * time.Second
	// blinkPeriod is one on-or-off phase of the blink.
	blinkPeriod = 500 * time.Millisecond
)

// Options configure a Board.
type Options struct {
	Layout Layout
	// Counters limits the board to these counters (and their queues and
	// calls), for a screen that serves part of the hall; empty means all.
	Counters []int
	// Now is the clock shown and used for blinking and rotation; the
	// display passes the server-corrected clock, tests a fixed one.
	Now func() time.Time
	// BlinkFor and RotateEvery: zero means the defaults.
	BlinkFor, RotateEvery time.Duration
}

// Board is the board's Fyne content.
type Board struct {
	opts Options
	view live.Board
	loc  *time.Location

	root     *fyne.Container
	body     *fyne.Container // re-laid out when banners come and go
	name     *canvas.Text
	clock    *canvas.Text
	offline  *canvas.Text
	banners  *fyne.Container
	counters *fyne.Container
	calls    *fyne.Container
	queues   *fyne.Container
	ticker   *textBlock

	tiles        map[int]*counterTile
	newest       *canvas.Rectangle
	newestNumber *canvas.Text
	newestLabel  *canvas.Text
	newestAt     *canvas.Text
	message      int
}

// New builds an empty board; Show fills it.
func New(opts Options) *Board {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BlinkFor <= 0 {
		opts.BlinkFor = DefaultBlinkFor
	}
	if opts.RotateEvery <= 0 {
		opts.RotateEvery = DefaultRotateEvery
	}
	b := &Board{opts: opts, loc: location(""), message: -1}
	b.build()
	return b
}

// Content is what goes in the window.
func (b *Board) Content() fyne.CanvasObject { return b.root }

// sizes are the fixed text sizes of a layout (the counter tiles size
// themselves).
type sizes struct {
	name, clock, heading, row, ticker, banner float32
	header                                    float32
	calls, bannerLines                        int
}

func (b *Board) sizes() sizes {
	if b.opts.Layout == Portrait {
		return sizes{name: 34, clock: 40, heading: 30, row: 34, ticker: 32, banner: 32, header: 150, calls: 9, bannerLines: 2}
	}
	return sizes{name: 36, clock: 44, heading: 30, row: 32, ticker: 32, banner: 32, header: 100, calls: 5, bannerLines: 1}
}

func (b *Board) build() {
	sz := b.sizes()
	b.name = text("", colHeaderText, sz.name, true)
	b.clock = text("", colText, sz.clock, true)
	b.offline = text("● Mất kết nối", colOffline, sz.row*0.8, true)
	b.offline.Hide()
	b.banners = container.NewVBox()
	b.counters = container.NewStack()
	b.calls = container.New(&rows{gap: theme.Padding()})
	b.queues = container.New(&rows{gap: 4})
	var tickerObj fyne.CanvasObject
	b.ticker, tickerObj = newTextBlock(sz.ticker, 2, colText, false)
	header := b.header(sz)
	tickerBar := container.NewStack(canvas.NewRectangle(colTicker),
		container.New(&padded{left: 32, right: 32, top: 12, bottom: 12}, tickerObj))
	main := b.mainArea()
	body := container.NewBorder(container.NewVBox(header, b.banners), tickerBar, nil, nil, main)
	b.body = body
	b.root = container.NewStack(canvas.NewRectangle(colBackground), body)
}

func (b *Board) header(sz sizes) fyne.CanvasObject {
	b.clock.Alignment, b.offline.Alignment = fyne.TextAlignTrailing, fyne.TextAlignTrailing
	var content fyne.CanvasObject
	if b.opts.Layout == Portrait {
		b.clock.Alignment, b.offline.Alignment, b.name.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter, fyne.TextAlignCenter
		content = container.NewVBox(b.name, b.clock, b.offline)
	} else {
		content = container.NewBorder(nil, nil, b.name, container.NewVBox(b.clock, b.offline))
	}
	return container.New(&fixedHeight{h: sz.header}, canvas.NewRectangle(colHeader),
		container.New(&padded{left: 32, right: 32, top: 14}, content))
}

// mainArea is the counters and, beside or below them, the calls and queues.
func (b *Board) mainArea() fyne.CanvasObject {
	first := float32(0.4)
	if b.opts.Layout == Landscape {
		first = 0.47
	}
	side := container.New(&split{vertical: b.opts.Layout == Landscape, first: first, gap: 16},
		panel("SỐ VỪA GỌI", b.calls, b.sizes().heading), panel("HÀNG ĐỢI", b.queues, b.sizes().heading))
	if b.opts.Layout == Portrait {
		return container.New(&padded{left: 16, right: 16, top: 16, bottom: 16},
			container.New(&split{vertical: true, first: 0.62, gap: 16}, b.counters, side))
	}
	return container.New(&padded{left: 16, right: 16, top: 16, bottom: 16},
		container.New(&split{first: 0.66, gap: 16}, b.counters, side))
}

// panel is a titled box.
func panel(title string, body fyne.CanvasObject, size float32) fyne.CanvasObject {
	bg := canvas.NewRectangle(colPanel)
	bg.CornerRadius = 12
	heading := text(title, colHeaderText, size, true)
	return container.NewStack(bg, container.New(&padded{left: 20, right: 20, top: 12, bottom: 12},
		container.NewBorder(heading, nil, nil, nil, body)))
}

// Show draws a new picture of the centre.
func (b *Board) Show(v live.Board) {
	if v.Centre.TimeZone != b.view.Centre.TimeZone || b.view.Centre.TimeZone == "" {
		b.loc = location(v.Centre.TimeZone)
	}
	b.view = v
	b.name.Text = v.Centre.Name.VI
	b.name.Refresh()
	b.offline.Hidden = !v.Loaded || v.Connected
	b.offline.Refresh()
	b.showCounters()
	b.showCalls()
	b.showQueues()
	b.showBanners()
	b.Tick()
}

// Tick moves what depends on time: the clock, the blink and the rotating
// messages. The display calls it a few times a second.
func (b *Board) Tick() {
	now := b.opts.Now().In(b.loc)
	if s := FormatClock(now); s != b.clock.Text {
		b.clock.Text = s
		b.clock.Refresh()
	}
	b.blink(now)
	b.rotate(now)
}

// visibleCounter tells whether the --counters filter lets counter n through.
func (b *Board) visibleCounter(n int) bool {
	return len(b.opts.Counters) == 0 || slices.Contains(b.opts.Counters, n)
}

func (b *Board) showCounters() {
	var cells []fyne.CanvasObject
	b.tiles = map[int]*counterTile{}
	for _, c := range b.view.Counters {
		if !b.visibleCounter(c.Number) {
			continue
		}
		number := "—"
		if c.Current != nil {
			number = c.Current.Number
		}
		tile, obj := newCounterTile(strconv.Itoa(c.Number), number, counterName(c))
		b.tiles[c.Number] = tile
		cells = append(cells, obj)
	}
	cols := 2
	if len(cells) < 2 {
		cols = 1
	}
	b.counters.Objects = []fyne.CanvasObject{container.New(&grid{cols: cols, gap: 16}, cells...)}
	b.counters.Refresh()
}

// counterName is the counter's name without its "Quầy số N –" prefix,
// which the tile already shows.
func counterName(c contract.CounterState) string {
	name := c.Name.VI
	prefix := "Quầy số " + strconv.Itoa(c.Number)
	if len(name) > len(prefix) && name[:len(prefix)] == prefix {
		name = trimDash(name[len(prefix):])
	}
	return name
}

func trimDash(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '-') {
		s = s[1:]
	}
	const enDash = "–"
	if len(s) >= len(enDash) && s[:len(enDash)] == enDash {
		s = trimDash(s[len(enDash):])
	}
	return s
}

// visibleCalls are the recent calls to this board's counters.
func (b *Board) visibleCalls() []contract.Call {
	var out []contract.Call
	for _, c := range b.view.Calls {
		if b.visibleCounter(c.Counter) {
			out = append(out, c)
		}
	}
	return out
}

func (b *Board) showCalls() {
	sz := b.sizes().row
	rows := []fyne.CanvasObject{}
	b.newest, b.newestNumber, b.newestLabel = nil, nil, nil
	for i, c := range b.visibleCalls() {
		if i == b.sizes().calls {
			break
		}
		num := text(c.Number, colNumber, sz*1.15, true)
		label := "Quầy " + strconv.Itoa(c.Counter)
		if c.Recall {
			label += " (gọi lại)"
		}
		at := text(c.At.In(b.loc).Format("15:04"), colDim, sz*0.8, false)
		counter := text(label, colText, sz, true)
		if i == 0 {
			b.newestAt, b.newestLabel = at, counter
		}
		row := container.NewBorder(nil, nil, container.New(&fixedWidth{w: sz * 4}, num), at, counter)
		bg := canvas.NewRectangle(colPanel)
		if i == 0 {
			bg.FillColor = colNewest
			b.newest, b.newestNumber = bg, num
		}
		bg.CornerRadius = 8
		rows = append(rows, container.NewStack(bg, container.New(&padded{left: 10, right: 10, top: 2, bottom: 2}, row)))
	}
	b.calls.Objects = rows
	b.calls.Refresh()
}

// visibleQueues are the queues served by this board's counters.
func (b *Board) visibleQueues() []contract.QueueState {
	var out []contract.QueueState
	for _, q := range b.view.Queues {
		if len(b.opts.Counters) == 0 || slices.ContainsFunc(q.Counters, b.visibleCounter) {
			out = append(out, q)
		}
	}
	return out
}

func (b *Board) showQueues() {
	sz := b.sizes().row
	out := []fyne.CanvasObject{}
	for _, q := range b.visibleQueues() {
		if q.Waiting == 0 && q.Prefix == "N" && !b.view.Centre.FastDay {
			continue // the fast-day queue is empty on other days
		}
		prefix := text(q.Prefix, colNumber, sz*1.1, true)
		name := newNameText(q.Name.VI, colText, sz*0.8)
		count := text(strconv.Itoa(q.Waiting)+" người", colText, sz*0.85, true)
		count.Alignment = fyne.TextAlignTrailing
		wait := text(FormatWait(q.Waiting, q.EstimatedWaitS), colDim, sz*0.75, false)
		wait.Alignment = fyne.TextAlignTrailing
		row := &queueRow{prefix: prefix, count: count, wait: wait, name: name,
			nameObj: container.New(name, name.lines[0], name.lines[1]), prefixW: sz * 1.4, countW: sz * 3.4, waitW: sz * 3.6}
		out = append(out, container.New(row, prefix, row.nameObj, count, wait))
	}
	b.queues.Objects = out
	b.queues.Refresh()
}

func (b *Board) showBanners() {
	var out []fyne.CanvasObject
	sz := b.sizes().banner
	if b.view.Centre.FastDay {
		// FastDay means today is the centre's fast day (Wednesday unless an
		// administrator moved it), so the banner names today.
		day := strings.ToUpper(weekdays[b.opts.Now().In(b.loc).Weekday()])
		out = append(out, b.banner(day+" – NGÀY GIẢI QUYẾT NHANH: tiếp nhận và trả kết quả trong ngày đối với một số thủ tục", colFastDay, sz))
	}
	if b.view.Centre.Announcement.HelpNotice && len(b.view.Help) > 0 {
		h := b.view.Help[len(b.view.Help)-1]
		msg := fmt.Sprintf("CẦN HỖ TRỢ tại máy %s – mời tình nguyện viên đến giúp công dân", h.Device)
		if n := len(b.view.Help); n > 1 {
			msg = fmt.Sprintf("CẦN HỖ TRỢ tại %d máy (mới nhất: %s) – mời tình nguyện viên đến giúp công dân", n, h.Device)
		}
		out = append(out, b.banner(msg, colHelp, sz))
	}
	b.banners.Objects = out
	b.banners.Refresh()
	b.body.Refresh()
}

// banner is a coloured full-width strip of text, shrunk to fit two lines.
func (b *Board) banner(msg string, bg color.Color, size float32) fyne.CanvasObject {
	block, obj := newTextBlock(size, b.sizes().bannerLines, colText, true)
	block.SetText(msg)
	return container.NewStack(canvas.NewRectangle(bg), container.New(&padded{left: 32, right: 32, top: 8, bottom: 8}, obj))
}

// blink flashes the newest call and its counter's tile for BlinkFor after
// the call, then leaves the call highlighted.
func (b *Board) blink(now time.Time) {
	calls := b.visibleCalls()
	if len(calls) == 0 {
		return
	}
	c := calls[0]
	age := now.Sub(c.At)
	on := age >= 0 && age < b.opts.BlinkFor && (age/blinkPeriod)%2 == 0
	if tile := b.tiles[c.Counter]; tile != nil {
		tile.flash(on)
	}
	if b.newest == nil {
		return
	}
	want := colNewest
	if on {
		want = colFlash
	}
	if b.newest.FillColor != want {
		b.newest.FillColor = want
		// On the yellow flash every text of the row turns dark: white or
		// yellow on yellow cannot be read from across the room.
		b.newestNumber.Color, b.newestLabel.Color, b.newestAt.Color = colNumber, colText, colDim
		if on {
			b.newestNumber.Color, b.newestLabel.Color, b.newestAt.Color = colFlashText, colFlashText, colFlashText
		}
		b.newest.Refresh()
		b.newestNumber.Refresh()
		b.newestLabel.Refresh()
		b.newestAt.Refresh()
	}
}

// rotate shows the slogan or notice of the current period, chosen from the
// clock so every board in the hall shows the same one.
func (b *Board) rotate(now time.Time) {
	msgs := messages(b.view.Centre)
	i := -1
	if len(msgs) > 0 {
		i = int(now.Unix()/int64(b.opts.RotateEvery/time.Second)) % len(msgs)
	}
	text := ""
	if i >= 0 {
		text = msgs[i]
	}
	if i == b.message && text == b.ticker.text {
		return
	}
	b.message = i
	b.ticker.SetText(text)
	b.ticker.lines[0].Refresh()
	if c := b.ticker.container; c != nil {
		c.Refresh()
	}
}
