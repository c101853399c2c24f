package kiosk

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
	"motcua/kiosk/vnkbd"
	"motcua/server/contract"
)

// searchLimit caps the results shown: more than a screenful helps nobody,
// the citizen types another letter instead.
const searchLimit = 30

// searchScreen is the search box, its results and the keyboard.
type searchScreen struct {
	entry   *widget.Entry
	kbd     *vnkbd.Keyboard
	results *fyne.Container
	// count says what the list is: how many matches, or, while the box is
	// empty, that these are the most common procedures.
	count *canvas.Text
}

// searchResultLines is how many lines of a procedure's name a result
// shows: enough to tell the long "Chứng thực …" names apart, short enough
// that five results fit beside the keyboard (four with large text).
const searchResultLines = 2

// showSearch opens an empty search screen with the on-screen keyboard.
func (k *Kiosk) showSearch() { k.openSearch("", "") }

// openSearch opens the search screen with q already typed; results follow
// every keystroke. A language or text-size change redraws it with what
// the citizen had typed, so the larger text does not cost them their query.
//
// A landscape screen is split in two halves: the results on the left,
// under the title and their count, with "Quay lại" at the bottom left as
// on every other screen; the box being typed into sits right above the
// keyboard on the right, where the eyes already are. Nothing overlaps, so
// the results stay in view while typing.
func (k *Kiosk) openSearch(q, raw string) {
	s := &searchScreen{entry: widget.NewEntry(), results: container.NewVBox(), count: canvas.NewText("", nil)}
	hint := i18n.T(k.lang, "search.hint")
	if k.narrow() || k.size != sizeNormal || k.win.Canvas().Size().Width < 1600 { // the examples would be cut off
		hint = i18n.T(k.lang, "search.hint.short")
	}
	s.entry.SetPlaceHolder(hint)
	s.entry.TextStyle.Bold = true
	s.entry.SetText(q)
	s.entry.OnChanged = func(q string) { k.touch(); k.searchFor(s, q) }
	s.kbd = vnkbd.New(s.entry, i18n.T(k.lang, "kbd.space"), i18n.T(k.lang, "kbd.clear"))
	s.kbd.Telex = k.lang == i18n.VI
	s.kbd.OnKey = k.touch
	s.kbd.Reset(raw)
	k.fitKeyboard(s.kbd)
	k.search = s
	k.searchFor(s, q)
	s.count.Alignment = fyne.TextAlignTrailing
	title := canvas.NewText(i18n.T(k.lang, "search.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize, title.TextStyle.Bold = theme.Size(theme.SizeNameHeadingText), true
	if k.narrow() {
		title.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	}
	top := newFlow(snug(title), snug(s.count)) // the count goes under the title when both do not fit
	back := k.secondary(i18n.T(k.lang, "back"), k.back)
	var foot fyne.CanvasObject = container.NewGridWithColumns(2, back, layout.NewSpacer()) // half the column: big, yet clear of the results
	if k.narrow() {
		foot = back // half a narrow column would wrap its words
	}
	scroll := touch.NewScroll(s.results)
	k.building = append(k.building, scroll)
	scroll.OnActivity = k.touch
	list := container.New(&wholeRows{items: s.results}, scroll)
	k.setBody(ScreenSearch, container.NewPadded(k.searchLayout(s, top, foot, list)),
		func() { k.openSearch(s.entry.Text, s.kbd.Raw()) })
}

// searchLayout arranges the search screen (see besideKeyboard): the box
// being typed into sits right above the keyboard.
func (k *Kiosk) searchLayout(s *searchScreen, top, foot, list fyne.CanvasObject) fyne.CanvasObject {
	if k.short() { // the box over the results, the keyboard alone beside them
		return k.besideKeyboard(container.NewVBox(top, s.entry), list, foot, s.kbd.Content(), s.kbd.Content())
	}
	return k.besideKeyboard(top, list, foot, container.NewBorder(s.entry, nil, nil, nil, s.kbd.Content()), s.kbd.Content())
}

// besideKeyboard arranges a screen with an on-screen keyboard for the
// room there is: top, main and foot in a column and right (the keyboard,
// kbd, with whatever goes with it) as halves side by side when half the
// screen holds the keyboard; the keyboard at its own width beside a
// narrower column when the column still gets a useful width; and
// otherwise (a portrait panel) the column above the keyboard, which sits
// at the bottom where a standing citizen's hands are.
func (k *Kiosk) besideKeyboard(top, main, foot, right, kbd fyne.CanvasObject) fyne.CanvasObject {
	w := k.win.Canvas().Size().Width - 4*theme.Padding()
	if w <= 0 {
		w = 1920
	}
	kw := kbd.MinSize().Width
	switch {
	case w/2 >= kw:
		return container.NewGridWithColumns(2, container.NewBorder(top, foot, nil, nil, main), right)
	case w-kw >= minResultsWidth:
		left := container.NewBorder(top, foot, nil, nil, main)
		return container.NewBorder(nil, nil, nil, container.New(&fixedWidth{w: kw}, right), left)
	}
	return container.NewBorder(top, container.NewVBox(right, foot), nil, nil, main)
}

// fitKeyboard suits a keyboard to the screen: keys a little smaller than
// the rest at large text, and no digits where seven rows would not fit.
func (k *Kiosk) fitKeyboard(kbd *vnkbd.Keyboard) {
	if k.size != sizeNormal {
		kbd.SetTextSize(sizeNameBar)
	}
	if h := k.win.Canvas().Size().Height; h > 0 && h < keyboardHeight {
		kbd.HideDigits()
	}
}

// keyboardHeight is the least window height, in pixels, that holds the
// top bar, the box being typed into and seven rows of keys.
const keyboardHeight = 900

// minResultsWidth is the least width of the result list beside the
// keyboard: two lines of a short name at normal text.
const minResultsWidth = 480

// searchFor shows the results of q, or the most common procedures while
// q is empty, so that the screen offers something to tap before the
// citizen has worked out the keyboard.
func (k *Kiosk) searchFor(s *searchScreen, q string) {
	empty := strings.TrimSpace(q) == ""
	raw := ""
	if s.kbd != nil {
		raw = s.kbd.Raw()
	}
	hits := k.index.SearchAny(searchLimit, q, raw)
	if empty {
		hits = k.commonProcedures()
	}
	var objs []fyne.CanvasObject
	for _, p := range hits {
		objs = append(objs, k.resultTile(p))
	}
	k.labelResults(s.count, empty, len(hits))
	if len(objs) == 0 {
		// An empty scroll makes Fyne's software painter draw an infinite
		// scroll bar; a 1-unit spacer keeps its content measurable.
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(fyne.NewSize(1, 1))
		objs = append(objs, spacer)
	}
	s.results.Objects = objs
	s.results.Refresh()
}

// labelResults heads the list, in the slot beside the title so that the
// list keeps its room: "Thủ tục thường dùng" in the heading colour over
// the common procedures, the number of matches once typing starts.
func (k *Kiosk) labelResults(l *canvas.Text, common bool, n int) {
	l.TextStyle.Bold, l.Color, l.TextSize = false, theme.Color(theme.ColorNameForeground), theme.TextSize()
	switch {
	case common && n > 0:
		l.TextStyle.Bold, l.Color = true, theme.Color(theme.ColorNamePrimary)
		l.TextSize = theme.Size(theme.SizeNameSubHeadingText)
		l.Text = i18n.T(k.lang, "search.common")
	case common:
		l.Text = ""
	case n == 0:
		l.Text = i18n.T(k.lang, "search.none")
	default:
		l.Text = i18n.F(k.lang, "search.results", n)
	}
	l.Refresh()
}

// snug pads a line of text as a label's text is padded across, but only
// by the standard padding above and below: the title row of the search
// screen is one line high, and every unit it saves goes to the results.
func snug(t *canvas.Text) fyne.CanvasObject {
	in, pad := theme.InnerPadding(), theme.Padding()
	return container.New(layout.NewCustomPaddedLayout(pad/2, pad/2, in, in), t)
}

// resultTile is one result: the name only, cut to searchResultLines. The
// badges wait for the detail screen, so that five results fit beside the
// keyboard.
func (k *Kiosk) resultTile(p contract.Procedure) *touch.Tile {
	t := touch.New(p.Short().In(k.lang), "", k.tap(func() { k.showDetail(p) }))
	t.Fill, t.Ink, t.TextSize = colorNameMuted, theme.ColorNameForeground, theme.SizeNameText
	t.MaxLines = searchResultLines
	return t
}

// commonProcedures is the short "most common" list of the home screen, in
// catalogue order.
func (k *Kiosk) commonProcedures() []contract.Procedure {
	var out []contract.Procedure
	for _, p := range k.cat.Procedures {
		if p.Common {
			out = append(out, p)
		}
	}
	return out
}

// wholeRows lays out a scroll of result tiles so that, unscrolled, the
// last one in view is never cut through a line of text: when the space
// ends inside a tile, the scroll stops peek units into it, less than the
// padding above the tile's text, which shows that more follows without
// showing half a line of a name. The space left over stays blank.
type wholeRows struct {
	items *fyne.Container
}

// MinSize is the scroll's own: a scroll may be as short as it must be.
func (l *wholeRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

// Layout gives the scroll the full width and the height that ends on a
// whole tile (plus the peek).
func (l *wholeRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := wholeHeight(l.items.Objects, size.Height, theme.Padding(), theme.InnerPadding())
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
}

// wholeHeight is the height, at most avail, of a column of items spaced by
// gap that shows every item either whole or no more than its top peek
// units.
func wholeHeight(items []fyne.CanvasObject, avail, gap, peek float32) float32 {
	y := float32(0)
	for _, o := range items {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if y+h > avail {
			if y == 0 {
				return avail // not even one whole: show what there is room for
			}
			return min(avail, y+peek)
		}
		y += h + gap
	}
	return avail
}
