package touch

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Area makes any drawing tappable, for targets that are pictures rather
// than text, such as the rating faces.
type Area struct {
	widget.BaseWidget
	// Name identifies the area in tests.
	Name    string
	content fyne.CanvasObject
	onTap   func()
}

// NewArea wraps content.
func NewArea(name string, content fyne.CanvasObject, onTap func()) *Area {
	a := &Area{Name: name, content: content, onTap: onTap}
	a.ExtendBaseWidget(a)
	return a
}

// Tapped calls the area's function.
func (a *Area) Tapped(*fyne.PointEvent) {
	if a.onTap != nil {
		a.onTap()
	}
}

// CreateRenderer shows the content.
func (a *Area) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(a.content) }

// Cursor is the pointer shown over every tile and area. A kiosk that hides
// the pointer sets it to desktop.HiddenCursor before building its screens.
var Cursor = desktop.DefaultCursor

// Cursor is the pointer over the area.
func (a *Area) Cursor() desktop.Cursor { return Cursor }
