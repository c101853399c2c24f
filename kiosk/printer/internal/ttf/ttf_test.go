package ttf

import (
	"errors"
	"os"
	"testing"
)

// vietnamese holds every letter of the Vietnamese alphabet with every tone,
// in both cases; a ticket must never fall back to the .notdef box for them.
const vietnamese = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ" +
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ–•"

func load(t *testing.T, name string) *Font {
	t.Helper()
	data, err := os.ReadFile("../../fonts/" + name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestVietnameseCoverage(t *testing.T) {
	for _, name := range []string{"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"} {
		f := load(t, name)
		for _, r := range vietnamese {
			if !f.Has(r) {
				t.Errorf("%s: no glyph for %q", name, r)
				continue
			}
			c, err := f.Outline(f.Index(r))
			if err != nil || len(c) == 0 {
				t.Errorf("%s: outline of %q: %d contours, %v", name, r, len(c), err)
			}
		}
	}
}

// TestStackedMarks checks that composite glyphs keep their marks: "Ữ" must
// reach higher than "U" (the tilde) and be wider on the right (the horn).
func TestStackedMarks(t *testing.T) {
	f := load(t, "NotoSans-Regular.ttf")
	top := func(r rune) (maxY, maxX float64) {
		c, err := f.Outline(f.Index(r))
		if err != nil {
			t.Fatal(err)
		}
		for _, contour := range c {
			for _, p := range contour {
				maxY, maxX = max(maxY, p.Y), max(maxX, p.X)
			}
		}
		return maxY, maxX
	}
	uy, ux := top('U')
	y, x := top('Ữ')
	if y <= uy || x <= ux {
		t.Errorf("Ữ top/right %v/%v not beyond U %v/%v", y, x, uy, ux)
	}
	if f.Ascent < int(y) {
		t.Errorf("ascent %d does not cover Ữ (%v)", f.Ascent, y)
	}
}

func TestParseRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("OTTO...."), make([]byte, 12)} {
		if _, err := Parse(b); !errors.Is(err, ErrFormat) {
			t.Errorf("Parse(%q) = %v, want ErrFormat", b, err)
		}
	}
}
