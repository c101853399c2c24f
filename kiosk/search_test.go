package kiosk

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
	"motcua/server/contract"
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
// whole results show beside the keyboard (four with "A+ Chữ lớn", two
// with "A++ Chữ rất lớn", where the box moves over the list), every
// result and key is a full touch target, no line of a result is cut by the
// tile or by the edge of the list, and nothing overlaps the keyboard or the
// list, in both languages and both text sizes.
func TestSearchLayout(t *testing.T) {
	k, _ := offlineKiosk(t)
	for _, size := range textSizes {
		setTextSize(k, size)
		for _, lang := range []string{i18n.VI, i18n.EN} {
			for _, q := range []string{"chung thuc", ""} {
				k.lang = lang
				k.buildTop()
				k.showSearch()
				k.search.entry.SetText(q)
				name := fmt.Sprintf("%s x%.1f %q", lang, size.scale(), q)
				checkSearchLayout(t, k, name, map[textSize]int{sizeNormal: 5, sizeLarge: 4, sizeExtra: 2}[size])
			}
		}
	}
}

// checkSearchLayout checks the search screen as drawn; want is how many
// whole results must be in view.
func checkSearchLayout(t *testing.T, k *Kiosk, name string, want int) {
	t.Helper()
	k.win.Canvas().Capture() // lays the screen out as drawn
	win := rect{end: fyne.NewPos(screenSize.Width, screenSize.Height)}
	var list rect
	for _, o := range objects(k) {
		if s, ok := o.(*container.Scroll); ok && s.Content == k.search.results {
			list = rectOf(s)
		}
	}
	if list == (rect{}) {
		t.Fatalf("%s: no result list", name)
	}
	var keys []rect
	for _, o := range test.LaidOutObjects(k.search.kbd.Content()) {
		if key, ok := o.(*touch.Tile); ok {
			keys = append(keys, rectOf(key))
			if s := key.Size(); s.Width < touch.MinTarget || s.Height < touch.MinTarget {
				t.Errorf("%s: key %q is %v", name, key.Title, s)
			}
		}
	}
	if len(keys) == 0 {
		t.Fatalf("%s: no keys", name)
	}
	shown := 0
	for _, o := range k.search.results.Objects {
		tile := o.(*touch.Tile)
		r := rectOf(tile)
		if h := tile.Size().Height; h < touch.MinTarget {
			t.Errorf("%s: result %q is %v high", name, tile.Title, h)
		}
		if r.inside(list) && r.inside(win) {
			shown++
		}
		lines := textsOf(tile)
		if len(lines) == 0 {
			t.Errorf("%s: result %q draws no text", name, tile.Title)
		}
		for _, line := range lines {
			if !line.r.inside(r) {
				t.Errorf("%s: line %q of a result is cut by its tile", name, line.text)
			}
			if line.r.overlaps(list) && !line.r.inside(list) {
				t.Errorf("%s: line %q is cut by the edge of the list", name, line.text)
			}
		}
	}
	if shown < want {
		t.Errorf("%s: %d whole results in view, want at least %d", name, shown, want)
	}
	others := map[string]rect{"results": list, "entry": rectOf(k.search.entry)}
	others["label"] = rectOf(k.search.count)
	if c := k.search.count; fyne.MeasureText(c.Text, c.TextSize, c.TextStyle).Width > c.Size().Width {
		t.Errorf("%s: %q is wider than its place beside the title", name, c.Text)
	}
	for _, o := range objects(k) {
		if b, ok := o.(*touch.Tile); ok && b.Title == i18n.T(k.lang, "back") {
			others["back"] = rectOf(b)
		}
	}
	if _, ok := others["back"]; !ok {
		t.Fatalf("%s: no back button", name)
	}
	for n, r := range others {
		if !r.inside(win) {
			t.Errorf("%s: %s %v is off the screen (list %v body %v countdown %v)", name, n, r, list, rectOf(k.body), rectOf(k.countdown))
		}
		for _, key := range keys {
			if r.overlaps(key) {
				t.Errorf("%s: %s overlaps a key", name, n)
				break
			}
		}
		if n != "results" && r.overlaps(list) || n != "label" && n != "results" && r.overlaps(others["label"]) {
			t.Errorf("%s: %s overlaps the results", name, n)
		}
	}
}

// textLine is a line of text drawn on the window and where.
type textLine struct {
	text string
	r    rect
}

