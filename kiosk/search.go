package kiosk

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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

// showSearch opens the search screen with the on-screen keyboard; results
// follow every keystroke.
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
	top := container.NewVBox(heading(i18n.T(k.lang, "search.title")), s.entry, s.count)
	list := container.NewVScroll(s.results)
	back := k.secondary(i18n.T(k.lang, "back"), k.goHome)
	back.MinW = 240
	bottom := container.NewBorder(nil, nil, nil, back, s.kbd.Content())
	k.setBody(ScreenSearch, container.NewPadded(container.NewBorder(top, bottom, nil, nil, list)), k.showSearch)
}

// searchFor shows the results of q.
func (k *Kiosk) searchFor(s *searchScreen, q string) {
	var objs []fyne.CanvasObject
	hits := k.index.Search(q, searchLimit)
	for _, p := range hits {
		t := touch.New(p.Name.In(k.lang), strings.Join(k.badgeTexts(p), "  •  "), k.tap(func() { k.showDetail(p) }))
		t.Fill, t.Ink, t.TextSize = colorNameMuted, theme.ColorNameForeground, theme.SizeNameText
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
