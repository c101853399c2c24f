package printer

import (
	"strings"
	"unicode"
)

// Vietnamese text often arrives decomposed ("Unicode tổ hợp": a base letter
// followed by combining marks), as some input methods and Word documents
// produce it. The ticket renderer draws one glyph per rune without mark
// positioning, so decomposed marks would collide or float. composeVietnamese
// rebuilds the precomposed letters; golang.org/x/text/unicode/norm would do
// it generally but is not a dependency of this module, and Vietnamese needs
// only this small table.

// toneForms lists each vowel followed by its five tones in toneMarks order.
var toneForms = []string{
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
}

// toneMarks are the combining tone marks: grave, acute, hook above, tilde,
// dot below.
var toneMarks = []rune{'\u0300', '\u0301', '\u0309', '\u0303', '\u0323'}

// shapeMarks turn a plain vowel into ă, â, ê, ô, ơ, ư (and đ from d, which
// some keyboards type as d + combining short stroke).
var shapeMarks = map[[2]rune]rune{
	{'a', '\u0306'}: 'ă', {'a', '\u0302'}: 'â', {'e', '\u0302'}: 'ê',
	{'o', '\u0302'}: 'ô', {'o', '\u031B'}: 'ơ', {'u', '\u031B'}: 'ư',
	{'d', '\u0335'}: 'đ',
}

// toned maps a lower-case (vowel, tone mark) pair to the precomposed letter.
var toned = buildToned()

func buildToned() map[[2]rune]rune {
	m := make(map[[2]rune]rune)
	for _, forms := range toneForms {
		rs := []rune(forms)
		for i, mark := range toneMarks {
			m[[2]rune{rs[0], mark}] = rs[i+1]
		}
	}
	return m
}

// composeVietnamese returns s with every Vietnamese letter precomposed and
// control characters other than newline removed. Unknown combinations are
// kept as they are.
func composeVietnamese(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r, n := composeAt(rs[i:])
		i += n
		if r == '\n' || !unicode.IsControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// composeAt folds the combining marks that follow rs[0] into it and reports
// how many runes it consumed. It stops at the first mark it cannot fold, so
// that mark stays visible rather than being dropped.
func composeAt(rs []rune) (rune, int) {
	base, n := rs[0], 1
	for ; n < len(rs) && unicode.Is(unicode.Mn, rs[n]); n++ {
		next, ok := fold(base, rs[n])
		if !ok {
			break
		}
		base = next
	}
	return base, n
}

// fold combines one mark with a letter that may already carry a shape or
// tone mark; dot below often comes before the circumflex in canonical order.
func fold(base, mark rune) (rune, bool) {
	lower := unicode.ToLower(base)
	upper := base != lower
	plain, tone := untone(lower)
	var out rune
	if shaped, ok := shapeMarks[[2]rune{plain, mark}]; ok {
		out = shaped
		if tone != 0 {
			out = toned[[2]rune{shaped, tone}]
		}
	} else if t, ok := toned[[2]rune{plain, mark}]; ok && tone == 0 {
		out = t
	}
	if out == 0 {
		return base, false
	}
	if upper {
		out = unicode.ToUpper(out)
	}
	return out, true
}

// untone splits a lower-case letter into its untoned form and tone mark.
func untone(r rune) (rune, rune) {
	for _, forms := range toneForms {
		rs := []rune(forms)
		for i, f := range rs[1:] {
			if f == r {
				return rs[0], toneMarks[i]
			}
		}
	}
	return r, 0
}
