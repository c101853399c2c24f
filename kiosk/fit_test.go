package kiosk

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
	"motcua/server/contract"
)

// windowSizes are the panels the kiosk runs on: a 1080p landscape screen,
// the common cheap 1366×768 one and a 1080p screen stood on its end.
var windowSizes = []struct {
	name string
	size fyne.Size
}{
	{"1920x1080", fyne.NewSize(1920, 1080)},
	{"1366x768", fyne.NewSize(1366, 768)},
	{"1080x1920", fyne.NewSize(1080, 1920)},
}

// textSizes are every size the "A+" button gives.
var textSizes = []textSize{sizeNormal, sizeLarge, sizeExtra}

// screenCase is one screen of the kiosk, drawn by show on a kiosk with the
// default catalogue.
type screenCase struct {
	name string
	show func()
}

// screenCases are every screen a citizen or an official can reach, in
// the state that fills it most (a typed query, a long name, a message).
func screenCases(t *testing.T, k *Kiosk, cat contract.Catalogue) []screenCase {
	copyProc, _ := cat.Procedure("2.000815")
	// Late birth registration: the most fee lines (free on time; the
	// council fee in person, 0 đ online; exempt classes; the calculator).
	feeRules, _ := cat.Procedure("1.001193")
	long := longestName(cat)
	var field contract.Field
	for _, f := range cat.Fields {
		if f.ID == copyProc.Field {
			field = f
		}
	}
	count := map[string]int{}
	for _, p := range cat.Procedures {
		count[p.Field]++
	}
	most := cat.Fields[0]
	for _, f := range cat.Fields {
		if count[f.ID] > count[most.ID] {
			most = f
		}
	}
	target := rateTarget{ID: goldenTicket.ID, Number: goldenTicket.Number, Counter: 3}
	return []screenCase{
		{"loading", func() { k.setBody(ScreenLoading, centred(para(i18n.T(k.lang, "loading"))), nil) }},
		{"home", k.goHome},
		{"field", func() { k.showField(field) }},
		{"field_largest", func() { k.showField(most) }},
		{"detail", func() { k.showDetail(copyProc) }},
		{"detail_longest", func() { k.showDetail(long) }},
		{"detail_fee_rules", func() { k.showDetail(feeRules) }},
		{"priority", func() { k.showPriority(copyProc) }},
		{"taking", k.showTaking},
		{"search", func() { k.showSearch(); k.search.entry.SetText("chung thuc") }},
		{"search_common", k.showSearch},
		{"ticket", func() { k.showTicket(goldenTicket, copyProc) }},
		{"ticket_longest", func() { k.showTicket(goldenTicket, long) }},
		{"error", func() { k.showError(i18n.T(k.lang, "ticket.failed"), func() {}) }},
		{"rate", func() { k.showRate(target) }},
		{"reason", func() { k.showReasons(target) }},
		{"other", func() { k.showOtherReason(target, "Phòng chờ nóng") }},
		{"code", func() { k.showCodePad(goldenTicket.Number) }},
		{"thanks", func() { k.rated(nil) }},
		{"keypad", k.showKeypad},
		{"admin", k.showAdmin},
		{"help", func() { k.goHome(); k.showHelpSent(k.lang, nil) }},
		{"offline", func() { k.goHome(); k.setOnline(false) }},
		{"still_there", func() { k.showField(field); k.askStillThere() }},
	}
}

// longestName is the procedure with the longest official name, the one
// most likely to overflow a line.
func longestName(cat contract.Catalogue) contract.Procedure {
	var long contract.Procedure
	for _, p := range cat.Procedures {
		if len(p.Name.VI) > len(long.Name.VI) {
			long = p
		}
	}
	return long
}

// setTextSize puts a text size in force as the "A+" button does.
func setTextSize(k *Kiosk, s textSize) {
	k.size = s
	k.applySize()
	k.buildTop()
	k.buildBanner()
}

// TestEveryScreenFits walks every screen at every window size, text size
// and language, and checks what a citizen would see: the window's content
// is no larger than the window (else Fyne grows the canvas beyond the
// panel and taps land below what is drawn), nothing is drawn outside the
// window or outside the widget it belongs to, no text runs past its box,
// and a tap at the middle of every button in view reaches that button.
// Content inside a scrolling list may extend below the list, which is what
// the list is for, but never sideways.
func TestEveryScreenFits(t *testing.T) {
	k, cat := offlineKiosk(t)
	cases := screenCases(t, k, cat)
	for _, ws := range windowSizes {
		k.win.Resize(ws.size)
		for _, ts := range textSizes {
			for _, lang := range []string{i18n.VI, i18n.EN} {
				k.lang = lang
				setTextSize(k, ts)
				for _, c := range cases {
					c.show()
					name := fmt.Sprintf("%s/%s/x%.1f/%s", c.name, ws.name, ts.scale(), lang)
					checkFits(t, k, name, ws.size)
					clearOverlays(k)
					k.setOnline(true)
				}
			}
		}
	}
}

