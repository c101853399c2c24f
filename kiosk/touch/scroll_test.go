package touch

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// list builds n tiles in a drag scroll shown in a 600×500 window, counting
// the taps each tile receives.
func list(t *testing.T, n int) (*Scroll, []int, fyne.Window) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	taps := make([]int, n)
	var tiles []fyne.CanvasObject
	for i := range n {
		tiles = append(tiles, New(fmt.Sprintf("Thủ tục %d", i), "", func() { taps[i]++ }))
	}
	s := NewScroll(container.NewVBox(tiles...))
	w := test.NewWindow(s)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(600, 500))
	t.Cleanup(w.Close)
	return s, taps, w
}

// fakeClock steps a gesture's time by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// drag sends what a touchscreen sends through Fyne's desktop driver: moves
// of a few pixels, each with the position reached, step apart, then the
// release after hold. It returns the offset at the moment of release.
func drag(s *Scroll, c *fakeClock, from fyne.Position, dy float32, moves int, step, hold time.Duration) float32 {
	pos := from
	for range moves {
		c.t = c.t.Add(step)
		pos = pos.AddXY(0, dy/float32(moves))
		s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: fyne.NewDelta(0, dy/float32(moves))})
	}
	c.t = c.t.Add(hold)
	released := s.Offset()
	s.DragEnd()
	return released
}

func tapped(taps []int) []int {
	var out []int
	for i, n := range taps {
		for range n {
			out = append(out, i)
		}
	}
	return out
}

func TestDragScrollsWithTheFingerAndTapsNothing(t *testing.T) {
	s, taps, _ := list(t, 30)
	c := &fakeClock{t: time.Unix(0, 0)}
	s.now = c.now
	activity := 0
	s.OnActivity = func() { activity++ }
	if !s.CanScroll() || !s.AtTop() {
		t.Fatalf("30 tiles in 500 px: CanScroll %v, AtTop %v", s.CanScroll(), s.AtTop())
	}
	// A slow upward drag of 300 px: the content follows the finger past
	// the slop and does not glide on after a finger that stopped.
	drag(s, c, fyne.NewPos(300, 400), -300, 30, 20*time.Millisecond, 300*time.Millisecond)
	if got := s.Offset(); got < 300-Slop || got > 300 {
		t.Errorf("offset after a 300 px drag = %v, want 300 less at most the slop", got)
	}
	if got := tapped(taps); len(got) != 0 {
		t.Errorf("a drag tapped tiles %v", got)
	}
	if activity == 0 {
		t.Error("dragging did not count as activity: the kiosk would go home mid-reading")
	}
}

func TestShakyTapStillTaps(t *testing.T) {
	s, taps, _ := list(t, 30)
	c := &fakeClock{t: time.Unix(0, 0)}
	s.now = c.now
	// Tile 2 spans y 2×(72+pad)…; press inside it and roll 6 px.
	y := s.content.(*fyne.Container).Objects[2].Position().Y + 20
	drag(s, c, fyne.NewPos(200, y), 6, 3, 30*time.Millisecond, 0)
	if got := tapped(taps); len(got) != 1 || got[0] != 2 {
		t.Fatalf("a 6 px shaky tap on tile 2 tapped %v", got)
	}
	if s.Offset() != 0 {
		t.Errorf("a tap moved the list to %v", s.Offset())
	}
}

func TestFlickGlidesOnAndStopsAtTheEnd(t *testing.T) {
	s, _, _ := list(t, 30)
	c := &fakeClock{t: time.Unix(0, 0)}
	s.now = c.now
	// A fast flick: 120 px in 60 ms.
	released := drag(s, c, fyne.NewPos(300, 400), -120, 6, 10*time.Millisecond, 0)
	if s.glideEnd <= released+100 {
		t.Fatalf("a 2000 px/s flick released at %v glides to %v only", released, s.glideEnd)
	}
	// A flick towards the top from the top goes nowhere.
	s.ScrollTo(0)
	drag(s, c, fyne.NewPos(300, 100), 120, 6, 10*time.Millisecond, 0)
	if s.Offset() != 0 || s.glide != nil {
		t.Errorf("flick past the top: offset %v, glide %v", s.Offset(), s.glide != nil)
	}
	// A huge flick stops at the end.
	drag(s, c, fyne.NewPos(300, 450), -400, 4, time.Millisecond, 0)
	if s.glideEnd != s.maxOffset() {
		t.Errorf("a huge flick ends at %v, want the end %v", s.glideEnd, s.maxOffset())
	}
}

func TestPageButtonsMoveAScreenful(t *testing.T) {
	s, _, _ := list(t, 30)
	s.Page(1)
	first := s.Offset()
	if first < 400 || first > 450 {
		t.Fatalf("one page down = %v, want 85%% of 500", first)
	}
	for range 50 {
		s.Page(1)
	}
	if !s.AtEnd() || s.Offset() != s.maxOffset() {
		t.Errorf("paging past the end: offset %v of %v", s.Offset(), s.maxOffset())
	}
	for range 50 {
		s.Page(-1)
	}
	if !s.AtTop() {
		t.Errorf("paging back: offset %v", s.Offset())
	}
	short, _, _ := list(t, 2)
	if short.CanScroll() {
		t.Error("two tiles fit, yet the list says it scrolls")
	}
}

// TestFyneFindsTheDragArea: the test driver, like the desktop one, hands
// a drag over a tile to the scroll around it (tiles are not draggable).
func TestFyneFindsTheDragArea(t *testing.T) {
	s, taps, w := list(t, 30)
	test.Drag(w.Canvas(), fyne.NewPos(300, 300), 0, -200)
	if s.Offset() == 0 {
		t.Fatal("a drag over the tiles did not scroll the list")
	}
	if got := tapped(taps); len(got) != 0 {
		t.Errorf("the drag tapped %v", got)
	}
	test.Scroll(w.Canvas(), fyne.NewPos(300, 300), 0, 50)
	if s.Offset() >= 200 {
		t.Errorf("the wheel did not scroll back: %v", s.Offset())
	}
}
