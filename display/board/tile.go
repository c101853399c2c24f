package board

import (
	"image/color"

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

// fitText is one line of text that shrinks to the width it is given, so a
// long queue name never runs into the figures beside it.
type fitText struct {
	text *canvas.Text
	size float32
}

func newFitText(s string, c color.Color, size float32, bold bool) fyne.CanvasObject {
	f := &fitText{text: text(s, c, size, bold), size: size}
	return container.New(f, f.text)
}

func (f *fitText) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	f.text.TextSize = fit(f.text.Text, f.size, size.Width, f.text.TextStyle)
	h := f.text.MinSize().Height
	f.text.Move(fyne.NewPos(0, (size.Height-h)/2))
	f.text.Resize(fyne.NewSize(size.Width, h))
	f.text.Refresh()
}

func (f *fitText) MinSize(_ []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(40, fyne.MeasureText("Ấy", f.size, f.text.TextStyle).Height)
}
