package touch

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Slop is how far a finger may wander during a tap before the gesture
// counts as a drag. A Linux touchscreen reports a tap as press, a few
// moves and release; an unsteady finger rolls several pixels, and Fyne
// would call that a drag and drop the tap.
const Slop float32 = 12

// Momentum: a flick keeps the list moving for about this long after the
// finger lifts, slowing down as on a phone.
const glideTime = 400 * time.Millisecond

// Scroll is a vertical scroll area a finger can drag. Fyne's own scroll
// follows the mouse wheel and its narrow bar, but on a desktop driver it
// does not follow a dragged finger, which is all a touchscreen kiosk has.
// Dragging moves the content with the finger and a flick glides on; a
// gesture that stays within Slop is a tap and reaches the tile under the
// finger, so a shaky tap still works.
type Scroll struct {
	widget.BaseWidget
	// OnActivity runs on every drag and wheel step: reading a long list is
	// activity, and the kiosk must not go home under the reader's eyes.
	OnActivity func()

	inner   *container.Scroll
	content fyne.CanvasObject

	// The gesture in progress.
	dragging bool
	start    fyne.Position // where the finger went down, in the area
	moved    float32       // total distance travelled
	scrolled bool          // past Slop: the gesture moves the content
	velocity float32       // px per second, smoothed
	last     time.Time

	glide    *fyne.Animation
	glideEnd float32 // where the current glide stops
	now      func() time.Time
}

// NewScroll wraps content in a finger-draggable vertical scroll.
func NewScroll(content fyne.CanvasObject) *Scroll {
	s := &Scroll{inner: container.NewVScroll(content), content: content, now: time.Now}
	s.ExtendBaseWidget(s)
	return s
}

// Offset is how far the content is scrolled.
func (s *Scroll) Offset() float32 { return s.inner.Offset.Y }

// ScrollTo moves the content so that y is at the top, within bounds.
func (s *Scroll) ScrollTo(y float32) {
	s.stopGlide()
	s.setOffset(y)
}

// Page scrolls by one screenful less a little overlap (pages > 0 down,
// < 0 up), for the "Xem tiếp / Trở lại" buttons beside long lists.
func (s *Scroll) Page(pages int) {
	step := s.inner.Size().Height * 0.85
	s.ScrollTo(s.Offset() + float32(pages)*step)
	s.activity()
}

// CanScroll tells whether the content is taller than the area, and so
// whether the page buttons are needed.
func (s *Scroll) CanScroll() bool { return s.maxOffset() > 0 }

// AtTop and AtEnd tell whether the content can move further.
func (s *Scroll) AtTop() bool { return s.Offset() <= 0 }

// AtEnd tells whether the last of the content is in view.
func (s *Scroll) AtEnd() bool { return s.Offset() >= s.maxOffset() }

func (s *Scroll) maxOffset() float32 {
	return max(0, s.ContentHeight()-s.inner.Size().Height)
}

// ContentHeight is the height the content needs.
func (s *Scroll) ContentHeight() float32 { return s.content.MinSize().Height }

func (s *Scroll) setOffset(y float32) {
	y = min(max(0, y), s.maxOffset())
	if y == s.inner.Offset.Y {
		return
	}
	s.inner.Offset.Y = y
	s.inner.Refresh()
}

// Scrolled follows the mouse wheel.
func (s *Scroll) Scrolled(ev *fyne.ScrollEvent) {
	s.stopGlide()
	s.inner.Scrolled(ev)
	s.activity()
}

// Dragged moves the content with the finger once it has left the slop.
func (s *Scroll) Dragged(ev *fyne.DragEvent) {
	now := s.now()
	if !s.dragging {
		s.stopGlide()
		s.dragging, s.scrolled, s.moved, s.velocity = true, false, 0, 0
		s.start = ev.Position.Subtract(ev.Dragged)
		s.last = now
	}
	s.moved += float32(math.Hypot(float64(ev.Dragged.DX), float64(ev.Dragged.DY)))
	if !s.scrolled && s.moved < Slop {
		return
	}
	s.scrolled = true
	s.setOffset(s.Offset() - ev.Dragged.DY)
	if dt := float32(now.Sub(s.last).Seconds()); dt > 0 {
		v := -ev.Dragged.DY / dt
		s.velocity = 0.6*v + 0.4*s.velocity // smoothed over the last moves
	}
	s.last = now
	s.activity()
}

// DragEnd lets a flick glide on, or hands a gesture that never left the
// slop to the tile under the finger as the tap it was.
func (s *Scroll) DragEnd() {
	if !s.dragging {
		return
	}
	s.dragging = false
	if !s.scrolled {
		s.tapAt(s.start)
		return
	}
	if s.now().Sub(s.last) > 100*time.Millisecond {
		return // the finger stopped before it lifted: no flick
	}
	s.glideBy(s.velocity * float32(glideTime.Seconds()) / 2)
}

// glideBy moves the content by d over glideTime, fast first then slowing.
func (s *Scroll) glideBy(d float32) {
	from := s.Offset()
	s.glideEnd = min(max(0, from+d), s.maxOffset())
	if s.glideEnd == from {
		return
	}
	to := s.glideEnd
	s.glide = fyne.NewAnimation(glideTime, func(p float32) { s.setOffset(from + (to-from)*p) })
	s.glide.Curve = fyne.AnimationEaseOut
	s.glide.Start()
}

func (s *Scroll) stopGlide() {
	if s.glide != nil {
		s.glide.Stop()
		s.glide = nil
	}
}

func (s *Scroll) activity() {
	if s.OnActivity != nil {
		s.OnActivity()
	}
}

// tapAt taps the deepest tappable object at p (in the area's coordinates).
func (s *Scroll) tapAt(p fyne.Position) {
	at := p.Add(s.inner.Offset)
	if t, pos := tappableAt(s.content, at); t != nil {
		t.Tapped(&fyne.PointEvent{Position: pos, AbsolutePosition: p})
	}
}

// tappableAt finds the deepest tappable object under p, walking containers:
// kiosk screens are containers of tiles, and a tile is a leaf.
func tappableAt(o fyne.CanvasObject, p fyne.Position) (fyne.Tappable, fyne.Position) {
	if !o.Visible() || p.X < 0 || p.Y < 0 || p.X >= o.Size().Width || p.Y >= o.Size().Height {
		return nil, p
	}
	if c, ok := o.(*fyne.Container); ok {
		for i := len(c.Objects) - 1; i >= 0; i-- { // the last drawn is on top
			child := c.Objects[i]
			if t, pos := tappableAt(child, p.Subtract(child.Position())); t != nil {
				return t, pos
			}
		}
	}
	if t, ok := o.(fyne.Tappable); ok {
		return t, p
	}
	return nil, p
}

// MinSize is the inner scroll's: as small as the theme allows, so lists
// take the room their screen gives them.
func (s *Scroll) MinSize() fyne.Size { return s.inner.MinSize() }

// CreateRenderer draws the inner scroll.
func (s *Scroll) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.inner) }