// textsOf lists the lines of text drawn in a tile. The driver places only
// the objects of the window's own tree, so the lines inside a widget are
// placed by adding up the positions on the way down.
func textsOf(tile *touch.Tile) []textLine {
	var out []textLine
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		switch v := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(v.Text) != "" {
				out = append(out, textLine{v.Text, rect{at, at.Add(v.Size())}})
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c, at)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c, at)
			}
		}
	}
	walk(tile, rectOf(tile).pos.Subtract(tile.Position()))
	return out
}

// resultTitles are the titles of the result tiles shown.
func resultTitles(k *Kiosk) []string {
	var out []string
	for _, o := range k.search.results.Objects {
		if tile, ok := o.(*touch.Tile); ok {
			out = append(out, tile.Title)
		}
	}
	return out
}

// TestSearchShowsCommonWhenEmpty: before anything is typed the search
// screen lists the home screen's most common procedures under their
// heading, and a tap opens one; typing replaces them with the matches,
// and clearing the box brings them back.
func TestSearchShowsCommonWhenEmpty(t *testing.T) {
	k, cat := offlineKiosk(t)
	var common []string
	var first contract.Procedure
	for _, p := range cat.Procedures {
		if p.Common {
			if common == nil {
				first = p
			}
			common = append(common, p.Short().In(i18n.VI))
		}
	}
	if len(common) == 0 {
		t.Fatal("the catalogue has no common procedure")
	}
	k.showSearch()
	if got := resultTitles(k); !slices.Equal(got, common) {
		t.Fatalf("empty box shows %q, want %q", got, common)
	}
	if k.search.count.Text != "Thủ tục thường dùng" {
		t.Error("no common-procedures heading over the list")
	}
	tapText(t, k, common[0])
	if k.Screen() != ScreenDetail || k.detail.Code != first.Code {
		t.Fatalf("tap on %q opened %q (%s)", common[0], k.Screen(), k.detail.Code)
	}

	k.showSearch()
	test.Type(k.search.entry, "chung thuc")
	got := resultTitles(k)
	if len(got) == 0 || slices.Equal(got, common) {
		t.Fatalf("typing shows %q", got)
	}
	var want []string
	for _, p := range k.index.Search("chung thuc", searchLimit) {
		want = append(want, p.Short().In(i18n.VI))
	}
	if !slices.Equal(got, want) {
		t.Errorf("typing shows %q, want the matches %q", got, want)
	}
	if k.search.count.Text != fmt.Sprintf("%d kết quả", len(got)) {
		t.Errorf("heading %q over %d matches", k.search.count.Text, len(got))
	}

	tapText(t, k, i18n.T(i18n.VI, "kbd.clear"))
	if k.search.entry.Text != "" {
		t.Fatalf("box holds %q after clearing", k.search.entry.Text)
	}
	if got := resultTitles(k); !slices.Equal(got, common) || k.search.count.Text != "Thủ tục thường dùng" {
		t.Errorf("after clearing: %q under %q", got, k.search.count.Text)
	}
}

// TestSearchKeepsQueryOnRedraw: switching to large text or English while
// searching keeps what was typed and its results.
func TestSearchKeepsQueryOnRedraw(t *testing.T) {
	k, _ := offlineKiosk(t)
	k.showSearch()
	test.Type(k.search.entry, "hon nhan")
	want := len(resultTitles(k))
	tapText(t, k, i18n.T(i18n.VI, "text.larger"))
	if k.search.entry.Text != "hon nhan" || len(resultTitles(k)) != want {
		t.Errorf("after A+: box %q, %d results, want %d", k.search.entry.Text, len(resultTitles(k)), want)
	}
}

// TestSearchFindsWhatTelexAte: a citizen who types "khaisinh" on the
// on-screen keyboard sees "kháiinh" in the box (Telex read the s as a tone
// mark), yet the birth registration is the first result, because the raw
// letters are searched too.
func TestSearchFindsWhatTelexAte(t *testing.T) {
	k, _ := offlineKiosk(t)
	k.showSearch()
	for _, r := range "khaisinh" {
		test.Tap(k.search.kbd.Key(string(r)))
	}
	if k.search.entry.Text == "khaisinh" {
		t.Fatalf("Telex did not compose: the test no longer covers what it is about")
	}
	got := resultTitles(k)
	if len(got) == 0 || got[0] != "Đăng ký khai sinh" {
		t.Fatalf("box %q shows %q, want Đăng ký khai sinh first", k.search.entry.Text, got)
	}
}
