package board

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Colours of the board: dark background so the numbers stand out from
// across the room, yellow numbers, a blue box per counter.
var (
	colBackground = color.NRGBA{R: 0x0b, G: 0x1f, B: 0x3a, A: 0xff}
	colPanel      = color.NRGBA{R: 0x12, G: 0x30, B: 0x5a, A: 0xff}
	colHeader     = color.NRGBA{R: 0xa3, G: 0x16, B: 0x1a, A: 0xff}
	colHeaderText = color.NRGBA{R: 0xff, G: 0xe0, B: 0x8a, A: 0xff}
	colNumber     = color.NRGBA{R: 0xff, G: 0xd2, B: 0x3f, A: 0xff}
	colCounterBox = color.NRGBA{R: 0x1e, G: 0x6f, B: 0xd9, A: 0xff}
	colText       = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colDim        = color.NRGBA{R: 0xb8, G: 0xc7, B: 0xdb, A: 0xff}
	colFlash      = color.NRGBA{R: 0xf2, G: 0xc3, B: 0x00, A: 0xff}
	colFlashText  = color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xff}
	colNewest     = color.NRGBA{R: 0x2b, G: 0x55, B: 0x8f, A: 0xff}
	colFastDay    = color.NRGBA{R: 0x1b, G: 0x7f, B: 0x3b, A: 0xff}
	colHelp       = color.NRGBA{R: 0xe8, G: 0x59, B: 0x0c, A: 0xff}
	colOffline    = color.NRGBA{R: 0xff, G: 0x6b, B: 0x6b, A: 0xff}
	colTicker     = color.NRGBA{R: 0x07, G: 0x16, B: 0x2c, A: 0xff}
)

// numberFill is the share of a tile's height the ticket number's font size
// takes; with the font's digits about 0.71 em tall, a 270 px tile gives
// digits of about 118 px, 11 % of a 1080 px screen.
const numberFill = 0.62

// counterTile shows what one counter serves now: a box with the counter
// number and the ticket number beside it, both sized from the tile so they
// stay as large as the screen allows whatever the number of counters.
type counterTile struct {
	bg      *canvas.Rectangle
	box     *canvas.Rectangle
	label   *canvas.Text // "QUẦY"
	counter *canvas.Text
	number  *canvas.Text
	name    *canvas.Text
}

func newCounterTile(counter, number, name string) (*counterTile, *fyne.Container) {
	t := &counterTile{
		bg:      canvas.NewRectangle(colPanel),
		box:     canvas.NewRectangle(colCounterBox),
		label:   text("QUẦY", colText, 10, true),
		counter: text(counter, colText, 10, true),
		number:  text(number, colNumber, 10, true),
		name:    text(name, colDim, 10, false),
	}
	t.bg.CornerRadius, t.box.CornerRadius = 12, 12
	t.label.Alignment, t.counter.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	return t, container.New(t, t.bg, t.box, t.label, t.counter, t.number, t.name)
}

// flash paints the tile for a fresh call (on) or normally.
func (t *counterTile) flash(on bool) {
	bg, fg, dim := colPanel, colNumber, colDim
	if on {
		bg, fg, dim = colFlash, colFlashText, colFlashText
	}
	if t.bg.FillColor == bg {
		return
	}
	t.bg.FillColor, t.number.Color, t.name.Color = bg, fg, dim
	t.bg.Refresh()
	t.number.Refresh()
	t.name.Refresh()
}

// Layout places the parts and sizes the texts from the tile's size.
func (t *counterTile) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := size.Height * 0.06
	t.bg.Resize(size)
	boxW := min(size.Height, size.Width*0.3)
	t.box.Move(fyne.NewPos(0, 0))
	t.box.Resize(fyne.NewSize(boxW, size.Height))
	place(t.label, fyne.NewPos(0, pad), boxW, boxW*0.16)
	top := pad + t.label.MinSize().Height
	t.counter.TextSize = fit(t.counter.Text, min(boxW*0.75, size.Height*0.62), boxW*0.9, t.counter.TextStyle)
	h := t.counter.MinSize().Height
	t.counter.Move(fyne.NewPos(0, top+(size.Height-top-h)/2))
	t.counter.Resize(fyne.NewSize(boxW, h))
	t.counter.Refresh()
	areaX := boxW + 2*pad
	areaW := size.Width - areaX - pad
	nameSize := size.Height * 0.1
	size0 := fit(t.number.Text, size.Height*numberFill, areaW, t.number.TextStyle)
	t.number.TextSize = size0
	t.number.Move(fyne.NewPos(areaX, (size.Height-nameSize-pad-t.number.MinSize().Height)/2))
	t.number.Resize(fyne.NewSize(areaW, t.number.MinSize().Height))
	t.number.Refresh()
	t.name.TextSize = fit(t.name.Text, nameSize, areaW, t.name.TextStyle)
	t.name.Move(fyne.NewPos(areaX, size.Height-pad-t.name.MinSize().Height))
	t.name.Refresh()
}

// MinSize is small: the board's grid gives tiles their size.
func (t *counterTile) MinSize(_ []fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 80) }

// place sets a centred text's size and puts it in a column of width w.
func place(c *canvas.Text, pos fyne.Position, w, size float32) {
	c.TextSize = fit(c.Text, size, w*0.9, c.TextStyle)
	c.Move(pos)
	c.Resize(fyne.NewSize(w, c.MinSize().Height))
	c.Refresh()
}

