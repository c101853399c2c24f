package printer

import (
	"image"
	"math"
	"strings"

	"golang.org/x/image/vector"

	"motcua/kiosk/printer/internal/ttf"
)

// face is a font at a pixel size. sx stretches glyphs horizontally so the
// queue number can be taller than its width alone would allow.
type face struct {
	font *ttf.Font
	px   float64 // em size in dots
	sx   float64 // horizontal scale; 1 is the font's own proportions
}

func newFace(f *ttf.Font, px float64) face { return face{font: f, px: px, sx: 1} }

func (f face) unit() float64 { return f.px / float64(f.font.UnitsPerEm) }

// ascent and height are whole dots so lines stack without drift; they follow
// the font's line box, which leaves room for stacked marks as in "Ưởng".
func (f face) ascent() int { return int(math.Ceil(float64(f.font.Ascent) * f.unit())) }

func (f face) height() int {
	return int(math.Ceil(float64(f.font.Ascent+f.font.Descent) * f.unit()))
}

// width is the advance width of s in dots, the measure word-wrap uses.
func (f face) width(s string) float64 {
	units := 0
	for _, r := range s {
		units += f.font.Advance(f.font.Index(r))
	}
	return float64(units) * f.unit() * f.sx
}

// draw paints s in ink with its baseline at y and its origin at x. The
// raster box is padded by half an em so ink that overhangs the advance (an
// italic-like "f", a horn) is kept rather than clipped.
func (f face) draw(dst *image.Gray, x, y float64, s string, ink image.Image) {
	pad := f.px / 2
	box := image.Rect(int(x-pad), int(y)-f.ascent()-int(pad), int(x+f.width(s)+pad)+1, int(y)+f.height()+int(pad))
	box = box.Intersect(dst.Bounds())
	if box.Empty() {
		return
	}
	z := vector.NewRasterizer(box.Dx(), box.Dy())
	f.trace(z, x-float64(box.Min.X), y-float64(box.Min.Y), s)
	z.Draw(dst, box, ink, image.Point{})
}

// trace adds the outlines of s to pen, origin (x, y) in pen coordinates.
func (f face) trace(pen ttf.Pen, x, y float64, s string) {
	u := f.unit()
	for _, r := range s {
		g := f.font.Index(r)
		if contours, err := f.font.Outline(g); err == nil {
			ox := x
			ttf.Trace(contours, pen, func(p ttf.Point) (float32, float32) {
				return float32(ox + p.X*u*f.sx), float32(y - p.Y*u)
			})
		}
		x += float64(f.font.Advance(g)) * u * f.sx
	}
}

// inkBounds is the box, relative to the origin on the baseline, that the
// outlines of s cover (control points included, so it never undershoots).
func (f face) inkBounds(s string) (minX, minY, maxX, maxY float64) {
	b := &boundsPen{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	f.trace(b, 0, 0, s)
	if b.minX > b.maxX {
		return 0, 0, 0, 0
	}
	return b.minX, b.minY, b.maxX, b.maxY
}

// boundsPen is a ttf.Pen that only records the extent of the points it sees.
type boundsPen struct{ minX, minY, maxX, maxY float64 }

func (b *boundsPen) add(x, y float32) {
	b.minX, b.maxX = min(b.minX, float64(x)), max(b.maxX, float64(x))
	b.minY, b.maxY = min(b.minY, float64(y)), max(b.maxY, float64(y))
}

func (b *boundsPen) MoveTo(x, y float32)           { b.add(x, y) }
func (b *boundsPen) LineTo(x, y float32)           { b.add(x, y) }
func (b *boundsPen) QuadTo(bx, by, cx, cy float32) { b.add(bx, by); b.add(cx, cy) }
func (b *boundsPen) ClosePath()                    {}

// wrap breaks s into lines no wider than maxW dots: at spaces where it can,
// inside a word only when the word alone is too wide (a long code or URL).
// Newlines in s start new lines. Nothing is ever left to overflow the edge.
func wrap(f face, s string, maxW float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapParagraph(f, para, maxW)...)
	}
	return lines
}

// balancedWrap wraps s into as few lines as wrap does, but as narrow as
// possible, so centred text breaks evenly ("…từ bản / chính – Đặng Ưởng")
// instead of leaving one word alone on its last line.
func balancedWrap(f face, s string, maxW float64) []string {
	best := wrap(f, s, maxW)
	lo, hi := maxW/float64(max(len(best), 1)), maxW
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if lines := wrap(f, s, mid); len(lines) <= len(best) {
			best, hi = lines, mid
		} else {
			lo = mid
		}
	}
	return best
}

func wrapParagraph(f face, para string, maxW float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(para) {
		if cand := strings.TrimSpace(line + " " + word); f.width(cand) <= maxW {
			line = cand
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		pieces := breakWord(f, word, maxW)
		lines = append(lines, pieces[:len(pieces)-1]...)
		line = pieces[len(pieces)-1]
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// breakWord splits a word wider than maxW into pieces that fit; a piece has
// at least one rune, so the loop always ends.
func breakWord(f face, word string, maxW float64) []string {
	var pieces []string
	piece := ""
	for _, r := range word {
		if piece != "" && f.width(piece+string(r)) > maxW {
			pieces = append(pieces, piece)
			piece = ""
		}
		piece += string(r)
	}
	return append(pieces, piece)
}
