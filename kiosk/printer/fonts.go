package printer

import (
	"sync"

	"golang.org/x/image/font/opentype"

	"motcua/assets"
)

// The ticket fonts are Noto Sans Regular and Bold from motcua/assets, the
// same faces the kiosk screen shows. Noto Sans covers every Vietnamese
// letter, and embedding it means the ticket looks the same whatever fonts
// the kiosk's OS has.
var (
	notoRegular = assets.NotoSansRegular
	notoBold    = assets.NotoSansBold
)

// fontPair holds the parsed fonts; parsing happens once, on first Render.
// An *opentype.Font is safe for concurrent use; the font.Face values drawn
// with are not, so every Render makes its own (see newFace).
type fontPair struct {
	regular, bold *opentype.Font
}

var loadFonts = sync.OnceValue(func() fontPair {
	return fontPair{regular: mustParse(notoRegular), bold: mustParse(notoBold)}
})

// mustParse panics on a broken embedded font: that is a build defect caught
// by every test, never something a citizen's input can cause.
func mustParse(data []byte) *opentype.Font {
	f, err := opentype.Parse(data)
	if err != nil {
		panic("printer: embedded font: " + err.Error())
	}
	return f
}
