package printer

import (
	"errors"
	"fmt"
	"image"
)

// CommandKind names an ESC/POS command that Encode emits and Decode reads.
type CommandKind int

// The commands of a ticket job.
const (
	CmdInit   CommandKind = iota + 1 // ESC @
	CmdRaster                        // GS v 0: one band of the image
	CmdFeed                          // ESC d n
	CmdCut                           // GS V m [n]
	CmdBeep                          // ESC B n t
)

// String names the command in test failures.
func (k CommandKind) String() string {
	switch k {
	case CmdInit:
		return "init"
	case CmdRaster:
		return "raster"
	case CmdFeed:
		return "feed"
	case CmdCut:
		return "cut"
	case CmdBeep:
		return "beep"
	}
	return fmt.Sprintf("CommandKind(%d)", int(k))
}

// Command is one decoded command, so tests can check a job's structure (how
// many bands, which cut) as well as its picture.
type Command struct {
	Kind CommandKind
	// Width and Height are a raster band's size in dots.
	Width, Height int
	// N is the feed's lines, the cut's extra feed or the beep count.
	N int
	// Partial tells a partial cut from a full one.
	Partial bool
	// Length is a beep's length in units of about 50 ms.
	Length int
}

// ErrMalformed is returned by Decode for bytes that are not a job this
// package could have produced.
var ErrMalformed = errors.New("printer: malformed ESC/POS job")

// Decode parses a job back into its picture and its commands. It exists for
// tests and diagnostics (what exactly did the kiosk send?) and is strict:
// any byte that is not part of a known command is an error, so a stray byte
// that would print as garbage on paper fails a test instead.
//
// The picture stacks the raster bands top to bottom as a *image.Gray with
// 0 for printed dots and 255 for blank ones; it is nil when the job has no
// raster. Bands must all have the same width.
func Decode(b []byte) (image.Image, []Command, error) {
	d := &decoder{b: b}
	for d.pos < len(b) {
		if err := d.next(); err != nil {
			return nil, nil, err
		}
	}
	return d.image(), d.cmds, nil
}

// decoder walks the job; bands keeps each raster's packed rows until the
// final picture's size is known, stride is their common width in bytes.
type decoder struct {
	b      []byte
	pos    int
	cmds   []Command
	bands  [][]byte
	stride int
}

func (d *decoder) fail(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrMalformed, d.pos, fmt.Sprintf(format, args...))
}

// take returns the next n bytes, or nil when the job ends first.
func (d *decoder) take(n int) []byte {
	if n < 0 || len(d.b)-d.pos < n {
		return nil
	}
	d.pos += n
	return d.b[d.pos-n : d.pos]
}

func (d *decoder) next() error {
	head := d.take(2)
	if head == nil {
		return d.fail("truncated command 0x%02x", d.b[d.pos])
	}
	switch {
	case head[0] == esc:
		return d.esc(head[1])
	case head[0] == gs:
		return d.gs(head[1])
	}
	d.pos -= 2
	return d.fail("unknown byte 0x%02x", head[0])
}

func (d *decoder) esc(op byte) error {
	switch op {
	case '@':
		d.cmds = append(d.cmds, Command{Kind: CmdInit})
		return nil
	case 'd':
		p := d.take(1)
		if p == nil {
			return d.fail("truncated ESC d")
		}
		d.cmds = append(d.cmds, Command{Kind: CmdFeed, N: int(p[0])})
		return nil
	case 'B':
		p := d.take(2)
		if p == nil {
			return d.fail("truncated ESC B")
		}
		d.cmds = append(d.cmds, Command{Kind: CmdBeep, N: int(p[0]), Length: int(p[1])})
		return nil
	}
	return d.fail("unknown command ESC 0x%02x", op)
}

func (d *decoder) gs(op byte) error {
	switch op {
	case 'v':
		return d.raster()
	case 'V':
		return d.cut()
	}
	return d.fail("unknown command GS 0x%02x", op)
}

// raster reads GS v 0 m xL xH yL yH d1…dk; only m=0 (normal size) is what
// Encode writes, so the scaled modes are rejected.
func (d *decoder) raster() error {
	p := d.take(6)
	if p == nil || p[0] != '0' {
		return d.fail("truncated or unknown GS v")
	}
	if p[1] != 0 && p[1] != '0' {
		return d.fail("unsupported raster mode %d", p[1])
	}
	stride, rows := int(p[2])|int(p[3])<<8, int(p[4])|int(p[5])<<8
	if stride == 0 || rows == 0 {
		return d.fail("empty raster %dx%d", stride, rows)
	}
	data := d.take(stride * rows)
	if data == nil {
		return d.fail("raster of %d bytes runs past the end", stride*rows)
	}
	if d.stride != 0 && d.stride != stride {
		return d.fail("raster width %d differs from the first band's %d", stride*8, d.stride*8)
	}
	d.stride = stride
	d.bands = append(d.bands, data)
	d.cmds = append(d.cmds, Command{Kind: CmdRaster, Width: stride * 8, Height: rows})
	return nil
}

// cut reads GS V m (m = 0/48 full, 1/49 partial) or GS V m n (m = 65 full,
// 66 partial, each after feeding n units).
func (d *decoder) cut() error {
	m := d.take(1)
	if m == nil {
		return d.fail("truncated GS V")
	}
	c := Command{Kind: CmdCut}
	switch m[0] {
	case 0, '0':
	case 1, '1':
		c.Partial = true
	case 65, 66:
		n := d.take(1)
		if n == nil {
			return d.fail("truncated GS V %d", m[0])
		}
		c.Partial, c.N = m[0] == 66, int(n[0])
	default:
		return d.fail("unknown cut mode %d", m[0])
	}
	d.cmds = append(d.cmds, c)
	return nil
}

// image unpacks the bands into one picture. Each packed byte becomes eight
// pixels, so the picture is at most eight times the job's size.
func (d *decoder) image() image.Image {
	if len(d.bands) == 0 {
		return nil
	}
	stride, rows := d.stride, 0
	for _, band := range d.bands {
		rows += len(band) / stride
	}
	img := image.NewGray(image.Rect(0, 0, stride*8, rows))
	y := 0
	for _, band := range d.bands {
		for i, v := range band {
			row, col := y+i/stride, (i%stride)*8
			for bit := 0; bit < 8; bit++ {
				img.Pix[img.PixOffset(col+bit, row)] = 255 * (1 - (v>>(7-bit))&1)
			}
		}
		y += len(band) / stride
	}
	return img
}
