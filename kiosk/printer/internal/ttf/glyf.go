package ttf

import "fmt"

// Point is an outline point in font units, y pointing up. Off-curve points
// are quadratic control points, as TrueType stores them.
type Point struct {
	X, Y float64
	On   bool
}

// maxDepth bounds composite-glyph nesting so a malformed font cannot loop.
const maxDepth = 8

// Simple-glyph point flags.
const (
	flagOnCurve = 0x01
	flagXShort  = 0x02
	flagYShort  = 0x04
	flagRepeat  = 0x08
	flagXSame   = 0x10
	flagYSame   = 0x20
)

// Outline returns the glyph's closed contours. Precomposed Vietnamese letters
// are composite glyphs in Noto Sans, so components are resolved here.
func (f *Font) Outline(g uint16) ([][]Point, error) {
	return f.outline(g, 0)
}

func (f *Font) outline(g uint16, depth int) ([][]Point, error) {
	if depth > maxDepth || int(g) >= f.numGlyphs {
		return nil, fmt.Errorf("%w: bad glyph reference %d", ErrFormat, g)
	}
	data, err := f.glyphData(g)
	if err != nil || len(data) == 0 {
		return nil, err
	}
	if len(data) < 10 {
		return nil, fmt.Errorf("%w: short glyph %d", ErrFormat, g)
	}
	if n := int16(u16(data, 0)); n < 0 {
		return f.composite(data[10:], depth)
	}
	return simple(data)
}

func (f *Font) glyphData(g uint16) ([]byte, error) {
	var start, end int
	if f.longLoca {
		start, end = int(u32(f.loca, 4*int(g))), int(u32(f.loca, 4*int(g)+4))
	} else {
		start, end = 2*int(u16(f.loca, 2*int(g))), 2*int(u16(f.loca, 2*int(g)+2))
	}
	if start > end || end > len(f.glyf) {
		return nil, fmt.Errorf("%w: glyph %d out of range", ErrFormat, g)
	}
	return f.glyf[start:end], nil
}

// simple decodes a simple glyph: contour ends, flags, then delta-coded x and
// y coordinates.
func simple(data []byte) ([][]Point, error) {
	r := &reader{b: data, off: 10}
	n := int(u16(data, 0))
	ends := make([]int, n)
	for i := range ends {
		ends[i] = int(r.u16())
	}
	if n == 0 || r.err != nil {
		return nil, r.err
	}
	r.skip(int(r.u16())) // hinting instructions
	pts := make([]Point, ends[n-1]+1)
	flags := readFlags(r, len(pts))
	readCoords(r, flags, pts, flagXShort, flagXSame, func(p *Point, v float64) { p.X = v })
	readCoords(r, flags, pts, flagYShort, flagYSame, func(p *Point, v float64) { p.Y = v })
	if r.err != nil {
		return nil, r.err
	}
	return splitContours(pts, ends)
}

func readFlags(r *reader, n int) []byte {
	flags := make([]byte, 0, n)
	for len(flags) < n && r.err == nil {
		fl := r.u8()
		flags = append(flags, fl)
		if fl&flagRepeat != 0 {
			for k := r.u8(); k > 0 && len(flags) < n; k-- {
				flags = append(flags, fl)
			}
		}
	}
	return flags
}

func readCoords(r *reader, flags []byte, pts []Point, short, same byte, set func(*Point, float64)) {
	v := 0
	for i := range flags {
		switch fl := flags[i]; {
		case fl&short != 0 && fl&same != 0:
			v += int(r.u8())
		case fl&short != 0:
			v -= int(r.u8())
		case fl&same == 0:
			v += int(int16(r.u16()))
		}
		pts[i].On = flags[i]&flagOnCurve != 0
		set(&pts[i], float64(v))
	}
}

func splitContours(pts []Point, ends []int) ([][]Point, error) {
	contours := make([][]Point, 0, len(ends))
	start := 0
	for _, end := range ends {
		if end < start || end >= len(pts) {
			return nil, fmt.Errorf("%w: bad contour end", ErrFormat)
		}
		contours = append(contours, pts[start:end+1])
		start = end + 1
	}
	return contours, nil
}

// reader is a bounds-checked big-endian cursor with a sticky error, so the
// decoders above stay linear instead of checking every read.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) ok(n int) bool {
	if r.err == nil && r.off+n > len(r.b) {
		r.err = fmt.Errorf("%w: truncated glyph", ErrFormat)
	}
	return r.err == nil
}

func (r *reader) u8() byte {
	if !r.ok(1) {
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

func (r *reader) u16() uint16 {
	if !r.ok(2) {
		return 0
	}
	r.off += 2
	return u16(r.b, r.off-2)
}

func (r *reader) skip(n int) {
	if r.ok(n) {
		r.off += n
	}
}
