// Package touch has the kiosk's one interactive building block: a large
// coloured tile with wrapped text that reacts to a tap. Stock Fyne buttons
// do not wrap long procedure names and cannot be made tall enough for an
// unsteady finger, so every touch target of the kiosk, from a field tile to a
// key of the keyboard, is a Tile.
package touch

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MinTarget is the smallest side of any touch target, in Fyne units (one
// unit is one pixel at scale 1 on a 1080p screen): 15 mm on a 32" 1080p
// panel (0.364 mm per pixel) is 41 px and on a 21.5" one 60 px, so 72
// clears both with room for an unsteady hand.
const MinTarget float32 = 72

// Tile is a tappable coloured rectangle with a title and an optional
// subtitle, both wrapped over as many lines as needed.
type Tile struct {
	widget.BaseWidget
	// Title is the main text, also what tests and screen readers look for.
	Title string
	// Sub is smaller text under the title (badges, a count, a fee).
	Sub string
	// Fill and Ink are theme colour names for the background and the text.
	Fill, Ink fyne.ThemeColorName
	// TextSize is the title's theme size name; Sub uses the normal text size.
	TextSize fyne.ThemeSizeName
	// Centre centres the text, for keys and short buttons.
	Centre bool
	// MinW and MinH raise the minimum size above MinTarget.
	MinW, MinH float32
	// OnTap runs on the UI thread when the tile is tapped.
	OnTap func()
	// Disabled tiles are drawn dimmed and ignore taps.
	Disabled bool
}

// New returns a primary-coloured tile.
func New(title, sub string, onTap func()) *Tile {
	t := &Tile{Title: title, Sub: sub, OnTap: onTap, Fill: theme.ColorNamePrimary,
		Ink: theme.ColorNameForegroundOnPrimary, TextSize: theme.SizeNameSubHeadingText}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped calls OnTap.
func (t *Tile) Tapped(*fyne.PointEvent) {
	if t.OnTap != nil && !t.Disabled {
		t.OnTap()
	}
}

// Cursor is the pointer over the tile.
func (t *Tile) Cursor() desktop.Cursor { return Cursor }

// CreateRenderer draws the tile.
func (t *Tile) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	r := &tileRenderer{t: t, bg: canvas.NewRectangle(color.Transparent), text: widget.NewRichText()}
	r.text.Wrapping = fyne.TextWrapWord
	r.box = container.NewPadded(r.text)
	r.Refresh()
	return r
}

type tileRenderer struct {
	t    *Tile
	bg   *canvas.Rectangle
	text *widget.RichText
	box  *fyne.Container
}

func (r *tileRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	pad := theme.Padding()
	w := s.Width - 2*pad
	r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height))
	r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height)) // wrapped text knows its height only once it knows its width
	y := (s.Height - r.box.Size().Height) / 2
	r.box.Move(fyne.NewPos(pad, max(y, 0)))
}

func (r *tileRenderer) MinSize() fyne.Size {
	if w := r.t.Size().Width - 2*theme.Padding(); w > 0 {
		// Once the tile has a width, wrapped text reports its true height.
		r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height))
	}
	m := r.box.MinSize()
	return fyne.NewSize(max(m.Width+2*theme.Padding(), MinTarget, r.t.MinW), max(m.Height+2*theme.Padding(), MinTarget, r.t.MinH))
}

func (r *tileRenderer) Refresh() {
	t := r.t
	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(t.Fill, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	if t.Disabled {
		r.bg.FillColor = th.Color(theme.ColorNameDisabledButton, v)
	}
	align := fyne.TextAlignLeading
	if t.Centre {
		align = fyne.TextAlignCenter
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: t.Title, Style: widget.RichTextStyle{
		ColorName: t.Ink, SizeName: t.TextSize, TextStyle: fyne.TextStyle{Bold: true}, Alignment: align}}}
	if t.Sub != "" {
		segs = append(segs, &widget.TextSegment{Text: t.Sub, Style: widget.RichTextStyle{
			ColorName: t.Ink, SizeName: theme.SizeNameText, Alignment: align}})
	}
	r.text.Segments = segs
	r.text.Refresh()
	r.bg.Refresh()
}

func (r *tileRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.box} }
func (r *tileRenderer) Destroy()                     {}
