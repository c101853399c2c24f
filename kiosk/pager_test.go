package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"motcua/kiosk/touch"
)

// scrolls lists the drag scrolls on the kiosk's window.
func scrolls(k *Kiosk) []*touch.Scroll {
	var out []*touch.Scroll
	for _, o := range objects(k) {
		if s, ok := o.(*touch.Scroll); ok && s.Visible() {
			out = append(out, s)
		}
	}
	return out
}

// TestDetailScrollsByTouch: a finger drags the long detail page down to
// the fee calculator's rows and the documents, the drag counts as activity
// (the kiosk does not go home under a reader's eyes), and the "Xem tiếp"
// button pages too, for those who do not think of swiping.
func TestDetailScrollsByTouch(t *testing.T) {
	k, cat := offlineKiosk(t)
	p, _ := cat.Procedure("2.000815")
	k.showDetail(p)
	var s *touch.Scroll // the page itself; the QR column beside it scrolls only on a short screen
	for _, c := range scrolls(k) {
		if s == nil || c.ContentHeight() > s.ContentHeight() {
			s = c
		}
	}
	if s == nil {
		t.Fatal("no drag scroll on the detail screen")
	}
	if !s.CanScroll() {
		t.Fatal("the detail page fits: this test needs a long one")
	}
	k.touched = time.Time{}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).AddXY(200, 300)
	test.Drag(k.win.Canvas(), pos, 0, -250)
	if s.Offset() == 0 {
		t.Fatal("dragging the detail page did not move it")
	}
	if k.touched.IsZero() {
		t.Error("dragging did not reset the idle timer")
	}
	before := s.Offset()
	tapText(t, k, "▼")
	if s.Offset() <= before {
		t.Errorf("Xem tiếp: offset %v, was %v", s.Offset(), before)
	}
	for range 20 {
		tapText(t, k, "▼")
	}
	if !s.AtEnd() {
		t.Error("paging never reached the end of the page")
	}
	tapText(t, k, "▲")
	if s.AtEnd() {
		t.Error("Trở lại did not page back")
	}
}

// TestShortListHasNoPageButtons: a list that fits shows no page buttons.
func TestShortListHasNoPageButtons(t *testing.T) {
	k, cat := offlineKiosk(t)
	for _, f := range cat.Fields {
		n := 0
		for _, p := range cat.Procedures {
			if p.Field == f.ID {
				n++
			}
		}
		if n > 3 {
			continue
		}
		k.showField(f)
		pagers := 0
		for _, o := range objects(k) {
			if c, ok := o.(*fyne.Container); ok {
				if _, ok := c.Layout.(*pager); ok {
					pagers++
					if c.Objects[1].Visible() {
						t.Fatalf("field %s with %d procedures shows page buttons", f.ID, n)
					}
				}
			}
		}
		if pagers != 1 {
			t.Fatalf("%d paged lists on the field screen, want 1", pagers)
		}
		return
	}
	t.Skip("no short field in the catalogue")
}