// fit is the largest font size up to want at which s fits in width.
func fit(s string, want, width float32, style fyne.TextStyle) float32 {
	if s == "" || want <= 0 {
		return max(want, 1)
	}
	w := fyne.MeasureText(s, want, style).Width
	if w <= width || w == 0 {
		return want
	}
	return max(want*width/w, 1)
}

// text makes a canvas text in the board's style.
func text(s string, c color.Color, size float32, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return t
}

// nameText is a queue name in a narrow column: one line at its size when
// it fits, a little smaller when that is enough, otherwise wrapped on two
// lines at a size still readable from across the room, the second line
// ending in "…" if even that is too long. It never shrinks to a size
// nobody can read, as a long name such as "Thứ Tư – giải quyết trong
// ngày" would in the portrait layout's queue column.
type nameText struct {
	text  string
	size  float32
	lines [2]*canvas.Text
}

// nameShrink is the smallest share of its size a name is drawn at: below
// it the name wraps instead.
const nameShrink = 0.85

func newNameText(s string, c color.Color, size float32) *nameText {
	return &nameText{text: s, size: size, lines: [2]*canvas.Text{text(s, c, size, false), text("", c, size, false)}}
}

// split says at which font size and on which lines the name is drawn in
// a column of the given width.
func (n *nameText) split(width float32) (float32, []string) {
	style := n.lines[0].TextStyle
	if s := fit(n.text, n.size, width, style); s >= n.size*nameShrink {
		return s, []string{n.text}
	}
	size := n.size * nameShrink
	lines := wrap(n.text, size, width, style)
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], " ")}
	}
	for i, l := range lines {
		lines[i] = ellipsis(l, size, width, style)
	}
	return size, lines
}

// heightFor is the height the name needs in a column of the given width.
func (n *nameText) heightFor(width float32) float32 {
	size, lines := n.split(width)
	return fyne.MeasureText("Ấy", size, n.lines[0].TextStyle).Height * float32(len(lines))
}

// Layout places the lines, centred vertically in size.
func (n *nameText) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	fontSize, lines := n.split(size.Width)
	lineH := fyne.MeasureText("Ấy", fontSize, n.lines[0].TextStyle).Height
	y := (size.Height - lineH*float32(len(lines))) / 2
	for i, l := range n.lines {
		l.Text, l.TextSize = "", fontSize
		if i < len(lines) {
			l.Text = lines[i]
		}
		l.Move(fyne.NewPos(0, y+lineH*float32(i)))
		l.Resize(fyne.NewSize(size.Width, lineH))
		l.Refresh()
	}
}

// MinSize is one line: the queue rows ask heightFor once they know the width.
func (n *nameText) MinSize(_ []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(40, fyne.MeasureText("Ấy", n.size, n.lines[0].TextStyle).Height)
}

// ellipsis shortens s word by word until it fits in width with a trailing
// "…"; a single word too long for the column is cut by letters.
func ellipsis(s string, size, width float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		cut := strings.TrimRight(string(r), " –-,")
		if fyne.MeasureText(cut+"…", size, style).Width <= width {
			return cut + "…"
		}
	}
	return "…"
}

// queueRow lays out one line of the queue table: the prefix, the name
// (taking what is left), the head count and the wait, each figure column at
// a fixed width so the columns line up from row to row.
type queueRow struct {
	prefix, count, wait fyne.CanvasObject
	name                *nameText
	nameObj             fyne.CanvasObject
	prefixW, countW     float32
	waitW               float32
}

// nameGap keeps a long name off the head count beside it.
const nameGap = 12

func (r *queueRow) nameWidth(width float32) float32 {
	return max(width-r.prefixW-r.countW-r.waitW-nameGap, 40)
}

func (r *queueRow) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, c := range []struct {
		o fyne.CanvasObject
		w float32
	}{{r.prefix, r.prefixW}, {r.nameObj, r.nameWidth(size.Width)}, {r.count, r.countW}, {r.wait, r.waitW}} {
		c.o.Move(fyne.NewPos(x, 0))
		c.o.Resize(fyne.NewSize(c.w, size.Height))
		x += c.w
		if c.o == r.nameObj {
			x += nameGap
		}
	}
}

func (r *queueRow) MinSize(_ []fyne.CanvasObject) fyne.Size {
	h := max(r.prefix.MinSize().Height, r.count.MinSize().Height, r.wait.MinSize().Height, r.nameObj.MinSize().Height)
	return fyne.NewSize(r.prefixW+r.countW+r.waitW+40, h)
}

// heightFor is the row's height at a width: taller when its name wraps.
func (r *queueRow) heightFor(width float32) float32 {
	return max(r.MinSize(nil).Height, r.name.heightFor(r.nameWidth(width)))
}

// rows stacks table rows from the top, each as tall as it needs at the
// width it is given (a VBox would only know a queue row's one-line
// minimum), and hides the rows that do not fit: with banners up, a
// portrait board has less room than its longest list of calls.
type rows struct{ gap float32 }

func (l *rows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		if c, ok := o.(*fyne.Container); ok {
			if r, ok := c.Layout.(*queueRow); ok {
				h = r.heightFor(size.Width)
			}
		}
		if y+h > size.Height+0.5 {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + l.gap
	}
}

func (l *rows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(max(s.Width, m.Width), s.Height+m.Height+l.gap)
	}
	return s
}
