package kiosk

// Layouts of the ticket screen. Everything a citizen needs from it (the
// number, what it is for, where it stands, the counters, whether it
// printed) must be in view at once on any panel the centre has, landscape
// or portrait, in normal or large text: a fact below the fold is a fact
// not read. So the screen does not scroll; the number gives up size
// instead when room is short.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Sizes of the QR block: the code is read by phones held a little away,
// so it is never smaller than qrMin, and past qrMax it only takes room.
const (
	qrMin    = 200
	qrShort  = 150
	qrMax    = 420
	sideMinW = 300
	sideMaxW = 460
)

// ticketLayout puts the ticket's facts (objects[0], laid out by a
// fitColumn) and its QR block (objects[1], by a qrBlock) side by side on
// a landscape screen, the QR block on the right, and one above the other,
// centred together, on a portrait screen.
//
// The facts sit in a scroll (objects[0]) that only moves when even the
// number at half size leaves them too tall (1.6× text on a 1366×768
// panel): then the number and the first lines stay in view and the rest
// is a drag away, instead of running off the window. col is the facts'
// fitColumn container inside it, measured for the split.
type ticketLayout struct{ col *fyne.Container }

// Layout splits size between the facts and the QR block.
func (l ticketLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	facts, side := objs[0], objs[1]
	pad := theme.Padding()
	if size.Width >= size.Height {
		w := min(max(size.Width*0.3, sideMinW), sideMaxW)
		side.Resize(fyne.NewSize(w, size.Height))
		side.Move(fyne.NewPos(size.Width-w, 0))
		facts.Resize(fyne.NewSize(size.Width-w-2*pad, size.Height))
		facts.Move(fyne.NewPos(0, 0))
		return
	}
	sideH := min(naturalHeight(side, size.Width), size.Height-heightAt(l.col, size.Width)-2*pad)
	sideH = max(sideH, side.MinSize().Height)
	factsH := min(naturalHeight(l.col, size.Width), size.Height-sideH-2*pad)
	y := max(0, (size.Height-factsH-2*pad-sideH)/2)
	facts.Resize(fyne.NewSize(size.Width, factsH))
	facts.Move(fyne.NewPos(0, y))
	side.Resize(fyne.NewSize(size.Width, sideH))
	side.Move(fyne.NewPos(0, y+factsH+2*pad))
}

// naturalHeight is the height a fitColumn or qrBlock container takes at
// width w when room is plenty: the number at full size, the QR code at
// its largest.
func naturalHeight(o fyne.CanvasObject, w float32) float32 {
	c, ok := o.(*fyne.Container)
	if !ok {
		return o.MinSize().Height
	}
	switch l := c.Layout.(type) {
	case *fitColumn:
		l.setNumber(l.huge)
		_, h := stackHeights(c.Objects, w)
		return h
	case qrBlock:
		_, h := stackHeights(c.Objects[1:], w)
		return min(w, qrMax) + theme.Padding() + h
	}
	return o.MinSize().Height
}

// MinSize is the QR block's: the facts fit themselves to whatever room
// is left (see fitColumn), and a larger minimum would push the window's
// content, the "Xong" button first, off the screen.
func (l ticketLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[1].MinSize()
}

// fitColumn stacks its objects centred in its height, each as wide as the
// column, and when they do not fit shrinks the number (num, huge when
// there is room) step by step down to half its size.
type fitColumn struct {
	num  *canvas.Text
	huge float32
	// width is the last width laid out: wrapped lines are measured at it.
	width float32
}

// smallest is the fraction of its size the number may shrink to.
const smallest = 0.5

// Layout places the objects, shrinking the number first if needed.
func (l *fitColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	scale := float32(1)
	l.setNumber(l.huge)
	heights, total := stackHeights(objs, size.Width)
	for total > size.Height && scale > smallest {
		scale = max(scale-0.1, smallest)
		l.setNumber(l.huge * scale)
		heights, total = stackHeights(objs, size.Width)
	}
	y := max(0, (size.Height-total)/2)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, heights[i]))
		y += heights[i] + theme.Padding()
	}
}

// MinSize is the stack with the number at its smallest.
func (l *fitColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	saved := l.num.TextSize
	l.num.TextSize = l.huge * smallest
	// Measuring resizes the objects; the driver asks for minimum sizes
	// every frame, so they are put back as laid out, at the number's
	// own size, before returning.
	sizes := make([]fyne.Size, len(objs))
	for i, o := range objs {
		sizes[i] = o.Size()
	}
	defer func() {
		l.num.TextSize = saved
		for i, o := range objs {
			if o.Size() != sizes[i] {
				o.Resize(sizes[i])
			}
		}
	}()
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if l.width > 0 {
			m.Height = heightAt(o, l.width)
		}
		w, h = max(w, m.Width), h+m.Height
		n++
	}
	return fyne.NewSize(w, h+float32(max(n-1, 0))*theme.Padding())
}

func (l *fitColumn) setNumber(size float32) {
	if l.num.TextSize != size {
		l.num.TextSize = size
		l.num.Refresh()
	}
}

// stackHeights measures each visible object at width w (wrapped text is
// taller when narrower) and the stack's total height with padding.
func stackHeights(objs []fyne.CanvasObject, w float32) ([]float32, float32) {
	heights := make([]float32, len(objs))
	var total float32
	n := 0
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		heights[i] = heightAt(o, w)
		total += heights[i]
		n++
	}
	return heights, total + float32(max(n-1, 0))*theme.Padding()
}

// heightAt is o's height when laid out w wide.
func heightAt(o fyne.CanvasObject, w float32) float32 {
	o.Resize(fyne.NewSize(w, o.MinSize().Height))
	return o.MinSize().Height
}

// qrBlock lays out the QR code (objects[0]) as a square as large as the
// room left by the lines under it allows, between qrMin and qrMax, the
// whole centred in its room.
//
// least is the code's least side: qrMin, or qrShort on a short screen,
// still four or more pixels a module for a phone's camera.
type qrBlock struct {
	least float32
	width *float32 // the last width laid out, to measure wrapped lines at
}

// Layout sizes the code to the room.
func (q qrBlock) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	*q.width = size.Width
	pad := theme.Padding()
	heights, texts := stackHeights(objs[1:], size.Width)
	side := min(size.Width, size.Height-texts-pad, qrMax)
	side = max(side, min(q.least, size.Width))
	y := max(0, (size.Height-side-pad-texts)/2)
	objs[0].Resize(fyne.NewSize(side, side))
	objs[0].Move(fyne.NewPos((size.Width-side)/2, y))
	y += side + pad
	for i, o := range objs[1:] {
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, heights[i]))
		y += heights[i] + pad
	}
}

// MinSize is the smallest code with its lines.
func (q qrBlock) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := q.least, q.least
	for _, o := range objs[1:] {
		m := o.MinSize()
		if *q.width > 0 {
			m.Height = heightAt(o, *q.width)
		}
		w, h = max(w, m.Width), h+m.Height+theme.Padding()
	}
	return fyne.NewSize(w, h)
}

// tight lays out one rich text without the inner padding it keeps above
// and below its lines (its sides keep theirs), so stacked lines sit as
// close as the lines of a paragraph.
type tight struct{}

// Layout lets the text's top and bottom padding overhang the container.
func (tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := theme.InnerPadding()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -p))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*p))
	}
}

// MinSize is the text's without its top and bottom padding.
func (tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(m.Width, max(m.Height-2*theme.InnerPadding(), 0))
}
