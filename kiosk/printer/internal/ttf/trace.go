package ttf

// Pen receives a glyph outline as path operations; golang.org/x/image/vector's
// Rasterizer is one.
type Pen interface {
	MoveTo(x, y float32)
	LineTo(x, y float32)
	QuadTo(bx, by, cx, cy float32)
	ClosePath()
}

// Trace sends contours to pen, mapping font units through xy. TrueType
// leaves the on-curve point between two control points implicit; Trace
// restores it, so pen sees plain quadratic segments.
func Trace(contours [][]Point, pen Pen, xy func(Point) (float32, float32)) {
	for _, c := range contours {
		if len(c) > 0 {
			traceContour(c, pen, xy)
		}
	}
}

func traceContour(c []Point, pen Pen, xy func(Point) (float32, float32)) {
	start := startPoint(c)
	pen.MoveTo(xy(start))
	var ctrl *Point
	for i := range c {
		p := c[i]
		switch {
		case p.On && ctrl == nil:
			pen.LineTo(xy(p))
		case p.On:
			quad(pen, xy, *ctrl, p)
			ctrl = nil
		case ctrl != nil:
			mid := midpoint(*ctrl, p)
			quad(pen, xy, *ctrl, mid)
			ctrl = &c[i]
		default:
			ctrl = &c[i]
		}
	}
	if ctrl != nil {
		quad(pen, xy, *ctrl, start)
	} else {
		pen.LineTo(xy(start))
	}
	pen.ClosePath()
}

// startPoint is an on-curve point to begin from: the first point when on the
// curve, else the implied midpoint before it. Walking all points from index
// 0 and closing back to it then visits every segment once.
func startPoint(c []Point) Point {
	if c[0].On {
		return c[0]
	}
	last := c[len(c)-1]
	if last.On {
		return last
	}
	return midpoint(last, c[0])
}

func quad(pen Pen, xy func(Point) (float32, float32), ctrl, to Point) {
	bx, by := xy(ctrl)
	cx, cy := xy(to)
	pen.QuadTo(bx, by, cx, cy)
}

func midpoint(a, b Point) Point {
	return Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2, On: true}
}
