// Package touch has the kiosk's one interactive building block: a large
// coloured tile with wrapped text that reacts to a tap. Stock Fyne buttons
// do not wrap long procedure names and cannot be made tall enough for an
// unsteady finger, so every touch target of the kiosk, from a field tile to a
// key of the keyboard, is a Tile.
package touch

import (
	"image/color"
	"strings"
	"unicode/utf8"

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
	// OneLine keeps the title on one line, the tile as wide as it needs:
	// for short labels whose tile must have a known size (the top bar).
	OneLine bool
	// Disabled tiles are drawn dimmed and ignore taps.
	Disabled bool
	// MaxLines, when above zero, cuts the title to that many lines and ends
	// it with "…", so that one very long procedure name cannot push the
	// other results of a list off the screen.
	MaxLines int
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
	r.clamp(w)
	r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height))
	r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height)) // wrapped text knows its height only once it knows its width
	// Centred even in a tile shorter than the padded text (a key in a
	// short row): the blank padding overhangs, the words stay in the middle.
	y := (s.Height - r.box.Size().Height) / 2
	r.box.Move(fyne.NewPos(pad, y))
}

func (r *tileRenderer) MinSize() fyne.Size {
	if w := r.t.Size().Width - 2*theme.Padding(); w > 0 {
		// Once the tile has a width, wrapped text reports its true height.
		r.clamp(w)
		r.box.Resize(fyne.NewSize(w, r.box.MinSize().Height))
	}
	m := r.box.MinSize()
	padH := 2 * theme.Padding()
	if r.t.MaxLines > 0 {
		// A clamped tile is one fixed height; the box's own padding is
		// margin enough, so that more of a list fits on the screen.
		m.Height, padH = max(m.Height, r.clampedHeight()), 0
	}
	w := max(m.Width, r.longestWord()) + 2*theme.Padding()
	return fyne.NewSize(max(w, MinTarget, r.t.MinW), max(m.Height+padH, MinTarget, r.t.MinH))
}

// longestWord is the width the text box needs so that no word is broken
// across lines ("Englis/h"): wrapped text reports no such minimum itself.
func (r *tileRenderer) longestWord() float32 {
	th := r.t.Theme()
	inner := 2*th.Size(theme.SizeNameInnerPadding) + 2
	widest := func(s string, size float32, style fyne.TextStyle) float32 {
		var w float32
		for _, word := range strings.Fields(s) {
			ww := fyne.MeasureText(word, size, style).Width
			if utf8.RuneCountInString(word) > 1 || !r.t.Centre {
				ww += inner // the text's own padding, inside which it wraps
			}
			w = max(w, ww)
		}
		return w
	}
	w := max(widest(r.t.Title, th.Size(r.t.TextSize), fyne.TextStyle{Bold: true}),
		widest(r.t.Sub, th.Size(theme.SizeNameText), fyne.TextStyle{}))
	if w == 0 {
		return 0
	}
	// One glyph centred cannot be broken, and sits centred whatever the
	// text's padding: a key needs only the glyph and the box's padding.
	return w + 2*th.Size(theme.SizeNamePadding)
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
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: r.title(t.Size().Width - 2*theme.Padding()), Style: widget.RichTextStyle{
		ColorName: t.Ink, SizeName: t.TextSize, TextStyle: fyne.TextStyle{Bold: true}, Alignment: align}}}
	if t.Sub != "" {
		segs = append(segs, &widget.TextSegment{Text: t.Sub, Style: widget.RichTextStyle{
			ColorName: t.Ink, SizeName: theme.SizeNameText, Alignment: align}})
	}
	r.text.Segments = segs
	r.text.Wrapping = fyne.TextWrapWord
	if t.OneLine {
		r.text.Wrapping = fyne.TextWrapOff
	}
	r.text.Refresh()
	r.bg.Refresh()
}

// clamp re-cuts the title when the box width w makes it differ from what
// is shown.
func (r *tileRenderer) clamp(w float32) {
	if r.t.MaxLines <= 0 || len(r.text.Segments) == 0 {
		return
	}
	seg := r.text.Segments[0].(*widget.TextSegment)
	if want := r.title(w); seg.Text != want {
		seg.Text = want
		r.text.Refresh()
	}
}

// clampedHeight is the height of the box, padding included, when the
// title fills MaxLines lines (0 without MaxLines). A clamped tile is never
// shorter, so a list of them is laid out right the first time, before the
// tiles know their width and hence how many lines their titles wrap to,
// and all its entries are targets of one size.
func (r *tileRenderer) clampedHeight() float32 {
	t := r.t
	if t.MaxLines <= 0 {
		return 0
	}
	th := t.Theme()
	line := fyne.MeasureText("Ág", th.Size(t.TextSize), fyne.TextStyle{Bold: true}).Height
	h := float32(t.MaxLines)*line + 2*th.Size(theme.SizeNameInnerPadding) + 2*th.Size(theme.SizeNamePadding)
	if t.Sub != "" {
		h += fyne.MeasureText(t.Sub, th.Size(theme.SizeNameText), fyne.TextStyle{}).Height + th.Size(theme.SizeNameLineSpacing)
	}
	return h
}

// title is the title as shown in a box w wide: whole, or cut to MaxLines.
// It measures with the box's padding and the text's own inner padding
// taken off, and 2 units to spare, so the RichText, which wraps the same
// greedy way, never needs a line more than counted here.
func (r *tileRenderer) title(w float32) string {
	t := r.t
	w -= 2*t.Theme().Size(theme.SizeNamePadding) + 2*t.Theme().Size(theme.SizeNameInnerPadding) + 2
	if t.MaxLines <= 0 || w <= 0 {
		return t.Title
	}
	size := t.Theme().Size(t.TextSize)
	return Clamp(t.Title, t.MaxLines, func(s string) float32 {
		return fyne.MeasureText(s, size, fyne.TextStyle{Bold: true}).Width
	}, w)
}

// Clamp cuts s, wrapped word by word into lines at most w wide as measured
// by width, to at most n lines, ending with "…" when anything was cut.
func Clamp(s string, n int, width func(string) float32, w float32) string {
	var kept, line []string
	lines := 1
	for _, word := range strings.Fields(s) {
		if len(line) == 0 || width(strings.Join(append(line, word), " ")) <= w {
			line = append(line, word)
			continue
		}
		if lines == n {
			return strings.Join(append(kept, ellipsis(line, width, w)), " ")
		}
		kept, line, lines = append(kept, line...), []string{word}, lines+1
	}
	return s
}

// ellipsis joins the words of a last line with "…" after them, dropping
// words from the end until it fits w.
func ellipsis(words []string, width func(string) float32, w float32) string {
	for len(words) > 1 && width(strings.Join(words, " ")+"…") > w {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ") + "…"
}

func (r *tileRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.box} }
func (r *tileRenderer) Destroy()                     {}
