package printer

import (
	"image"
	"image/color"
	"strings"

	"github.com/skip2/go-qrcode"
)

// align says where a line sits between the margins.
type align int

const (
	centred align = iota
	left
)

var black = color.Gray{Y: 0}

// text adds s wrapped to the margins; empty text adds nothing.
func (b *builder) text(s string, f face, a align) {
	if strings.TrimSpace(s) == "" {
		return
	}
	lines := wrap(f, s, b.avail())
	if a == centred {
		lines = balancedWrap(f, s, b.avail())
	}
	b.add(f.height()*len(lines), func(dst *image.Gray, top int) {
		if a == centred {
			b.centredLines(dst, top, lines, f, image.Black)
			return
		}
		for i, l := range lines {
			f.draw(dst, float64(b.margin), float64(top+i*f.height()+f.ascent()), l, image.Black)
		}
	})
}

// rule is a dashed line across the paper, the way tear-off tickets separate
// their parts.
func (b *builder) rule() {
	thick, dash := max(b.px(2), 1), b.px(8)
	b.add(thick, func(dst *image.Gray, top int) {
		for x := b.margin; x < b.w-b.margin; x += dash + dash/2 {
			fill(dst, image.Rect(x, top, min(x+dash, b.w-b.margin), top+thick), black)
		}
	})
}

func (b *builder) header(t TicketLayout) {
	for _, line := range t.Centre {
		f := b.bold(18)
		b.text(line, shrinkToFit(f, line, b.avail(), 0.8), centred)
	}
	if len(t.Centre) > 0 {
		b.gap(4)
		b.rule()
		b.gap(5)
	}
}

// shrinkToFit returns f made just small enough for s to fit on one line, so
// a header such as "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" does not leave one
// word alone on a second line; if even minScale of the size is too wide, f
// is returned unchanged and the text wraps.
func shrinkToFit(f face, s string, avail, minScale float64) face {
	w := f.width(s)
	if w <= avail || w*minScale > avail || strings.Contains(s, "\n") {
		return f
	}
	return newFace(f.font, f.px*avail/w*0.999)
}

func (b *builder) number(t TicketLayout) {
	b.text(t.Heading, b.bold(24), centred)
	b.bigNumber(t.Number)
	b.gap(2)
	b.text(t.Procedure, b.bold(21), centred)
	b.gap(2)
	b.text(t.Queue, b.regular(19), centred)
	b.reversed(t.Priority, b.bold(19))
	b.gap(6)
	b.rule()
	b.gap(4)
}

func (b *builder) waiting(t TicketLayout) {
	b.text(t.Issued, b.regular(17), centred)
	b.gap(2)
	b.text(t.Position, b.bold(20), centred)
	b.text(t.Wait, b.regular(18), centred)
}

// reversed prints s white on a black bar, for information staff must not
// miss.
func (b *builder) reversed(s string, f face) {
	if strings.TrimSpace(s) == "" {
		return
	}
	pad := b.px(4)
	lines := balancedWrap(f, s, b.avail()-float64(2*pad))
	h := f.height()*len(lines) + 2*pad
	b.gap(4)
	b.add(h, func(dst *image.Gray, top int) {
		fill(dst, image.Rect(b.margin, top, b.w-b.margin, top+h), black)
		b.centredLines(dst, top+pad, lines, f, image.White)
	})
}

// centredLines draws lines centred on the paper from top down.
func (b *builder) centredLines(dst *image.Gray, top int, lines []string, f face, ink image.Image) {
	for i, l := range lines {
		x := (float64(b.w) - f.width(l)) / 2
		f.draw(dst, x, float64(top+i*f.height()+f.ascent()), l, ink)
	}
}

// sameDay frames the Wednesday same-day notice so it stands apart from the
// routine lines around it.
func (b *builder) sameDay(t TicketLayout) {
	if strings.TrimSpace(t.SameDay) == "" {
		return
	}
	f, border, pad := b.bold(18), max(b.px(2), 1), b.px(4)
	lines := balancedWrap(f, t.SameDay, b.avail()-float64(2*(border+pad)))
	h := f.height()*len(lines) + 2*(border+pad)
	b.gap(6)
	b.add(h, func(dst *image.Gray, top int) {
		frame(dst, image.Rect(b.margin, top, b.w-b.margin, top+h), border)
		b.centredLines(dst, top+border+pad, lines, f, image.Black)
	})
}

func frame(dst *image.Gray, r image.Rectangle, w int) {
	fill(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), black)
	fill(dst, image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y), black)
	fill(dst, image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y), black)
	fill(dst, image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y), black)
}

// documents is the checklist of papers to have ready at the counter, with
// bullets and a hanging indent so each item reads as one unit.
func (b *builder) documents(t TicketLayout) {
	if len(t.Documents) == 0 {
		return
	}
	b.gap(12)
	b.text(t.DocumentsTitle, b.bold(19), left)
	f := b.regular(17)
	indent := int(f.width("•  "))
	for _, d := range t.Documents {
		b.bulleted(wrap(f, d, b.avail()-float64(indent)), f, indent)
	}
}

// bulleted adds one list item: a bullet in the margin and the item's lines
// indented beside it.
func (b *builder) bulleted(lines []string, f face, indent int) {
	if len(lines) == 0 {
		return
	}
	b.add(f.height()*len(lines), func(dst *image.Gray, top int) {
		f.draw(dst, float64(b.margin), float64(top+f.ascent()), "•", image.Black)
		for i, l := range lines {
			f.draw(dst, float64(b.margin+indent), float64(top+i*f.height()+f.ascent()), l, image.Black)
		}
	})
}

func (b *builder) footer(t TicketLayout) {
	if len(t.Footer) == 0 {
		return
	}
	b.gap(12)
	b.rule()
	b.gap(6)
	for _, line := range t.Footer {
		b.text(line, b.regular(16), centred)
	}
}

// qr prints the live-position QR code with whole-dot modules (blurred
// modules do not scan) and a caption.
func (b *builder) qr(t TicketLayout) {
	bits := qrBits(t.QRURL)
	if bits == nil {
		return
	}
	n := len(bits)
	module := min(max(b.w*45/100/n, 2), (b.w-2*b.margin)/n)
	if module < 2 {
		return // one-dot modules do not scan; better no code than a useless one
	}
	size := module * n
	quiet := 4 * module // the standard quiet zone, kept above and below
	b.add(size+2*quiet, func(dst *image.Gray, top int) {
		x0, y0 := (b.w-size)/2, top+quiet
		for y, row := range bits {
			for x, on := range row {
				if on {
					fill(dst, image.Rect(x0+x*module, y0+y*module, x0+(x+1)*module, y0+(y+1)*module), black)
				}
			}
		}
	})
	b.text(t.QRCaption, b.regular(17), centred)
}

// rateCode prints the rating code in bold, clear of the QR caption.
func (b *builder) rateCode(t TicketLayout) {
	if strings.TrimSpace(t.RateCode) == "" {
		return
	}
	b.gap(2)
	b.text(t.RateCode, b.bold(20), centred)
}

// qrBits is the code's modules without the quiet zone (white paper gives
// that), or nil when there is no URL or it is too long to encode.
func qrBits(url string) [][]bool {
	if url == "" {
		return nil
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil
	}
	q.DisableBorder = true
	return q.Bitmap()
}
