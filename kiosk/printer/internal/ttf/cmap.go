package ttf

import "fmt"

// parseCmap builds the rune→glyph map once, so drawing never re-walks the
// cmap. Format 12 (full Unicode) is preferred, format 4 (BMP) is enough for
// Vietnamese.
func (f *Font) parseCmap(tables map[string][]byte) error {
	cmap, err := need(tables, "cmap", 4)
	if err != nil {
		return err
	}
	f.cmap = make(map[rune]uint16)
	var sub4, sub12 []byte
	for i := 0; i < int(u16(cmap, 2)); i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		off := int(u32(cmap, rec+4))
		if off+4 > len(cmap) || !unicodeEncoding(u16(cmap, rec), u16(cmap, rec+2)) {
			continue
		}
		switch u16(cmap, off) {
		case 4:
			sub4 = cmap[off:]
		case 12:
			sub12 = cmap[off:]
		}
	}
	switch {
	case sub12 != nil:
		return f.cmap12(sub12)
	case sub4 != nil:
		return f.cmap4(sub4)
	}
	return fmt.Errorf("%w: no Unicode cmap", ErrFormat)
}

func unicodeEncoding(platform, encoding uint16) bool {
	return platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
}

func (f *Font) cmap4(t []byte) error {
	if len(t) < 14 {
		return fmt.Errorf("%w: short cmap format 4", ErrFormat)
	}
	segX2 := int(u16(t, 6))
	if len(t) < 16+4*segX2 {
		return fmt.Errorf("%w: short cmap format 4", ErrFormat)
	}
	for s := 0; s < segX2; s += 2 {
		end, start := int(u16(t, 14+s)), int(u16(t, 16+segX2+s))
		delta := int(u16(t, 16+2*segX2+s))
		roPos := 16 + 3*segX2 + s
		ro := int(u16(t, roPos))
		for c := start; c <= end && c < 0xFFFF; c++ {
			g := c + delta
			if ro != 0 {
				at := roPos + ro + 2*(c-start)
				if at+2 > len(t) || u16(t, at) == 0 {
					continue
				}
				g = int(u16(t, at)) + delta
			}
			f.set(rune(c), g&0xFFFF)
		}
	}
	return nil
}

func (f *Font) cmap12(t []byte) error {
	if len(t) < 16 {
		return fmt.Errorf("%w: short cmap format 12", ErrFormat)
	}
	n := int(u32(t, 12))
	for i := 0; i < n && 16+12*i+12 <= len(t); i++ {
		g := 16 + 12*i
		start, end, first := int(u32(t, g)), int(u32(t, g+4)), int(u32(t, g+8))
		for c := start; c <= end && c <= 0x10FFFF; c++ {
			f.set(rune(c), first+c-start)
		}
	}
	return nil
}

func (f *Font) set(r rune, g int) {
	if g > 0 && g < f.numGlyphs {
		f.cmap[r] = uint16(g)
	}
}