// checkFits checks one screen as drawn (see TestEveryScreenFits) and
// returns what it found on it.
func checkFits(t *testing.T, k *Kiosk, name string, win fyne.Size) *walker {
	t.Helper()
	c := k.win.Canvas()
	if got := c.Size(); got != win {
		t.Errorf("%s: the canvas grew to %v in a %v window", name, got, win)
		k.win.Resize(win)
	}
	if m := k.root.MinSize(); m.Width > win.Width+0.5 || m.Height > win.Height+0.5 {
		t.Errorf("%s: the screen needs %v, more than the %v window", name, m, win)
	}
	// The real driver lays out again, frame after frame, whatever grew
	// once wrapped text learnt its width; two passes settle the screen as
	// a panel would show it. Drawing is left out (it is slow) unless the
	// pictures are wanted: a negative size, which makes Fyne's painter
	// panic, is caught by the walk below.
	k.win.Content().Refresh()
	k.win.Content().Refresh()
	askMinSizes(k.win.Content()) // as the driver does every frame, after the layout
	if dir := os.Getenv("MOTCUA_FIT_SHOTS"); dir != "" {
		if img := capture(t, c, name); img != nil {
			savePNG(t, filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".png"), img)
		}
	}
	var faults []string
	w := walker{fault: func(f string) { faults = append(faults, f) }}
	whole := box{0, 0, win.Width, win.Height}
	w.walk(k.win.Content(), fyne.NewPos(0, 0), whole, whole, "")
	for _, o := range c.Overlays().List() {
		w.tiles = nil // a pop-up covers the screen: only its own buttons answer
		w.walk(o, fyne.NewPos(0, 0), whole, whole, "overlay")
	}
	if len(faults) > 6 {
		faults = append(faults[:6], fmt.Sprintf("… and %d more", len(faults)-6))
	}
	for _, f := range faults {
		t.Errorf("%s: %s", name, f)
	}
	checkTaps(t, c, name, w.tiles)
	return &w
}

// checkTaps taps the middle of every enabled button in view, the way the
// driver delivers a finger's tap, and checks that the button drawn there
// is the one that answers. Every button's action is swapped for a marker
// meanwhile, so the taps change nothing.
func checkTaps(t *testing.T, c fyne.Canvas, name string, tiles []placedTile) {
	t.Helper()
	var hit *touch.Tile
	saved := make([]func(), len(tiles))
	for i, p := range tiles {
		saved[i] = p.tile.OnTap
		p.tile.OnTap = func() { hit = p.tile }
	}
	defer func() {
		for i, p := range tiles {
			p.tile.OnTap = saved[i]
		}
	}()
	for _, p := range tiles {
		if p.tile.Disabled || !p.inView() {
			continue
		}
		hit = nil
		centre := p.pos.Add(fyne.NewPos(p.tile.Size().Width/2, p.tile.Size().Height/2))
		test.TapCanvas(c, centre)
		if hit != p.tile {
			got := "nothing"
			if hit != nil {
				got = fmt.Sprintf("%q", hit.Title)
			}
			t.Errorf("%s: a tap on %q at %v reaches %s", name, p.tile.Title, centre, got)
		}
	}
}

// askMinSizes asks every object on the screen for its minimum size, as
// Fyne's driver does before each frame: a layout that changes what it
// measures while measuring shows up as misplaced objects.
func askMinSizes(o fyne.CanvasObject) {
	o.MinSize()
	for _, c := range children(o) {
		askMinSizes(c)
	}
}

// capture draws the canvas as the screen would show it, which also lays
// it out; a layout that gives an object a negative size makes Fyne's
// painter panic, which is reported as the fault it is.
func capture(t *testing.T, c fyne.Canvas, name string) (img image.Image) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: drawing the screen failed: %v", name, r)
			img = nil
		}
	}()
	return c.Capture()
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// box is a rectangle in window coordinates.
type box struct{ x0, y0, x1, y1 float32 }

func (b box) String() string { return fmt.Sprintf("[%.0f,%.0f–%.0f,%.0f]", b.x0, b.y0, b.x1, b.y1) }

// clip is the part of b inside o; a scrolled list's content may run past
// it downwards, so vertical lets the bottom go.
func (b box) clip(o box) box {
	return box{max(b.x0, o.x0), max(b.y0, o.y0), min(b.x1, o.x1), min(b.y1, o.y1)}
}

// within tells whether b lies inside o, give or take a unit of rounding.
func (b box) within(o box) bool {
	const e = 1
	return b.x0 >= o.x0-e && b.y0 >= o.y0-e && b.x1 <= o.x1+e && b.y1 <= o.y1+e
}

// placedTile is a button and where it is on the window, with the part of
// the window its ancestors show.
type placedTile struct {
	tile *touch.Tile
	pos  fyne.Position
	view box
}

// walker goes down the tree of objects with each one's position on the
// window and the room its ancestors give it.
type walker struct {
	fault func(string)
	tiles []placedTile
	// images are the pictures (QR codes) with where they are and what of
	// the window shows them.
	images []placedImage
}

// placedImage is a picture and the part of it in view.
type placedImage struct {
	self, view box
}

