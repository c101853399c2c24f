package board

import (
	"context"
	"image"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"motcua/display/live"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// scene starts a real server, issues and calls a few tickets at the fake
// clock's Wednesday morning, and returns the model loaded from its state.
func scene(t *testing.T) (*servertest.Server, *live.Model) {
	t.Helper()
	srv := servertest.New(t)
	ctx := context.Background()
	kiosk, staff := srv.Kiosk(), srv.Staff()
	for _, p := range []string{"1.001193", "1.001193", "1.001193", "1.013978", "1.001612", "1.001612", "1.001776", "2.000815"} {
		if _, err := kiosk.Issue(ctx, p, contract.PriorityNone); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(20 * time.Second)
	}
	for _, n := range []int{1, 3, 4, 1} {
		srv.Clock.Advance(time.Minute)
		_, err := staff.CallNext(ctx, n)
		if client.Code(err) == contract.CodeCounterBusy {
			_, err = staff.Finish(ctx, n)
			if err == nil {
				_, err = staff.CallNext(ctx, n)
			}
		}
		if err != nil {
			t.Fatalf("call next at %d: %v", n, err)
		}
	}
	st, err := srv.Display().State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := live.NewModel(srv.Clock.Now)
	m.Load(st)
	m.SetConnected(true)
	return srv, m
}

// render shows v on a test window of the layout's size.
func render(t *testing.T, opts Options, v live.Board) (*Board, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	b := New(opts)
	b.Show(v)
	w := test.NewWindow(b.Content())
	t.Cleanup(w.Close)
	w.Resize(opts.Layout.Size())
	w.SetPadded(false)
	w.Resize(opts.Layout.Size())
	return b, w
}

func TestGoldenLayouts(t *testing.T) {
	srv, m := scene(t)
	for _, tc := range []struct {
		name   string
		layout Layout
	}{{"landscape", Landscape}, {"portrait", Portrait}} {
		t.Run(tc.name, func(t *testing.T) {
			// Five seconds after the last call: the newest call is blinking
			// (an "on" phase), the clock reads 08:06.
			now := srv.Clock.Now().Add(5 * time.Second)
			_, w := render(t, Options{Layout: tc.layout, Now: func() time.Time { return now }}, m.Board())
			test.AssertImageMatches(t, "board_"+tc.name+".png", w.Canvas().Capture())
		})
	}
}

// numberHeights measures, on the rendered image, how tall each counter's
// ticket number is drawn, by counting the rows holding number-coloured
// pixels inside each number's box.
func numberHeights(t *testing.T, b *Board, img image.Image, scale float32) map[int]int {
	t.Helper()
	out := map[int]int{}
	for n, tile := range b.tiles {
		if tile.number.Text == "—" {
			continue
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(tile.number)
		size := tile.number.Size()
		rows := 0
		for y := int(pos.Y * scale); y < int((pos.Y+size.Height)*scale); y++ {
			for x := int(pos.X * scale); x < int((pos.X+size.Width)*scale); x++ {
				if isNumberColour(img.At(x, y)) {
					rows++
					break
				}
			}
		}
		out[n] = rows
	}
	return out
}

func isNumberColour(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, g, b, _ := c.RGBA()
	want := [3]uint32{uint32(colNumber.R), uint32(colNumber.G), uint32(colNumber.B)}
	near := func(x, w uint32) bool { x >>= 8; return x+24 >= w && x <= w+24 }
	return near(r, want[0]) && near(g, want[1]) && near(b, want[2])
}

func TestNumbersAreLargeEnough(t *testing.T) {
	srv, m := scene(t)
	later := srv.Clock.Now().Add(time.Minute) // past the blink: numbers in yellow
	for _, layout := range []Layout{Landscape, Portrait} {
		b, w := render(t, Options{Layout: layout, Now: func() time.Time { return later }}, m.Board())
		img := w.Canvas().Capture()
		scale := float32(img.Bounds().Dx()) / layout.Size().Width
		heights := numberHeights(t, b, img, scale)
		if len(heights) < 3 {
			t.Fatalf("layout %d: %d numbers drawn, want the 3 counters called", layout, len(heights))
		}
		for n, h := range heights {
			// 8 % of a 1080-pixel screen height.
			if float32(h)/scale < 0.08*1080 {
				t.Errorf("layout %d counter %d: number %d px tall, want ≥ 87", layout, n, h)
			}
		}
	}
}

func TestCountersFilter(t *testing.T) {
	_, m := scene(t)
	b, _ := render(t, Options{Counters: []int{1, 3}}, m.Board())
	if len(b.tiles) != 2 || b.tiles[1] == nil || b.tiles[3] == nil {
		t.Fatalf("tiles for %v, want counters 1 and 3", keys(b.tiles))
	}
	for _, c := range b.visibleCalls() {
		if c.Counter != 1 && c.Counter != 3 {
			t.Errorf("call %s to counter %d shown on a board for 1,3", c.Number, c.Counter)
		}
	}
	for _, q := range b.visibleQueues() {
		if q.Prefix == "D" || q.Prefix == "E" {
			t.Errorf("queue %s shown, its counters are not on this board", q.Prefix)
		}
	}
}

func keys(m map[int]*counterTile) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestNewestCallBlinksThenStays(t *testing.T) {
	srv, m := scene(t)
	now := srv.Clock.Now()
	b, _ := render(t, Options{Now: func() time.Time { return now }}, m.Board())
	counter := b.visibleCalls()[0].Counter
	phases := map[bool]int{}
	for ms := 0; ms < 4000; ms += 250 {
		now = srv.Clock.Now().Add(time.Duration(ms) * time.Millisecond)
		b.Tick()
		on := b.tiles[counter].bg.FillColor == colFlash
		phases[on]++
		// On the yellow flash the row's "Quầy N" must turn dark too.
		if on && b.newestLabel.Color != colFlashText {
			t.Fatalf("at %d ms the label %q is %v on the yellow flash, want dark", ms, b.newestLabel.Text, b.newestLabel.Color)
		}
		if !on && b.newestLabel.Color != colText {
			t.Fatalf("at %d ms the label %q is %v off the flash, want white", ms, b.newestLabel.Text, b.newestLabel.Color)
		}
	}
	if phases[true] == 0 || phases[false] == 0 {
		t.Fatalf("newest call did not blink in its first seconds: %v", phases)
	}
	now = srv.Clock.Now().Add(DefaultBlinkFor + time.Second)
	b.Tick()
	if b.tiles[counter].bg.FillColor == colFlash || b.newest.FillColor != colNewest {
		t.Fatal("after the blink the newest call should stay highlighted, steady")
	}
}

func TestOfflineMarkAndBanners(t *testing.T) {
	_, m := scene(t)
	v := m.Board()
	v.Connected = false
	v.Help = []contract.HelpRequest{{ID: 1, Device: "kiosk-1"}}
	b, _ := render(t, Options{}, v)
	if !b.offline.Visible() || b.offline.Text != "● Mất kết nối" {
		t.Fatal("disconnected board shows no 'Mất kết nối' mark")
	}
	if got := bannerTexts(b); len(got) != 2 {
		t.Fatalf("banners %q, want the Wednesday banner and the help notice", got)
	}
	v.Connected, v.Centre.FastDay, v.Centre.Announcement.HelpNotice = true, false, false
	b.Show(v)
	if b.offline.Visible() || len(bannerTexts(b)) != 0 {
		t.Fatalf("connected, not Wednesday, help notice off: mark %v, banners %q", b.offline.Visible(), bannerTexts(b))
	}
}

func bannerTexts(b *Board) []string {
	var out []string
	for _, o := range b.banners.Objects {
		walk(o, func(t *canvas.Text) {
			if t.Text != "" {
				out = append(out, t.Text)
			}
		})
	}
	return out
}

func walk(o fyne.CanvasObject, f func(*canvas.Text)) {
	switch x := o.(type) {
	case *canvas.Text:
		f(x)
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	}
}

func TestTickerRotatesAndFollowsSettings(t *testing.T) {
	_, m := scene(t)
	v := m.Board()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	b, _ := render(t, Options{Now: func() time.Time { return now }}, v)
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		now = now.Add(DefaultRotateEvery)
		b.Tick()
		seen[b.ticker.text] = true
	}
	if want := len(v.Centre.Slogans) + len(v.Centre.Notices); len(seen) != want {
		t.Fatalf("ticker showed %d distinct messages over 5 periods, want %d", len(seen), want)
	}
	v.Centre.Slogans, v.Centre.Notices = []contract.Text{{VI: "Khẩu hiệu mới"}}, nil
	b.Show(v)
	if b.ticker.text != "Khẩu hiệu mới" {
		t.Fatalf("ticker %q after the slogans changed", b.ticker.text)
	}
}

// TestLongQueueNameStaysReadable renders the portrait board, whose queue
// column is narrow: the fast-day queue's long name wraps on two lines at a
// readable size instead of shrinking, and a name too long even for two
// lines ends in "…" without running out of its column.
func TestLongQueueNameStaysReadable(t *testing.T) {
	_, m := scene(t)
	v := m.Board()
	b, _ := render(t, Options{Layout: Portrait}, v)
	row := queueRowOf(t, b, "N")
	if row.name.lines[1].Text == "" {
		t.Fatalf("%q drawn on one line at %.0f px; want two lines", row.name.text, row.name.lines[0].TextSize)
	}
	min := b.sizes().row * 0.8 * nameShrink
	for _, l := range row.name.lines {
		if l.TextSize < min-0.01 {
			t.Errorf("line %q at %.1f px, want ≥ %.1f", l.Text, l.TextSize, min)
		}
	}
	if got := row.name.lines[0].Text + " " + row.name.lines[1].Text; got != row.name.text {
		t.Errorf("wrapped lines read %q, want %q", got, row.name.text)
	}

	long := "Thứ Tư – giải quyết trong ngày các thủ tục hành chính về hộ tịch, chứng thực và đất đai"
	for i := range v.Queues {
		if v.Queues[i].Prefix == "N" {
			v.Queues[i].Name.VI = long
		}
	}
	b.Show(v)
	row = queueRowOf(t, b, "N")
	last := row.name.lines[1]
	if !strings.HasSuffix(last.Text, "…") {
		t.Fatalf("second line %q of a too-long name has no ellipsis", last.Text)
	}
	for _, l := range row.name.lines {
		if w := fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width; w > row.nameObj.Size().Width+0.5 {
			t.Errorf("line %q is %.0f px wide in a %.0f px column", l.Text, w, row.nameObj.Size().Width)
		}
	}
}

// queueRowOf finds the drawn row of the queue with the prefix.
func queueRowOf(t *testing.T, b *Board, prefix string) *queueRow {
	t.Helper()
	for _, o := range b.queues.Objects {
		r, ok := o.(*fyne.Container).Layout.(*queueRow)
		if ok && r.prefix.(*canvas.Text).Text == prefix {
			return r
		}
	}
	t.Fatalf("no row for queue %s", prefix)
	return nil
}

// TestCallsStayInsideTheirPanel fills the portrait board's call list while
// both banners take room: the rows that do not fit are hidden instead of
// running over the panel's edge into the ticker.
func TestCallsStayInsideTheirPanel(t *testing.T) {
	_, m := scene(t)
	v := m.Board()
	v.Centre.FastDay, v.Centre.Announcement.HelpNotice = true, true
	v.Help = []contract.HelpRequest{{ID: 1, Device: "kiosk-1"}}
	at := v.Calls[0].At
	for i := len(v.Calls); i < 12; i++ {
		v.Calls = append(v.Calls, contract.Call{Seq: int64(100 + i), Number: "A" + strconv.Itoa(100+i), Counter: 1, At: at})
	}
	b, _ := render(t, Options{Layout: Portrait, Now: func() time.Time { return at }}, v)
	bottom := b.calls.Size().Height // rows are placed inside the list
	shown := 0
	for _, r := range b.calls.Objects {
		if !r.Visible() {
			continue
		}
		shown++
		if end := r.Position().Y + r.Size().Height; end > bottom+0.5 {
			t.Errorf("call row ends at %.0f, below its list's bottom %.0f", end, bottom)
		}
	}
	if shown < 5 || shown == len(b.calls.Objects) {
		t.Fatalf("%d of %d call rows shown; want the ones that fit (≥ 5), not all", shown, len(b.calls.Objects))
	}
}
