// Package vnkbd is the kiosk's on-screen Vietnamese keyboard. Fyne has no
// on-screen keyboard on the desktop, and a kiosk has no physical one, so the
// kiosk draws its own: Latin letters and digits, dedicated keys for ă â đ ê
// ô ơ ư and the five tone marks, and Telex composing (aa → â, dd → đ,
// ow → ơ, s/f/r/x/j → tones) for those who already type Vietnamese on a
// phone.
//
// The composing rules are plain functions on strings, tested without any
// user interface.
package vnkbd

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Tone is a Vietnamese tone mark. ToneNone removes a tone.
type Tone rune

// The tones, as combining marks.
const (
	ToneNone  Tone = 0
	ToneAcute Tone = '\u0301' // sắc
	ToneGrave Tone = '\u0300' // huyền
	ToneHook  Tone = '\u0309' // hỏi
	ToneTilde Tone = '\u0303' // ngã
	ToneDot   Tone = '\u0323' // nặng
)

// Shape marks that make a new letter of a vowel.
const (
	circumflex = '\u0302'
	breve      = '\u0306'
	horn       = '\u031B'
)

// letter is one written letter split into its base, its shape mark and its
// tone, so marks can be changed independently.
type letter struct {
	base  rune
	shape rune
	tone  Tone
}

func split(s string) []letter {
	var out []letter
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == circumflex || r == breve || r == horn:
			if len(out) > 0 {
				out[len(out)-1].shape = r
			}
		case Tone(r) == ToneAcute || Tone(r) == ToneGrave || Tone(r) == ToneHook || Tone(r) == ToneTilde || Tone(r) == ToneDot:
			if len(out) > 0 {
				out[len(out)-1].tone = Tone(r)
			}
		default:
			out = append(out, letter{base: r})
		}
	}
	return out
}

func join(ls []letter) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteRune(l.base)
		if l.shape != 0 {
			b.WriteRune(l.shape)
		}
		if l.tone != ToneNone {
			b.WriteRune(rune(l.tone))
		}
	}
	return norm.NFC.String(b.String())
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouyAEIOUY", r) }

// lastWord splits s into everything before its last word and that word.
func lastWord(s string) (head, word string) {
	i := strings.LastIndexAny(s, " ,.-")
	return s[:i+1], s[i+1:]
}

// vowelCluster returns the start and end (exclusive) of the last run of
// vowels in w, skipping the u of "qu" and the i of "gi" before another vowel,
// which belong to the consonant.
func vowelCluster(w []letter) (int, int) {
	end := -1
	for i := len(w) - 1; i >= 0; i-- {
		if isVowel(w[i].base) {
			end = i + 1
			break
		}
	}
	if end < 0 {
		return -1, -1
	}
	start := end - 1
	for start > 0 && isVowel(w[start-1].base) {
		start--
	}
	if end-start > 1 && start > 0 {
		prev, first := lower(w[start-1].base), lower(w[start].base)
		if (prev == 'q' && first == 'u') || (prev == 'g' && first == 'i') {
			start++
		}
	}
	return start, end
}

func lower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// toneIndex chooses the vowel that carries the tone: a shaped vowel (ơ in
// "ươ"), else the last vowel before a final consonant, else the middle of
// three or the first of two ("hòa", "thủy").
func toneIndex(w []letter) int {
	start, end := vowelCluster(w)
	if start < 0 {
		return -1
	}
	for i := end - 1; i >= start; i-- {
		if w[i].shape != 0 {
			return i
		}
	}
	switch n := end - start; {
	case n == 1 || end < len(w):
		return end - 1
	case n == 3:
		return start + 1
	}
	return start
}

// SetTone puts tone on the right vowel of the last word of s, replacing any
// tone it had. It reports false when the word has no vowel to carry it.
func SetTone(s string, tone Tone) (string, bool) {
	head, word := lastWord(s)
	w := split(word)
	i := toneIndex(w)
	if i < 0 {
		return s, false
	}
	for j := range w {
		w[j].tone = ToneNone
	}
	w[i].tone = tone
	return head + join(w), true
}

