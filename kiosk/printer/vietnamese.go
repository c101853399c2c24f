package printer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese text often arrives decomposed ("Unicode tổ hợp": a base letter
// followed by combining marks), as some input methods and Word documents
// produce it. The ticket renderer draws one glyph per rune without mark
// positioning, so decomposed marks would collide or float. composeVietnamese
// rebuilds the precomposed letters with Unicode normalization form C.

// strokeD folds d + combining short stroke overlay, which some keyboards
// type for đ. Unicode gives đ no canonical decomposition, so NFC leaves the
// pair apart; it is the one Vietnamese letter that needs this.
var strokeD = strings.NewReplacer("d\u0335", "đ", "D\u0335", "Đ")

// composeVietnamese returns s with control characters other than newline
// removed and every Vietnamese letter precomposed. Marks that compose with
// nothing are kept as they are, so they stay visible rather than vanish.
func composeVietnamese(s string) string {
	s = strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strokeD.Replace(norm.NFC.String(s))
}
