package kiosk

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
)

// build lays out the frame every screen sits in: the top bar, the offline
// banner, the screen itself and the idle countdown.
func (k *Kiosk) build() {
	k.top = container.NewStack()
	k.banner = container.NewStack()
	k.banner.Hide()
	k.body = container.NewStack()
	k.countdown = canvas.NewText("", colPaper)
	k.countdown.TextStyle.Bold = true
	k.buildTop()
	k.buildBanner()
	k.root = container.NewBorder(container.NewVBox(k.top, k.banner, k.buildPrinterBanner()), nil, nil, nil, k.body)
	watch := &sizeWatch{k: k}
	watch.last = k.roomClass()
	k.win.SetContent(touch.NewArea("root", container.New(watch, k.root), k.touch))
	k.setBody(ScreenLoading, centred(para(i18n.T(k.lang, "loading"))), nil)
}

// buildTop draws the top bar: the centre's name and today's date on the
// left (five quick taps on the name open the admin exit), the language,
// text size and help buttons on the right, or in a row of their own below
// the name when the screen is too narrow for both.
func (k *Kiosk) buildTop() {
	name := k.centre.Name.In(k.lang)
	if name == "" {
		name = i18n.T(k.lang, "app.title")
	}
	k.topDate = k.today()
	title := widget.NewRichText(
		&widget.TextSegment{Text: name, Style: widget.RichTextStyle{SizeName: sizeNameBar, TextStyle: fyne.TextStyle{Bold: true}, ColorName: theme.ColorNameForegroundOnPrimary}},
	)
	title.Wrapping = fyne.TextWrapWord
	if k.short() || k.win.Canvas().Size().Height < keyboardHeight {
		// One line for the name on a short screen: the room is the
		// citizen's; the full name is on the printed ticket.
		title.Wrapping, title.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	}
	// The idle countdown takes the date's place while it runs: no line of
	// the screen is kept empty for it.
	k.dateText = canvas.NewText(k.topDate, colPaper)
	k.dateText.TextSize = theme.Size(sizeNameBarSmall)
	k.countdown.TextSize = theme.Size(sizeNameBarSmall)
	k.showCountdown(k.countdown.Text)
	inset := layout.NewCustomPaddedLayout(0, theme.Padding(), theme.InnerPadding(), 0) // under the name's own padding
	lines := container.NewBorder(nil, container.New(inset, container.NewStack(k.dateText, k.countdown)), nil, nil, title)
	left := touch.NewArea("centre", lines, k.adminTap)
	lang := k.barButton(i18n.T(k.lang, "lang.switch"), k.toggleLang)
	size := k.barButton(i18n.T(k.lang, k.size.next().key()), k.toggleSize)
	buttons := []fyne.CanvasObject{lang, size}
	if k.opt.Mode == ModeKiosk {
		help := k.barButton(i18n.T(k.lang, "help.button"), k.askHelp)
		help.Fill, help.Ink = colorNameDanger, theme.ColorNameForegroundOnPrimary
		buttons = append(buttons, help)
	}
	bg := canvas.NewRectangle(colBlue)
	// The name wraps: it is given its width now, so that the bar knows its
	// height before it is first drawn.
	win, pad := k.win.Canvas().Size().Width, theme.Padding()
	if win <= 0 {
		win = 1920
	}
	row := container.NewHBox(buttons...)
	var bar fyne.CanvasObject
	if k.barRows() == 2 {
		name := container.New(&fixedWidth{w: win - 4*pad}, left)
		var row fyne.CanvasObject = container.NewGridWithColumns(len(buttons), buttons...)
		if len(buttons) == 3 { // the text-size button has the longest words: it takes the rest
			row = container.NewBorder(nil, nil, buttons[0], buttons[2], buttons[1])
		}
		bar = container.NewVBox(name, row)
	} else {
		name := container.New(&fixedWidth{w: win - 5*pad - row.MinSize().Width}, left)
		bar = container.NewBorder(nil, nil, nil, row, name)
	}
	k.top.Objects = []fyne.CanvasObject{bg, container.NewPadded(bar)}
	k.top.Refresh()
	if k.root != nil {
		k.root.Refresh() // the bar's height may have changed: lay the frame out again
	}
}

// showCountdown shows the idle countdown, or the date when s is empty.
func (k *Kiosk) showCountdown(s string) {
	k.countdown.Text = s
	if k.dateText == nil {
		return
	}
	if s == "" {
		k.countdown.Hide()
		k.dateText.Show()
	} else {
		k.dateText.Hide()
		k.countdown.Show()
	}
	k.countdown.Refresh()
}

// barButton is a white button of the top bar, sized to its words.
func (k *Kiosk) barButton(title string, fn func()) *touch.Tile {
	t := touch.New(title, "", k.tap(fn))
	t.Fill, t.Ink, t.Centre, t.TextSize, t.MinW = theme.ColorNameBackground, theme.ColorNameForeground, true, sizeNameBar, 150
	t.OneLine = true
	return t
}

