package board

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// The board's layouts are fixed proportions of the screen rather than the
// natural sizes of widgets: a board is seen from far away and must use its
// whole surface the same way on every TV.

// fixedHeight stacks its objects at a fixed height and any width.
type fixedHeight struct{ h float32 }

func (l *fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(minWidth(objs), l.h)
}

// fixedWidth gives its objects a fixed width (a column of numbers).
type fixedWidth struct{ w float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.w, h)
}

func minWidth(objs []fyne.CanvasObject) float32 {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return w
}

// padded insets its objects by fixed margins.
type padded struct{ left, right, top, bottom float32 }

func (l *padded) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	inner := fyne.NewSize(max(size.Width-l.left-l.right, 0), max(size.Height-l.top-l.bottom, 0))
	for _, o := range objs {
		o.Move(fyne.NewPos(l.left, l.top))
		o.Resize(inner)
	}
}

func (l *padded) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(l.left+l.right, l.top+l.bottom)
}

// split shares its space between two objects, the first getting the
// fraction first; vertical stacks them, otherwise side by side.
type split struct {
	vertical bool
	first    float32
	gap      float32
}

func (l *split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if l.vertical {
		h := (size.Height - l.gap) * l.first
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(size.Width, h))
		objs[1].Move(fyne.NewPos(0, h+l.gap))
		objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-l.gap))
		return
	}
	w := (size.Width - l.gap) * l.first
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w+l.gap, 0))
	objs[1].Resize(fyne.NewSize(size.Width-w-l.gap, size.Height))
}

func (l *split) MinSize(objs []fyne.CanvasObject) fyne.Size { return fyne.NewSize(100, 100) }

// grid shares its space equally between cells, cols to a row, and keeps
// rows at least as tall as they are wide apart so few counters do not
// become absurdly tall tiles.
type grid struct {
	cols int
	gap  float32
}

func (l *grid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	rows := (len(objs) + l.cols - 1) / l.cols
	w := (size.Width - l.gap*float32(l.cols-1)) / float32(l.cols)
	h := (size.Height - l.gap*float32(rows-1)) / float32(rows)
	h = min(h, w*0.6)
	for i, o := range objs {
		r, c := i/l.cols, i%l.cols
		o.Move(fyne.NewPos(float32(c)*(w+l.gap), float32(r)*(h+l.gap)))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *grid) MinSize(objs []fyne.CanvasObject) fyne.Size { return fyne.NewSize(100, 100) }

// textBlock shows a text on up to a fixed number of lines, wrapped at word
// boundaries to its width and shrunk when it would need more lines, so
// an administrator's long slogan is never cut off.
type textBlock struct {
	container *fyne.Container
	text      string
	size      float32
	lines     []*canvas.Text
}

func newTextBlock(size float32, lines int, c color.Color, bold bool) (*textBlock, *fyne.Container) {
	b := &textBlock{size: size}
	objs := make([]fyne.CanvasObject, lines)
	for i := range lines {
		b.lines = append(b.lines, text("", c, size, bold))
		objs[i] = b.lines[i]
	}
	b.container = container.New(b, objs...)
	return b, b.container
}

// SetText changes the text; the next layout wraps it.
func (b *textBlock) SetText(s string) {
	b.text = s
	for _, l := range b.lines {
		l.Text = ""
	}
	if len(b.lines) > 0 {
		b.lines[0].Text = s // so a test or reader can see it before layout
	}
}

func (b *textBlock) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	style := b.lines[0].TextStyle
	fontSize := b.size
	var wrapped []string
	for ; fontSize > 8; fontSize *= 0.9 {
		wrapped = wrap(b.text, fontSize, size.Width, style)
		if len(wrapped) <= len(b.lines) {
			break
		}
	}
	var y float32
	for i, l := range b.lines {
		l.Text, l.TextSize = "", fontSize
		if i < len(wrapped) {
			l.Text = wrapped[i]
		}
		l.Move(fyne.NewPos(0, y))
		l.Resize(fyne.NewSize(size.Width, l.MinSize().Height))
		y += l.MinSize().Height
		l.Refresh()
	}
}

func (b *textBlock) MinSize(_ []fyne.CanvasObject) fyne.Size {
	h := fyne.MeasureText("Ấy", b.size, b.lines[0].TextStyle).Height
	return fyne.NewSize(100, h*float32(len(b.lines)))
}

// wrap breaks s into lines no wider than width at the given font size.
func wrap(s string, size, width float32, style fyne.TextStyle) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && fyne.MeasureText(next, size, style).Width > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
