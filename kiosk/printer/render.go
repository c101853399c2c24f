package printer

import (
	"image"
	"image/color"
	"math"
)

// inkLevel is the grey level below which a rendered dot prints black. It is
// a little past mid-grey so thin strokes and small diacritics survive.
const inkLevel = 150

// Render draws the ticket as a black-and-white raster exactly as wide as the
// paper. Printing a picture instead of text is what makes Vietnamese print
// correctly on any ESC/POS printer, whatever code pages its firmware has.
//
// Every pixel of the result is 0 (black) or 255 (white), and no text reaches
// past the side margins: long words are broken rather than cut off.
func Render(t TicketLayout, width Paper) *image.Gray {
	t = t.normalized()
	b := newBuilder(width.Dots())
	b.gap(6)
	b.header(t)
	b.number(t)
	b.waiting(t)
	b.qr(t)
	b.rateCode(t)
	b.documents(t)
	b.sameDay(t)
	b.footer(t)
	b.gap(8)
	return b.image()
}

// block is one horizontal strip of the ticket. Layout measures every block
// first, so the image is allocated once at its final height.
type block struct {
	h    int
	draw func(dst *image.Gray, top int)
}

// builder stacks blocks. Sizes are given in dots of the 58 mm design and
// scaled by unit. unit grows at half the rate of the paper width: an 80 mm
// ticket gets text a quarter larger, easier for older citizens to read, and
// uses the rest of its width for longer lines rather than more paper.
type builder struct {
	w      int
	unit   float64
	margin int
	fonts  fontPair
	blocks []block
}

func newBuilder(w int) *builder {
	unit := (1 + float64(w)/float64(Paper58)) / 2
	return &builder{w: w, unit: unit, margin: int(math.Round(6 * unit)), fonts: loadFonts()}
}

// px converts a 58 mm design size to dots on this paper.
func (b *builder) px(n float64) int { return int(math.Round(n * b.unit)) }

// avail is the width text may use between the side margins.
func (b *builder) avail() float64 { return float64(b.w - 2*b.margin) }

func (b *builder) regular(size float64) face { return newFace(b.fonts.regular, size*b.unit) }
func (b *builder) bold(size float64) face    { return newFace(b.fonts.bold, size*b.unit) }

func (b *builder) add(h int, draw func(*image.Gray, int)) {
	b.blocks = append(b.blocks, block{h: h, draw: draw})
}

// gap adds white space of n design dots.
func (b *builder) gap(n float64) { b.add(b.px(n), func(*image.Gray, int) {}) }

// image allocates the ticket, draws every block and thresholds the result.
func (b *builder) image() *image.Gray {
	h := 0
	for _, bl := range b.blocks {
		h += bl.h
	}
	img := image.NewGray(image.Rect(0, 0, b.w, max(h, 1)))
	fill(img, img.Bounds(), color.Gray{Y: 255})
	top := 0
	for _, bl := range b.blocks {
		bl.draw(img, top)
		top += bl.h
	}
	threshold(img)
	return img
}

func fill(img *image.Gray, r image.Rectangle, c color.Gray) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = c.Y
		}
	}
}

// threshold turns grey anti-aliasing into dots a thermal head can print.
func threshold(img *image.Gray) {
	for i, v := range img.Pix {
		if v < inkLevel {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 255
		}
	}
}