// barRows is 2 when the top bar's buttons leave the centre's name less
// than a readable width beside them (a portrait panel), else 1.
func (k *Kiosk) barRows() int {
	w := k.win.Canvas().Size().Width
	if w > 0 && w < 1200 {
		return 2
	}
	return 1
}

// buildBanner draws the connection banner in the current language.
func (k *Kiosk) buildBanner() {
	bg := canvas.NewRectangle(colRed)
	txt := styled(i18n.T(k.lang, "offline"), theme.SizeNameSubHeadingText, theme.ColorNameForegroundOnPrimary, true)
	txt.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	k.banner.Objects = []fyne.CanvasObject{bg, container.NewPadded(txt)}
	k.banner.Refresh()
}

func (k *Kiosk) toggleLang() {
	if k.lang == i18n.VI {
		k.lang = i18n.EN
	} else {
		k.lang = i18n.VI
	}
	k.redraw()
}

// toggleSize steps through normal, large and extra-large text; the button
// says which size a tap gives.
func (k *Kiosk) toggleSize() {
	k.size = k.size.next()
	k.applySize()
	k.redraw()
}

// applySize puts the theme of the chosen text size in force.
func (k *Kiosk) applySize() {
	k.app.Settings().SetTheme(kioskTheme{scale: k.size.scale()})

}

// adminTap opens the admin exit after five taps on the centre's name within
// three seconds: staff know it, a citizen will not stumble on it, and even
// then only meets a PIN pad.
func (k *Kiosk) adminTap() {
	now := time.Now()
	recent := k.adminTaps[:0]
	for _, t := range k.adminTaps {
		if now.Sub(t) < 3*time.Second {
			recent = append(recent, t)
		}
	}
	k.adminTaps = append(recent, now)
	if len(k.adminTaps) >= 5 {
		k.adminTaps = nil
		k.touch()
		k.showAdmin()
	}
}

// Helpers that make the kiosk's text: every string a citizen reads goes
// through one of them, so sizes and wrapping stay consistent.

func para(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func bold(s string) *widget.Label {
	l := para(s)
	l.TextStyle.Bold = true
	return l
}

func heading(s string) *widget.RichText {
	return styled(s, theme.SizeNameHeadingText, theme.ColorNameForeground, true)
}

func subheading(s string) *widget.RichText {
	return styled(s, theme.SizeNameSubHeadingText, theme.ColorNamePrimary, true)
}

func styled(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, b bool) *widget.RichText {
	r := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{SizeName: size, ColorName: col, TextStyle: fyne.TextStyle{Bold: b}}})
	r.Wrapping = fyne.TextWrapWord
	return r
}

// badge is a small coloured label that is not a button (no tap, no
// minimum touch size), so nobody mistakes it for one. Its words wrap when
// a line is too narrow for them (a long badge at 1.6× on a narrow panel).
func badge(s string, fill color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(fill)
	bg.CornerRadius = 8
	t := styled(s, theme.SizeNameText, theme.ColorNameForegroundOnPrimary, true)
	natural := fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width +
		2*theme.InnerPadding() + 2*theme.Padding()
	return container.New(&badgeBox{natural: natural}, bg, container.NewPadded(t))
}

// badgeBox lays a badge's background and text over each other, and tells
// a flow how wide the badge is on one line.
type badgeBox struct{ natural float32 }

func (b *badgeBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[1].MinSize()
}

func (b *badgeBox) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

// preferredWidth is how wide o would like to be on one line: its minimum,
// unless it is a badge whose words may wrap.
func preferredWidth(o fyne.CanvasObject) float32 {
	if c, ok := o.(*fyne.Container); ok {
		if b, ok := c.Layout.(*badgeBox); ok {
			return max(b.natural, c.MinSize().Width)
		}
	}
	return o.MinSize().Width
}

// centredText is a large message on a screen of its own, centred both ways.
func centredText(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName) fyne.CanvasObject {
	r := styled(s, size, col, true)
	r.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	return container.NewPadded(centred(r))
}

func centred(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(), o, layout.NewSpacer())
}

// button is a primary tile that counts as activity.
func (k *Kiosk) button(title string, fn func()) *touch.Tile {
	t := touch.New(title, "", k.tap(fn))
	t.Centre = true
	if k.short() { // on a short screen a button's words grow no more than the top bar's
		t.TextSize = sizeNameBar
	}
	return t
}

// secondary is a pale tile for "back" and other ways out.
func (k *Kiosk) secondary(title string, fn func()) *touch.Tile {
	t := k.button(title, fn)
	t.Fill, t.Ink = theme.ColorNameButton, theme.ColorNameForeground
	return t
}

// screenWith lays out a screen with a title, a scrolling body and a bottom
// row of navigation tiles.
func screenWith(title fyne.CanvasObject, body fyne.CanvasObject, bottom ...fyne.CanvasObject) fyne.CanvasObject {
	var foot fyne.CanvasObject
	if len(bottom) > 0 {
		foot = container.NewGridWithColumns(max(len(bottom), 3), bottom...)
	}
	return container.NewPadded(container.NewBorder(title, foot, nil, nil, body))
}
