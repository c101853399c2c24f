package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
)

// pagerWidth is the least width of the "Xem tiếp / Trở lại" column beside
// a long list; it widens to fit its words at larger text sizes.
const pagerWidth float32 = 130

// pagedList shows content in a list a finger can drag and, when the list
// is longer than its room, two big buttons beside it that move it a
// screenful at a time: not everyone knows to swipe, and a shaky hand
// cannot always. Dragging or paging counts as activity for the idle timer.
func (k *Kiosk) pagedList(content fyne.CanvasObject) (fyne.CanvasObject, *touch.Scroll) {
	s := touch.NewScroll(content)
	k.building = append(k.building, s)
	p := &pager{scroll: s}
	p.down = k.pageButton("▼", i18n.T(k.lang, "page.down"), func() { s.Page(1) })
	p.up = k.pageButton("▲", i18n.T(k.lang, "page.up"), func() { s.Page(-1) })
	s.OnActivity = func() { k.touch(); p.update() }
	buttons := container.NewGridWithRows(2, p.up, p.down)
	return container.New(p, s, buttons), s
}

// pageButton is a tall narrow tile: a big arrow over a short word.
func (k *Kiosk) pageButton(arrow, word string, fn func()) *touch.Tile {
	t := k.secondary(arrow, fn)
	t.Sub, t.MinW, t.TextSize, t.OneLine = word, pagerWidth, theme.SizeNameHeadingText, true
	return t
}

// pager lays out a list and its page buttons, and keeps the buttons in
// step with where the list stands.
type pager struct {
	scroll   *touch.Scroll
	up, down *touch.Tile
}

// update greys out the button that has nowhere to go.
func (p *pager) update() {
	up, down := p.scroll.AtTop(), p.scroll.AtEnd()
	if up != p.up.Disabled || down != p.down.Disabled {
		p.up.Disabled, p.down.Disabled = up, down
		p.up.Refresh()
		p.down.Refresh()
	}
}

// MinSize is the list's: a list may be as short as its screen needs.
func (p *pager) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

// Layout gives the list the whole room when it fits, and otherwise puts
// the page buttons in a column on its right.
func (p *pager) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	list, buttons := objs[0], objs[1]
	content := p.scroll.ContentHeight()
	if content <= size.Height {
		buttons.Hide()
		list.Move(fyne.NewPos(0, 0))
		list.Resize(size)
		return
	}
	if buttons.MinSize().Height > size.Height {
		// Too short a list for two buttons: a finger can still drag it.
		buttons.Hide()
		list.Move(fyne.NewPos(0, 0))
		list.Resize(size)
		return
	}
	gap := float32(8)
	buttons.Show()
	list.Move(fyne.NewPos(0, 0))
	w := buttons.MinSize().Width // wider with larger text: no word is broken
	list.Resize(fyne.NewSize(size.Width-w-gap, size.Height))
	buttons.Move(fyne.NewPos(size.Width-w, 0))
	buttons.Resize(fyne.NewSize(w, size.Height))
	p.update()
}
