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
)

// searchLimit caps the results shown: more than a screenful helps nobody,
// the citizen types another letter instead.
const searchLimit = 30

// searchScreen is the search box, its results and the keyboard.
type searchScreen struct {
	entry   *widget.Entry
	kbd     *vnkbd.Keyboard
	results *fyne.Container
	count   *widget.Label
}

// searchResultLines is how many lines of a procedure's name a result
// shows: enough to tell the long "Chứng thực …" names apart, short enough
// that five results fit beside the keyboard.
const searchResultLines = 2

// showSearch opens the search screen with the on-screen keyboard; results
// follow every keystroke.
//
// A landscape screen is split in two halves: the results on the left,
// under the title and their count, with "Quay lại" at the bottom left as
// on every other screen; the box being typed into sits right above the
// keyboard on the right, where the eyes already are. Nothing overlaps, so
// the results stay in view while typing.
func (k *Kiosk) showSearch() {
	s := &searchScreen{entry: widget.NewEntry(), results: container.NewVBox(), count: para("")}
	s.entry.SetPlaceHolder(i18n.T(k.lang, "search.hint"))
	s.entry.TextStyle.Bold = true
	s.entry.OnChanged = func(q string) { k.touch(); k.searchFor(s, q) }
	s.kbd = vnkbd.New(s.entry, i18n.T(k.lang, "kbd.space"), i18n.T(k.lang, "kbd.clear"))
	s.kbd.Telex = k.lang == i18n.VI
	s.kbd.OnKey = k.touch
	k.search = s
	k.searchFor(s, "")
	s.count.Alignment = fyne.TextAlignTrailing
	s.count.Wrapping = fyne.TextWrapOff
	title := heading(i18n.T(k.lang, "search.title"))
	title.Wrapping = fyne.TextWrapOff // it has the width it needs beside the count
	top := container.NewBorder(nil, nil, title, nil, centred(s.count))
	back := k.secondary(i18n.T(k.lang, "back"), k.goHome)
	foot := container.NewGridWithColumns(2, back, layout.NewSpacer()) // half the column: big, yet clear of the results
	left := container.NewBorder(top, foot, nil, nil, container.NewVScroll(s.results))
	right := container.NewBorder(s.entry, nil, nil, nil, s.kbd.Content())
	k.setBody(ScreenSearch, container.NewPadded(container.NewGridWithColumns(2, left, right)), k.showSearch)
}

// searchFor shows the results of q.
func (k *Kiosk) searchFor(s *searchScreen, q string) {
	var objs []fyne.CanvasObject
	hits := k.index.Search(q, searchLimit)
	for _, p := range hits {
		// Names only: the badges wait for the detail screen, so that five
		// results fit beside the keyboard.
		t := touch.New(p.Name.In(k.lang), "", k.tap(func() { k.showDetail(p) }))
		t.Fill, t.Ink, t.TextSize = colorNameMuted, theme.ColorNameForeground, theme.SizeNameText
		t.MaxLines = searchResultLines
		objs = append(objs, t)
	}
	switch {
	case strings.TrimSpace(q) == "":
		s.count.SetText("")
	case len(hits) == 0:
		s.count.SetText(i18n.T(k.lang, "search.none"))
	default:
		s.count.SetText(i18n.F(k.lang, "search.results", len(hits)))
	}
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
