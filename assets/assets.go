// Package assets holds the files every motcua program shows the same way:
// the Noto Sans fonts (full Vietnamese coverage, so a ticket prints the same
// whatever fonts a kiosk's system has) and the application icon of the
// kiosk and board windows. It is data only and imports nothing of the
// module, so any program may use it.
package assets

import _ "embed"

var (
	// NotoSansRegular and NotoSansBold are the text fonts (SIL OFL 1.1,
	// see fonts/OFL.txt and fonts/README.md).
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte

	// Icon is the 256×256 window and launcher icon: the yellow star on red.
	//go:embed icon.png
	Icon []byte
)