// inView tells whether the whole button is visible, not scrolled away.
func (p placedTile) inView() bool {
	s := p.tile.Size()
	return box{p.pos.X, p.pos.Y, p.pos.X + s.Width, p.pos.Y + s.Height}.within(p.view)
}

// walk checks o, drawn at offset at, against room, the box its ancestors
// give it, and goes on to its children; view is the part of the window in
// which o can be seen (a list shows only part of its content).
func (w *walker) walk(o fyne.CanvasObject, at fyne.Position, room, view box, path string) {
	if o == nil || !o.Visible() {
		return
	}
	pos := at.Add(o.Position())
	size := o.Size()
	if size.Width < 0 || size.Height < 0 {
		w.fault(fmt.Sprintf("%s has a negative size %v", path, size))
	}
	self := box{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
	switch v := o.(type) {
	case *touch.Tile:
		path = fmt.Sprintf("tile %q", v.Title)
	case *touch.Area:
		path = fmt.Sprintf("area %q", v.Name)
	case *fyne.Container:
		if !strings.HasSuffix(path, "…") {
			path += "/…"
		}
	default:
		path += "/" + typeName(o)
	}
	if t, ok := o.(*canvas.Text); ok {
		if t.Text != "" && !textBox(t, pos).within(room) {
			w.fault(fmt.Sprintf("text %q at %v runs out of its room %v (%s)", t.Text, textBox(t, pos), room, path))
		}
		return
	}
	if _, spacer := o.(layout.SpacerObject); spacer {
		return // not drawn
	}
	// Only what is drawn is judged: a container or widget may overhang
	// its room with blank padding (a key shorter than its label's padded
	// box, a tight line of text) while all it draws stays inside.
	if size.Width > 0 && size.Height > 0 && drawn(o) && !self.within(room) && !decorative(path) {
		w.fault(fmt.Sprintf("%s %v lies outside its room %v", path, self, room))
	}
	if _, ok := o.(*canvas.Image); ok {
		w.images = append(w.images, placedImage{self: self, view: view})
	}
	if tile, ok := o.(*touch.Tile); ok {
		w.tiles = append(w.tiles, placedTile{tile: tile, pos: pos, view: view})
	}
	inner, seen := room.clip(self), view.clip(self)
	if isScroller(o) {
		inner.y1 = 1e9 // a list runs on below its window; that is what scrolling is for
		inner.y0 = -1e9
	}
	for _, child := range children(o) {
		w.walk(child, pos, inner, seen, path)
	}
}

// textBox is where a text is drawn: a canvas.Text draws its whole string
// whatever its size, aligned in its box.
func textBox(t *canvas.Text, pos fyne.Position) box {
	m, s := t.MinSize(), t.Size()
	x := pos.X
	switch t.Alignment {
	case fyne.TextAlignCenter:
		x += (s.Width - m.Width) / 2
	case fyne.TextAlignTrailing:
		x += s.Width - m.Width
	}
	y := pos.Y + max(0, (s.Height-m.Height)/2)
	return box{x, y, x + m.Width, y + m.Height}
}

// drawn tells whether o paints something itself, rather than arranging
// other objects.
func drawn(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *fyne.Container, fyne.Widget:
		return false
	}
	return true
}

// isScroller tells whether o is a list that may hold more than it shows.
func isScroller(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *touch.Scroll, *container.Scroll:
		return true
	}
	return strings.HasSuffix(typeName(o), ".Scroll") // Entry's own text scroller
}

// decorative objects may reach past their box by design: the shadows
// round pop-ups and at the edges of a list.
func decorative(path string) bool {
	return strings.Contains(path, "Shadow")
}

func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch v := o.(type) {
	case *fyne.Container:
		return v.Objects
	case fyne.Widget:
		return test.WidgetRenderer(v).Objects()
	}
	return nil
}

func typeName(o fyne.CanvasObject) string {
	return strings.TrimPrefix(reflect.TypeOf(o).String(), "*")
}

// TestDetailQRInView: on a 1080p panel the guidance QR code stands whole
// under the ticket button, in both languages and at every text size. (The
// real driver asks for minimum sizes every frame; a layout that shrank
// the column to its minimum while measuring left a sliver of the code.)
func TestDetailQRInView(t *testing.T) {
	k, cat := offlineKiosk(t)
	p, _ := cat.Procedure("2.000815")
	for _, ts := range textSizes {
		for _, lang := range []string{i18n.VI, i18n.EN} {
			k.lang = lang
			setTextSize(k, ts)
			k.showDetail(p)
			name := fmt.Sprintf("detail/x%.1f/%s", ts.scale(), lang)
			w := checkFits(t, k, name, screenSize)
			var qr placedImage // the largest picture; the others are the documents' check boxes
			for _, img := range w.images {
				if img.self.x1-img.self.x0 > qr.self.x1-qr.self.x0 {
					qr = img
				}
			}
			if side := qr.self.x1 - qr.self.x0; side < 200 {
				t.Fatalf("%s: no QR code (largest picture %v wide)", name, side)
			}
			if img := qr; !img.self.within(img.view) {
				t.Errorf("%s: the QR code %v is not whole in view (%v)", name, img.self, img.view)
			}
		}
	}
}
