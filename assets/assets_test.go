package assets

import (
	"bytes"
	"image/png"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestFontsCoverVietnamese: both fonts parse and have a glyph for every
// letter Vietnamese adds to the Latin alphabet, in both cases.
func TestFontsCoverVietnamese(t *testing.T) {
	letters := "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵỲỶỸÝỴ"
	for name, data := range map[string][]byte{"regular": NotoSansRegular, "bold": NotoSansBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf sfnt.Buffer
		for _, r := range letters {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("%s font has no glyph for %q", name, r)
			}
		}
	}
}

func TestIconIsA256PNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("icon is %v", b)
	}
}
