package printer

import (
	_ "embed"
	"sync"

	"golang.org/x/image/font/opentype"
)

// The ticket fonts are Noto Sans Regular and Bold, the same files Fyne
// bundles for the kiosk screen, copied here (see fonts/README.md) because
// importing fyne.io/fyne/v2/theme needs modules this module's go.sum lacks.
// Noto Sans covers every Vietnamese letter, and embedding it means the
// ticket looks the same whatever fonts the kiosk's OS has.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
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
