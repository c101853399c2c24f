package kiosk

// The kiosk's "Quay lại" is a stack: it returns to the exact screen the
// citizen came from (the field list, the search with its query, the
// detail page), at the place they had scrolled to, not to a screen they
// never opened.

// navEntry is a screen left for another, with how to draw it again and
// where its lists stood.
type navEntry struct {
	screen  string
	render  func()
	offsets []float32
}

// navMax bounds the stack; no citizen goes this deep, but a loop of taps
// must not grow memory.
const navMax = 20

// remember pushes the current screen before another one replaces it. A
// redraw of the same screen (language, text size, catalogue change) and
// screens that cannot be drawn again are not pushed.
func (k *Kiosk) remember(next string) {
	if k.going || k.render == nil || k.screen == next {
		return
	}
	e := navEntry{screen: k.screen, render: k.render}
	for _, s := range k.scrolls {
		e.offsets = append(e.offsets, s.Offset())
	}
	k.nav = append(k.nav, e)
	if len(k.nav) > navMax {
		k.nav = k.nav[len(k.nav)-navMax:]
	}
}

// back returns to the previous screen, scrolled where it was, or home when
// there is none.
func (k *Kiosk) back() {
	if len(k.nav) == 0 {
		k.goHome()
		return
	}
	e := k.nav[len(k.nav)-1]
	k.nav = k.nav[:len(k.nav)-1]
	k.going = true
	e.render()
	k.going = false
	for i, s := range k.scrolls {
		if i < len(e.offsets) {
			s.ScrollTo(e.offsets[i])
		}
	}
}
