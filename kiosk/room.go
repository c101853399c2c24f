package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"motcua/kiosk/touch"
)

// The kiosk runs on a 1080p landscape panel, a cheap 1366×768 one or a
// 1080p panel stood on its end, at three text sizes. Rather than one layout
// squeezed into all nine, each screen asks how much room it has, counted in
// units of the chosen text size (a 1366 px wide screen at 1.6× text is
// 854 units wide), and arranges itself for it.
const (
	// wideUnits is the least width, in text units, at which a screen puts
	// a side column (the ticket button, a QR code) beside its main list
	// and the top bar keeps its buttons beside the centre's name.
	wideUnits = 1150
	// shortUnits is the height below which a screen drops what it can do
	// without (the greeting, a second line of title) to keep its lists
	// and buttons in view.
	shortUnits = 700
	// shortPixels is the window height below which every screen is short.
	shortPixels = 800
)

// room is the window's size in units of the chosen text size; an unsized
// window (before the first layout) counts as a 1080p one.
func (k *Kiosk) room() fyne.Size {
	s := k.win.Canvas().Size()
	if s.Width <= 0 || s.Height <= 0 {
		s = fyne.NewSize(1920, 1080)
	}
	sc := k.size.scale()
	return fyne.NewSize(s.Width/sc, s.Height/sc)
}

// narrow tells whether side columns must go below the main list.
func (k *Kiosk) narrow() bool { return k.room().Width < wideUnits }

// short tells whether the screen must spare every line it can: low in
// text units, or a panel under 800 pixels high whatever the text size.
func (k *Kiosk) short() bool {
	h := k.win.Canvas().Size().Height
	return k.room().Height < shortUnits || (h > 0 && h < shortPixels)
}

// roomClass is what a screen's arrangement depends on.
type roomClass struct {
	narrow, short bool
	barRows       int
}

func (k *Kiosk) roomClass() roomClass { return roomClass{k.narrow(), k.short(), k.barRows()} }

// sizeWatch is the root layout: it fills the window and, when the window
// changes size enough to call for another arrangement (the first frame of
// a full-screen kiosk on a panel that is not 1080p, a panel turned),
// redraws the screen.
type sizeWatch struct {
	k    *Kiosk
	last roomClass
}

// MinSize is small on purpose. The frame is built before the window
// knows its size (for a 1080p panel); were its minimum passed on, Fyne would
// grow the canvas to it, past a smaller panel's edge, and the kiosk would
// never learn that the panel is smaller. Each arrangement fits its room
// (TestEveryScreenFits checks the frame's own minimum).
func (w *sizeWatch) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(touch.MinTarget, touch.MinTarget)
}

func (w *sizeWatch) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
	k := w.k
	if k.started && s.Width > 0 {
		if c := k.roomClass(); c != w.last {
			w.last = c
			go k.ui(k.redraw) // not from inside a layout pass
		}
	}
}

// autoGrid lays its objects out in rows of up to cols columns, fewer when
// the widest object would not fit: two columns of field tiles at normal
// text become one at 1.6× on a narrow screen, instead of words spilling
// out of their tiles.
type autoGrid struct {
	cols int
	// width is the last width laid out, so that MinSize can tell the
	// height of the rows at that width (wrapped titles grow taller as
	// their tiles narrow).
	width float32
}

func newAutoGrid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&autoGrid{cols: cols}, objs...)
}

// columns is how many columns fit in width w.
func (g *autoGrid) columns(objs []fyne.CanvasObject, w float32) int {
	var widest float32
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	pad := theme.Padding()
	n := g.cols
	for n > 1 && float32(n)*widest+float32(n-1)*pad > w {
		n--
	}
	return n
}

// cells is the width of each column and the height of each row when
// laid out in width w.
func (g *autoGrid) cells(objs []fyne.CanvasObject, w float32) (n int, cw float32, rows []float32) {
	pad := theme.Padding()
	n = g.columns(objs, w)
	cw = (w - float32(n-1)*pad) / float32(n)
	for i, o := range objs {
		if i%n == 0 {
			rows = append(rows, 0)
		}
		o.Resize(fyne.NewSize(cw, o.Size().Height)) // a tile knows its height once it knows its width
		rows[len(rows)-1] = max(rows[len(rows)-1], o.MinSize().Height)
	}
	return n, cw, rows
}

func (g *autoGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	if g.width <= 0 || len(objs) == 0 {
		var h float32
		for _, o := range objs {
			h += o.MinSize().Height + theme.Padding()
		}
		return fyne.NewSize(widest, h)
	}
	_, _, rows := g.cells(objs, g.width)
	h := float32(len(rows)-1) * theme.Padding()
	for _, r := range rows {
		h += r
	}
	return fyne.NewSize(widest, h)
}

func (g *autoGrid) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	g.width = s.Width
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	n, cw, rows := g.cells(objs, s.Width)
	y := float32(0)
	for i, o := range objs {
		r := i / n
		if i%n == 0 && r > 0 {
			y += rows[r-1] + pad
		}
		o.Move(fyne.NewPos(float32(i%n)*(cw+pad), y))
		o.Resize(fyne.NewSize(cw, rows[r]))
	}
}

// flow lays its objects out left to right at their natural size, going on
// to a new line when the next would not fit: a procedure's code and badges
// on one line at normal text, on two or three at 1.6×.
type flow struct{ width float32 }

func newFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flow{}, objs...)
}

// place positions objs in width w (when set) and returns the height used.
func (f *flow) place(objs []fyne.CanvasObject, w float32, set bool) float32 {
	pad := theme.Padding()
	var x, y, line float32
	for _, o := range objs {
		ow := min(preferredWidth(o), w)
		if x > 0 && x+ow > w {
			x, y, line = 0, y+line+pad, 0
		}
		o.Resize(fyne.NewSize(ow, o.Size().Height)) // wrapped words know their height once they know their width
		m := fyne.NewSize(ow, o.MinSize().Height)
		if set {
			o.Move(fyne.NewPos(x, y))
			o.Resize(m)
		}
		x += m.Width + pad
		line = max(line, m.Height)
	}
	return y + line
}

func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	w := f.width
	if w <= 0 {
		w = 1e9 // not laid out yet: one line
	}
	return fyne.NewSize(widest, f.place(objs, w, false))
}

func (f *flow) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	f.width = s.Width
	f.place(objs, s.Width, true)
}

// keyPad lays out rows of keys that share the height they are given, each
// row's keys sharing its width: tall keys on a tall screen, and on a
// short one (1366×768 at 1.6×) rows no lower than a touch target and one
// line of a key's label, however much padding the keys' boxes carry.
func keyPad(size fyne.ThemeSizeName, rows ...[]fyne.CanvasObject) fyne.CanvasObject {
	var lines []fyne.CanvasObject
	for _, r := range rows {
		lines = append(lines, container.New(&keyRow{size: size}, r...))
	}
	return container.NewGridWithRows(len(lines), lines...)
}

// keyRow lays keys side by side at equal widths, as tall as the row.
type keyRow struct{ size fyne.ThemeSizeName }

func (l *keyRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	n := float32(len(objs))
	line := fyne.MeasureText("Ág", theme.Size(l.size), fyne.TextStyle{Bold: true}).Height
	return fyne.NewSize(n*w+(n-1)*theme.Padding(), max(touch.MinTarget, line+2*theme.InnerPadding()))
}

func (l *keyRow) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	pad := theme.Padding()
	n := float32(len(objs))
	w := (s.Width - (n-1)*pad) / n
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*(w+pad), 0))
		o.Resize(fyne.NewSize(w, s.Height))
	}
}
