package ttf

import "fmt"

// Composite-glyph component flags.
const (
	compArgWords = 0x0001
	compArgsXY   = 0x0002
	compScale    = 0x0008
	compMore     = 0x0020
	compXYScale  = 0x0040
	compTwoByTwo = 0x0080
)

// component is one glyph placed inside a composite with an affine transform.
type component struct {
	glyph      uint16
	a, b, c, d float64 // 2×2 matrix
	arg1, arg2 int     // offset, or point numbers to match
	xy         bool
}

// composite joins the components' contours. Vietnamese letters such as "ữ"
// are built this way from a base letter and one or two marks.
func (f *Font) composite(data []byte, depth int) ([][]Point, error) {
	r := &reader{b: data}
	var out [][]Point
	for more := true; more; {
		comp, flags := readComponent(r)
		if r.err != nil {
			return nil, r.err
		}
		child, err := f.outline(comp.glyph, depth+1)
		if err != nil {
			return nil, err
		}
		if out, err = place(out, child, comp); err != nil {
			return nil, err
		}
		more = flags&compMore != 0
	}
	return out, nil
}

func readComponent(r *reader) (component, uint16) {
	flags := r.u16()
	c := component{glyph: r.u16(), a: 1, d: 1, xy: flags&compArgsXY != 0}
	switch {
	case flags&compArgWords != 0 && c.xy:
		c.arg1, c.arg2 = int(int16(r.u16())), int(int16(r.u16()))
	case flags&compArgWords != 0:
		c.arg1, c.arg2 = int(r.u16()), int(r.u16())
	case c.xy:
		c.arg1, c.arg2 = int(int8(r.u8())), int(int8(r.u8()))
	default:
		c.arg1, c.arg2 = int(r.u8()), int(r.u8())
	}
	switch {
	case flags&compScale != 0:
		c.a = f2dot14(r.u16())
		c.d = c.a
	case flags&compXYScale != 0:
		c.a, c.d = f2dot14(r.u16()), f2dot14(r.u16())
	case flags&compTwoByTwo != 0:
		c.a, c.b, c.c, c.d = f2dot14(r.u16()), f2dot14(r.u16()), f2dot14(r.u16()), f2dot14(r.u16())
	}
	return c, flags
}

// place transforms child and appends it to out. Components positioned by
// point matching line up a child point with a point already placed.
func place(out, child [][]Point, c component) ([][]Point, error) {
	moved := make([][]Point, len(child))
	for i, contour := range child {
		moved[i] = make([]Point, len(contour))
		for j, p := range contour {
			moved[i][j] = Point{X: c.a*p.X + c.c*p.Y, Y: c.b*p.X + c.d*p.Y, On: p.On}
		}
	}
	dx, dy := float64(c.arg1), float64(c.arg2)
	if !c.xy {
		anchor, ok1 := nth(out, c.arg1)
		own, ok2 := nth(moved, c.arg2)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: bad anchor point", ErrFormat)
		}
		dx, dy = anchor.X-own.X, anchor.Y-own.Y
	}
	for _, contour := range moved {
		for j := range contour {
			contour[j].X += dx
			contour[j].Y += dy
		}
	}
	return append(out, moved...), nil
}

func nth(contours [][]Point, n int) (Point, bool) {
	for _, c := range contours {
		if n < len(c) {
			return c[n], true
		}
		n -= len(c)
	}
	return Point{}, false
}

func f2dot14(v uint16) float64 { return float64(int16(v)) / 16384 }