// shapeFor is the shape a Telex key gives a vowel: aa → â, aw → ă, …
func shapeFor(key, base rune) rune {
	switch {
	case key == 'w' && (base == 'a'):
		return breve
	case key == 'w' && (base == 'o' || base == 'u'):
		return horn
	case key == base && (base == 'a' || base == 'e' || base == 'o'):
		return circumflex
	}
	return 0
}

// SetShape changes the last vowel of s that can take shape into the shaped
// letter (a → â with circumflex, o → ơ with horn, …), keeping its tone. For
// "uo" a horn goes on both ("ươ"). It reports false when nothing changed.
func SetShape(s string, shape rune) (string, bool) {
	head, word := lastWord(s)
	w := split(word)
	start, end := vowelCluster(w)
	if start < 0 {
		return s, false
	}
	for i := end - 1; i >= start; i-- {
		b := lower(w[i].base)
		ok := (shape == circumflex && (b == 'a' || b == 'e' || b == 'o')) ||
			(shape == breve && b == 'a') || (shape == horn && (b == 'o' || b == 'u'))
		if !ok {
			continue
		}
		w[i].shape = shape
		if shape == horn && b == 'o' && i > start && lower(w[i-1].base) == 'u' {
			w[i-1].shape = horn
		}
		return head + join(w), true
	}
	return s, false
}

var telexTones = map[rune]Tone{'s': ToneAcute, 'f': ToneGrave, 'r': ToneHook, 'x': ToneTilde, 'j': ToneDot, 'z': ToneNone}

// Telex adds key to s the way Telex typing does: a doubled vowel or a w
// shapes the vowel, dd makes đ, s f r x j put a tone and z removes it. A key
// that changes nothing is simply appended, so "ban sao" can be typed
// letter by letter; pressing a tone key twice undoes the tone and types the
// letter.
func Telex(s string, key rune) string {
	k := lower(key)
	head, word := lastWord(s)
	w := split(word)
	if len(w) == 0 {
		if k == 'w' {
			return s + "ư"
		}
		return s + string(key)
	}
	last := w[len(w)-1]
	switch {
	case k == 'd' && lower(last.base) == 'd' && last.shape == 0 && len(w) == 1:
		return head + string(map[bool]rune{true: 'Đ', false: 'đ'}[last.base == 'D'])
	case k == 'a' || k == 'e' || k == 'o' || k == 'w':
		return telexShape(s, head, w, key, k)
	}
	if tone, ok := telexTones[k]; ok {
		return telexTone(s, w, key, tone)
	}
	return s + string(key)
}

func telexShape(s, head string, w []letter, key, k rune) string {
	start, end := vowelCluster(w)
	if start >= 0 {
		for i := end - 1; i >= start; i-- {
			shape := shapeFor(k, lower(w[i].base))
			if shape == 0 {
				continue
			}
			if w[i].shape == shape { // typed twice: undo and keep the letter
				w[i].shape = 0
				return head + join(w) + string(key)
			}
			if out, ok := SetShape(s, shape); ok {
				return out
			}
		}
	}
	if k == 'w' {
		return s + "ư"
	}
	return s + string(key)
}

func telexTone(s string, w []letter, key rune, tone Tone) string {
	i := toneIndex(w)
	if i < 0 || (tone == ToneNone && !hasTone(w)) {
		return s + string(key)
	}
	if w[i].tone == tone && tone != ToneNone {
		out, _ := SetTone(s, ToneNone)
		return out + string(key)
	}
	out, _ := SetTone(s, tone)
	return out
}

func hasTone(w []letter) bool {
	for _, l := range w {
		if l.tone != ToneNone {
			return true
		}
	}
	return false
}

// Backspace removes the last letter of s with all its marks.
func Backspace(s string) string {
	rs := []rune(norm.NFC.String(s))
	if len(rs) == 0 {
		return s
	}
	return string(rs[:len(rs)-1])
}
