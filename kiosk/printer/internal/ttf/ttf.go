// Package ttf reads just enough of a TrueType font (glyf outlines, cmap,
// horizontal metrics) to draw ticket text.
//
// It exists because golang.org/x/image/font/sfnt needs golang.org/x/text,
// which this module does not carry; the printer only ever uses its own
// embedded Noto Sans, so a small, bounds-checked reader is enough. There is
// no shaping, hinting or kerning: Vietnamese needs none of them once text is
// in precomposed form, which the printer package ensures.
package ttf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrFormat reports a font this reader cannot use. The printer embeds its
// fonts, so seeing it means a broken build, not bad input at run time.
var ErrFormat = errors.New("ttf: unsupported or malformed font")

// Font is a parsed TrueType font. It is read-only after Parse and safe for
// concurrent use.
type Font struct {
	data       []byte
	glyf, loca []byte
	hmtx       []byte
	cmap       map[rune]uint16
	longLoca   bool
	numGlyphs  int
	numHMetric int

	// UnitsPerEm scales every other metric and outline coordinate.
	UnitsPerEm int
	// Ascent and Descent (positive, below the baseline) bound the line box;
	// in Noto Sans they leave room for stacked Vietnamese diacritics.
	Ascent, Descent, LineGap int
}

// Parse reads a TrueType (glyf-flavoured) font.
func Parse(data []byte) (*Font, error) {
	tables, err := tableDirectory(data)
	if err != nil {
		return nil, err
	}
	f := &Font{data: data}
	steps := []func(map[string][]byte) error{f.parseHead, f.parseHhea, f.parseMaxp, f.parseTables, f.parseCmap}
	for _, step := range steps {
		if err := step(tables); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func tableDirectory(data []byte) (map[string][]byte, error) {
	if len(data) < 12 || binary.BigEndian.Uint32(data) != 0x00010000 {
		return nil, fmt.Errorf("%w: not a TrueType font", ErrFormat)
	}
	n := int(u16(data, 4))
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, fmt.Errorf("%w: truncated table directory", ErrFormat)
		}
		off, length := int(u32(data, rec+8)), int(u32(data, rec+12))
		if off < 0 || length < 0 || off+length > len(data) || off+length < off {
			return nil, fmt.Errorf("%w: table out of range", ErrFormat)
		}
		tables[string(data[rec:rec+4])] = data[off : off+length]
	}
	return tables, nil
}

func need(tables map[string][]byte, tag string, size int) ([]byte, error) {
	t, ok := tables[tag]
	if !ok || len(t) < size {
		return nil, fmt.Errorf("%w: missing or short %q table", ErrFormat, tag)
	}
	return t, nil
}

func (f *Font) parseHead(tables map[string][]byte) error {
	head, err := need(tables, "head", 54)
	if err != nil {
		return err
	}
	f.UnitsPerEm = int(u16(head, 18))
	f.longLoca = u16(head, 50) == 1
	if f.UnitsPerEm == 0 {
		return fmt.Errorf("%w: zero unitsPerEm", ErrFormat)
	}
	return nil
}

func (f *Font) parseHhea(tables map[string][]byte) error {
	hhea, err := need(tables, "hhea", 36)
	if err != nil {
		return err
	}
	f.Ascent = int(int16(u16(hhea, 4)))
	f.Descent = -int(int16(u16(hhea, 6)))
	f.LineGap = int(int16(u16(hhea, 8)))
	f.numHMetric = int(u16(hhea, 34))
	return nil
}

func (f *Font) parseMaxp(tables map[string][]byte) error {
	maxp, err := need(tables, "maxp", 6)
	if err != nil {
		return err
	}
	f.numGlyphs = int(u16(maxp, 4))
	return nil
}

func (f *Font) parseTables(tables map[string][]byte) error {
	var err error
	if f.glyf, err = need(tables, "glyf", 0); err != nil {
		return err
	}
	locaSize := 2 * (f.numGlyphs + 1)
	if f.longLoca {
		locaSize *= 2
	}
	if f.loca, err = need(tables, "loca", locaSize); err != nil {
		return err
	}
	if f.numHMetric == 0 || f.numHMetric > f.numGlyphs {
		return fmt.Errorf("%w: bad numberOfHMetrics", ErrFormat)
	}
	f.hmtx, err = need(tables, "hmtx", 4*f.numHMetric)
	return err
}

// Index returns the glyph for r, or 0 (the .notdef box) when the font has none.
func (f *Font) Index(r rune) uint16 {
	return f.cmap[r]
}

// Has tells whether the font draws r with a real glyph.
func (f *Font) Has(r rune) bool {
	_, ok := f.cmap[r]
	return ok
}

// Advance is the glyph's advance width in font units.
func (f *Font) Advance(g uint16) int {
	i := int(g)
	if i >= f.numHMetric {
		i = f.numHMetric - 1
	}
	return int(u16(f.hmtx, 4*i))
}

func u16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func u32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }
