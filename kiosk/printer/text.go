package printer

import (
	"image"
	"image/draw"
	"math"
	"strings"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
)

// face is a font at a pixel size. sx stretches glyphs horizontally so the
// queue number can be taller than its width alone would allow. A face holds
// an opentype font.Face, which is not safe for concurrent use: faces are made
// per Render and never shared between goroutines.
type face struct {
	font *opentype.Font
	fc   font.Face
	px   float64 // em size in dots
	sx   float64 // horizontal scale; 1 is the font's own proportions
}

// newFace sizes f at px dots to the em, unhinted so that text measures the
// same at every position.
func newFace(f *opentype.Font, px float64) face {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("printer: font face: " + err.Error())
	}
	return face{font: f, fc: fc, px: px, sx: 1}
}

// ascent and height are whole dots so lines stack without drift; they follow
// the font's line box, which leaves room for stacked marks as in "Ưởng".
func (f face) ascent() int { return f.fc.Metrics().Ascent.Ceil() }

func (f face) height() int {
	m := f.fc.Metrics()
	return (m.Ascent + m.Descent).Ceil()
}

// width is the advance width of s in dots, the measure word-wrap uses.
func (f face) width(s string) float64 {
	return float64(font.MeasureString(f.fc, s)) / 64 * f.sx
}

// draw paints s in ink with its baseline at y and its origin at x. Drawing
// is clipped to dst; glyph ink that overhangs its advance is kept.
func (f face) draw(dst *image.Gray, x, y float64, s string, ink image.Image) {
	if f.sx != 1 {
		f.drawCondensed(dst, x, y, s, ink)
		return
	}
	d := font.Drawer{Dst: dst, Src: ink, Face: f.fc, Dot: fixed.Point26_6{X: toFixed(x), Y: toFixed(y)}}
	d.DrawString(s)
}

// drawCondensed draws s at the font's own proportions into a mask, then
// maps the mask onto dst squeezed to sx of its width, since a font.Face has
// no horizontal scale. Only the queue number is condensed, and it is so
// large that ApproxBiLinear loses nothing a thermal head could print, at a
// fraction of the cost of the finer kernels.
func (f face) drawCondensed(dst *image.Gray, x, y float64, s string, ink image.Image) {
	b, _ := font.BoundString(f.fc, s)
	wide := image.NewAlpha(image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()))
	(&font.Drawer{Dst: wide, Src: image.Opaque, Face: f.fc}).DrawString(s)
	sr := wide.Bounds()
	dr := image.Rect(
		int(math.Floor(x+float64(sr.Min.X)*f.sx)), int(math.Floor(y))+sr.Min.Y,
		int(math.Ceil(x+float64(sr.Max.X)*f.sx)), int(math.Ceil(y))+sr.Max.Y,
	).Intersect(dst.Bounds())
	if dr.Empty() {
		return
	}
	narrow := image.NewAlpha(dr)
	xdraw.ApproxBiLinear.Transform(narrow, f64.Aff3{f.sx, 0, x, 0, 1, y}, wide, sr, xdraw.Src, nil)
	draw.DrawMask(dst, dr, ink, image.Point{}, narrow, dr.Min, draw.Over)
}

// inkBounds is the box, relative to the origin on the baseline, that the
// outlines of s cover (control points included, so it never undershoots).
func (f face) inkBounds(s string) (minX, minY, maxX, maxY float64) {
	b, _ := font.BoundString(f.fc, s)
	return fromFixed(b.Min.X) * f.sx, fromFixed(b.Min.Y), fromFixed(b.Max.X) * f.sx, fromFixed(b.Max.Y)
}

func toFixed(v float64) fixed.Int26_6   { return fixed.Int26_6(math.Round(v * 64)) }
func fromFixed(v fixed.Int26_6) float64 { return float64(v) / 64 }

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
