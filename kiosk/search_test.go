package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
)

// rect is an object's place on the window.
type rect struct{ pos, end fyne.Position }

func rectOf(o fyne.CanvasObject) rect {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return rect{p, p.Add(o.Size())}
}

func (r rect) inside(o rect) bool {
	return r.pos.X >= o.pos.X && r.pos.Y >= o.pos.Y && r.end.X <= o.end.X+0.5 && r.end.Y <= o.end.Y+0.5
}

func (r rect) overlaps(o rect) bool {
	return r.pos.X < o.end.X && o.pos.X < r.end.X && r.pos.Y < o.end.Y && o.pos.Y < r.end.Y
}

// TestSearchLayout: on a 1080p screen, while a citizen types, at least five
// whole results show beside the keyboard, every result and key is a full
// touch target, and nothing overlaps the keyboard, in both languages.
func TestSearchLayout(t *testing.T) {
	k, _ := offlineKiosk(t)
	for _, lang := range []string{i18n.VI, i18n.EN} {
		k.lang = lang
		k.buildTop()
		k.showSearch()
		k.search.entry.SetText("chung thuc")
		k.win.Canvas().Capture() // lays the screen out as drawn

		win := rect{end: fyne.NewPos(screenSize.Width, screenSize.Height)}
		var list rect
		for _, o := range objects(k) {
			if s, ok := o.(*container.Scroll); ok && s.Content == k.search.results {
				list = rectOf(s)
			}
		}
		if list == (rect{}) {
			t.Fatalf("%s: no result list", lang)
		}
		var keys []rect
		for _, o := range test.LaidOutObjects(k.search.kbd.Content()) {
			if key, ok := o.(*touch.Tile); ok {
				keys = append(keys, rectOf(key))
				if s := key.Size(); s.Width < touch.MinTarget || s.Height < touch.MinTarget {
					t.Errorf("%s: key %q is %v", lang, key.Title, s)
				}
			}
		}
		if len(keys) == 0 {
			t.Fatalf("%s: no keys", lang)
		}
		shown := 0
		for _, o := range k.search.results.Objects {
			r := rectOf(o)
			if h := o.Size().Height; h < touch.MinTarget {
				t.Errorf("%s: result %q is %v high", lang, o.(*touch.Tile).Title, h)
			}
			if r.inside(list) && r.inside(win) {
				shown++
			}
		}
		if shown < 5 {
			t.Errorf("%s: %d whole results in view, want at least 5", lang, shown)
		}
		others := map[string]rect{"results": list, "entry": rectOf(k.search.entry)}
		for _, o := range objects(k) {
			if b, ok := o.(*touch.Tile); ok && b.Title == i18n.T(lang, "back") {
				others["back"] = rectOf(b)
			}
		}
		if _, ok := others["back"]; !ok {
			t.Fatalf("%s: no back button", lang)
		}
		for name, r := range others {
			if !r.inside(win) {
				t.Errorf("%s: %s %v is off the screen", lang, name, r)
			}
			for _, key := range keys {
				if r.overlaps(key) {
					t.Errorf("%s: %s overlaps a key", lang, name)
					break
				}
			}
		}
	}
}
