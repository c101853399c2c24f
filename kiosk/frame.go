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
	k.countdown = canvas.NewText("", colInk)
	k.countdown.TextSize = theme.TextSize()
	k.countdown.Alignment = fyne.TextAlignCenter
	k.buildTop()
	k.buildBanner()
	k.root = container.NewBorder(container.NewVBox(k.top, k.banner, k.buildPrinterBanner()), k.countdown, nil, nil, k.body)
	k.win.SetContent(touch.NewArea("root", k.root, k.touch))
	k.setBody(ScreenLoading, centred(para(i18n.T(k.lang, "loading"))), nil)
}

// buildTop draws the top bar: the centre's name and today's date on the
// left (five quick taps on the name open the admin exit), the language,
// text size and help buttons on the right.
func (k *Kiosk) buildTop() {
	name := k.centre.Name.In(k.lang)
	if name == "" {
		name = i18n.T(k.lang, "app.title")
	}
	k.topDate = k.today()
	title := widget.NewRichText(
		&widget.TextSegment{Text: name, Style: widget.RichTextStyle{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}, ColorName: theme.ColorNameForegroundOnPrimary}},
		&widget.TextSegment{Text: k.topDate, Style: widget.RichTextStyle{SizeName: theme.SizeNameText, ColorName: theme.ColorNameForegroundOnPrimary}},
	)
	title.Wrapping = fyne.TextWrapWord
	left := touch.NewArea("centre", title, k.adminTap)
	lang := touch.New(i18n.T(k.lang, "lang.switch"), "", k.tap(k.toggleLang))
	lang.Fill, lang.Ink, lang.Centre, lang.MinW = theme.ColorNameBackground, theme.ColorNameForeground, true, 230
	sizeKey := "text.larger"
	if k.large {
		sizeKey = "text.normal"
	}
	size := touch.New(i18n.T(k.lang, sizeKey), "", k.tap(k.toggleSize))
	size.Fill, size.Ink, size.Centre, size.MinW = theme.ColorNameBackground, theme.ColorNameForeground, true, 330
	buttons := []fyne.CanvasObject{lang, size}
	if k.opt.Mode == ModeKiosk {
		help := touch.New(i18n.T(k.lang, "help.button"), "", k.tap(k.askHelp))
		help.Fill, help.Centre, help.MinW = colorNameDanger, true, 260
		buttons = append(buttons, help)
	}
	bg := canvas.NewRectangle(colBlue)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), left)
	k.top.Objects = []fyne.CanvasObject{bg, container.NewPadded(bar)}
	k.top.Refresh()
}

// buildBanner draws the connection banner in the current language.
func (k *Kiosk) buildBanner() {
	bg := canvas.NewRectangle(colRed)
	txt := canvas.NewText(i18n.T(k.lang, "offline"), colPaper)
	txt.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	txt.TextStyle.Bold = true
	txt.Alignment = fyne.TextAlignCenter
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

func (k *Kiosk) toggleSize() {
	k.large = !k.large
	k.applySize()
	k.redraw()
}

// applySize puts the theme of the chosen text size in force.
func (k *Kiosk) applySize() {
	scale := float32(1)
	if k.large {
		scale = 1.25
	}
	k.app.Settings().SetTheme(kioskTheme{scale: scale})
	k.countdown.TextSize = theme.TextSize() // the new theme's size, already scaled
	k.countdown.Refresh()
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
// minimum touch size), so nobody mistakes it for one.
func badge(s string, fill color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(fill)
	bg.CornerRadius = 8
	t := canvas.NewText(s, colPaper)
	t.TextStyle.Bold = true
	t.TextSize = theme.TextSize()
	return container.NewStack(bg, container.NewPadded(t))
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
