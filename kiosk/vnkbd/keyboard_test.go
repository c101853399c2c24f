package vnkbd

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/touch"
)

// newTestKeyboard shows a keyboard alone in a window of the given size.
func newTestKeyboard(t *testing.T, size fyne.Size) (*Keyboard, *widget.Entry) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	e := widget.NewEntry()
	k := New(e, "Dấu cách", "Xóa hết")
	w := test.NewWindow(k.Content())
	w.SetPadded(false)
	w.Resize(size)
	t.Cleanup(w.Close)
	return k, e
}

// TestKeyboardTypes taps keys the way a citizen does: Telex composing,
// the shaped-vowel and tone keys, đ, space, backspace and clear all keep
// working in the seven-row layout.
func TestKeyboardTypes(t *testing.T) {
	k, e := newTestKeyboard(t, fyne.NewSize(940, 800))
	tap := func(keys ...string) {
		t.Helper()
		for _, key := range keys {
			tile := k.Key(key)
			if tile == nil {
				t.Fatalf("no key %q", key)
			}
			test.Tap(tile)
		}
	}
	steps := []struct {
		keys []string
		want string
	}{
		{[]string{"k", "e", "e", "t", "s"}, "kết"},
		{[]string{"Dấu cách", "đ", "a", "ă", "n", "g"}, "kết đăng"},
		{[]string{"Dấu cách", "k", "y", "á"}, "kết đăng ký"},
		{[]string{"⌫", "y", "ạ"}, "kết đăng kỵ"},
		{[]string{"Dấu cách", "2", "0", "2", "6"}, "kết đăng kỵ 2026"},
		{[]string{"Xóa hết", "h", "o", "ô", "n"}, "hôn"},
	}
	for _, s := range steps {
		tap(s.keys...)
		if e.Text != s.want {
			t.Fatalf("after %v: %q, want %q", s.keys, e.Text, s.want)
		}
	}
	tap("Xóa hết", "k", "h", "a", "i", "s", "i", "n", "h", "Dấu cách", "x", "⌫")
	if e.Text != "kháiinh " || k.Raw() != "khaisinh " {
		t.Errorf("Telex %q, raw %q: want kháiinh and khaisinh", e.Text, k.Raw())
	}
	k.Telex = false
	tap("Xóa hết", "a", "a", "s")
	if e.Text != "aas" {
		t.Errorf("without Telex: %q", e.Text)
	}
}

// TestKeyboardFitsHalfScreen lays the keyboard out in the right half of a
// 1080p screen below the search box and checks every key is a full touch
// target and no two keys overlap.
func TestKeyboardFitsHalfScreen(t *testing.T) {
	k, _ := newTestKeyboard(t, fyne.NewSize(940, 760))
	var rects []fyne.Position
	var sizes []fyne.Size
	d := fyne.CurrentApp().Driver()
	for label, key := range k.keys {
		s := key.Size()
		if s.Width < touch.MinTarget || s.Height < touch.MinTarget {
			t.Errorf("key %q is %v, smaller than %v", label, s, touch.MinTarget)
		}
		p := d.AbsolutePositionForObject(key)
		if p.X < 0 || p.Y < 0 || p.X+s.Width > 940.5 || p.Y+s.Height > 760.5 {
			t.Errorf("key %q at %v size %v is off the keyboard", label, p, s)
		}
		for i := range rects {
			if overlap(p, s, rects[i], sizes[i]) {
				t.Errorf("key %q overlaps another key", label)
			}
		}
		rects, sizes = append(rects, p), append(sizes, s)
	}
	if len(rects) != 10+10+10+8+6+5+2 {
		t.Errorf("%d keys", len(rects))
	}
}

func overlap(p fyne.Position, s fyne.Size, q fyne.Position, r fyne.Size) bool {
	return p.X < q.X+r.Width && q.X < p.X+s.Width && p.Y < q.Y+r.Height && q.Y < p.Y+s.Height
}
