package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the kiosk: near-black on white and white on a deep blue, both
// well above the WCAG AAA contrast of 7:1, because many citizens read
// without their glasses under the hall's lights.
var (
	colInk     = color.NRGBA{0x11, 0x11, 0x11, 0xff}
	colPaper   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colBlue    = color.NRGBA{0x0b, 0x3d, 0x91, 0xff} // 10.4:1 against white
	colKey     = color.NRGBA{0xe4, 0xe9, 0xf2, 0xff}
	colMuted   = color.NRGBA{0xf2, 0xf4, 0xf8, 0xff}
	colRed     = color.NRGBA{0xb0, 0x00, 0x20, 0xff}
	colGreen   = color.NRGBA{0x0b, 0x6b, 0x2e, 0xff}
	colOrange  = color.NRGBA{0x9a, 0x4a, 0x00, 0xff}
	colDivider = color.NRGBA{0x9a, 0xa4, 0xb4, 0xff}
)

// Colour names of the kiosk's own, for tiles that are not primary.
const (
	colorNameDanger  fyne.ThemeColorName = "kioskDanger"
	colorNameSuccess fyne.ThemeColorName = "kioskSuccess"
	colorNameWarn    fyne.ThemeColorName = "kioskWarn"
	colorNameMuted   fyne.ThemeColorName = "kioskMuted"
	sizeNameHuge     fyne.ThemeSizeName  = "kioskHuge"
	sizeNameTitle    fyne.ThemeSizeName  = "kioskTitle"
	// sizeNameBar and sizeNameBarSmall are the top bar's text: it grows
	// less than the rest with "A+", so that the centre's name and the three
	// buttons keep to one band at the top of even a small screen.
	sizeNameBar      fyne.ThemeSizeName = "kioskBar"
	sizeNameBarSmall fyne.ThemeSizeName = "kioskBarSmall"
)

// barScale caps how much the top bar grows with the text size.
const barScale = 1.2

// textSize is a text size a citizen can choose with the "A+" button: the
// normal size already suits most readers; large and extra large are for
// those who read without glasses or with poor sight.
type textSize int

const (
	sizeNormal textSize = iota
	sizeLarge
	sizeExtra
)

// scale is the factor the theme multiplies text by: at least 1.3 and 1.6
// for large and extra large, as the brief for the elderly asks.
func (s textSize) scale() float32 {
	switch s {
	case sizeLarge:
		return 1.3
	case sizeExtra:
		return 1.6
	}
	return 1
}

// next is the size one tap of the button gives: up and up, then back.
func (s textSize) next() textSize { return (s + 1) % 3 }

// key is the word-list key of the button that gives size s.
func (s textSize) key() string {
	switch s {
	case sizeLarge:
		return "text.larger"
	case sizeExtra:
		return "text.largest"
	}
	return "text.normal"
}

// kioskTheme is a light, high-contrast theme with large text. Scale is 1
// normally and larger with the "A+" button for the elderly.
type kioskTheme struct {
	scale float32
}

var _ fyne.Theme = kioskTheme{}

// Color returns the kiosk's fixed light palette whatever the system asks.
func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		return colPaper
	case theme.ColorNameForeground, theme.ColorNamePlaceHolder:
		return colInk
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
		return colBlue
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError, theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return colPaper
	case theme.ColorNameButton:
		return colKey
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return colDivider
	case theme.ColorNameError, colorNameDanger:
		return colRed
	case theme.ColorNameSuccess, colorNameSuccess:
		return colGreen
	case theme.ColorNameWarning, colorNameWarn:
		return colOrange
	case colorNameMuted, theme.ColorNameHeaderBackground:
		return colMuted
	case theme.ColorNameDisabledButton:
		return colDivider
	}
	return theme.LightTheme().Color(n, theme.VariantLight)
}

// Font is Fyne's bundled Noto Sans, which has every Vietnamese letter.
func (kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is the default icon set.
func (kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size makes body text 26 px at 1080p (the brief asks ≥ 24), headings
// larger, and the padding generous enough that neighbouring tiles are not
// hit by mistake.
func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.scale
	if s == 0 {
		s = 1
	}
	switch n {
	case theme.SizeNameText:
		return 26 * s
	case theme.SizeNameSubHeadingText:
		return 30 * s
	case theme.SizeNameHeadingText:
		return 40 * s
	case sizeNameTitle:
		return 52 * s
	case sizeNameHuge:
		return 170 * s
	case sizeNameBar:
		return 28 * min(s, barScale)
	case sizeNameBarSmall:
		return 22 * min(s, barScale)
	case theme.SizeNameCaptionText:
		return 22 * s
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 16
	case theme.SizeNameInlineIcon:
		return 36 * s
	case theme.SizeNameScrollBar:
		return 24
	case theme.SizeNameScrollBarSmall:
		return 12
	case theme.SizeNameSelectionRadius, theme.SizeNameInputRadius:
		return 10
	case theme.SizeNameInputBorder:
		return 3
	case theme.SizeNameSeparatorThickness:
		return 2
	}
	return theme.DefaultTheme().Size(n)
}
