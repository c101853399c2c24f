package printer

import (
	"image"
	"math"
	"strings"
)

// The queue number is what citizens compare with the hall display from
// across the room, so it is printed as tall as numberHeight of the paper
// width. Glyphs are condensed horizontally to fit, but never below
// minCondense of their shape; a longer number gets smaller instead.
const (
	numberHeight = 0.45
	minCondense  = 0.6
)

// bigNumber adds the number, its ink box centred and fitted exactly.
func (b *builder) bigNumber(s string) {
	s = strings.TrimSpace(s)
	ref := newFace(b.fonts.bold, 1000)
	minX, minY, maxX, maxY := ref.inkBounds(s)
	if s == "" || maxY <= minY || maxX <= minX {
		return
	}
	k := numberHeight * float64(b.w) / (maxY - minY)
	sx := min(1, b.avail()/((maxX-minX)*k))
	if sx < minCondense {
		k *= sx / minCondense
		sx = minCondense
	}
	f := newFace(b.fonts.bold, 1000*k)
	f.sx = sx
	pad := b.px(2)
	h := int(math.Ceil((maxY-minY)*k)) + 2*pad
	b.add(h, func(dst *image.Gray, top int) {
		x := (float64(b.w)-(maxX-minX)*k*sx)/2 - minX*k*sx
		f.draw(dst, x, float64(top+pad)-minY*k, s, image.Black)
	})
}
