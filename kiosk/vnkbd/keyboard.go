package vnkbd

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/touch"
)

// Labels of the keys that are not letters. Space and Clear are given by
// the caller in its language.
const (
	KeyBackspace = "⌫"
)

// toneKeys show the tone on an "a" so a reader sees at once what the key
// does, whatever they call the tone.
var toneKeys = []struct {
	label string
	tone  Tone
}{{"á", ToneAcute}, {"à", ToneGrave}, {"ả", ToneHook}, {"ã", ToneTilde}, {"ạ", ToneDot}}

var shapeKeys = []struct {
	label string
	shape rune
}{{"ă", breve}, {"â", circumflex}, {"ê", circumflex}, {"ô", circumflex}, {"ơ", horn}, {"ư", horn}}

// letterRows are the rows of plain keys, as on a phone: digits, then
// QWERTY with "đ" closing the home row, then z…m with backspace where a
// phone has it.
var letterRows = []string{"1234567890", "qwertyuiop", "asdfghjklđ", "zxcvbnm"}

// Keyboard is an on-screen keyboard that edits an Entry. It never takes
// the focus, so no system keyboard is asked for either.
type Keyboard struct {
	// Telex turns Telex composing on (the default for Vietnamese).
	Telex bool
	// OnKey runs after every key, for the kiosk's idle timer.
	OnKey func()

	entry    *widget.Entry
	content  fyne.CanvasObject
	textSize fyne.ThemeSizeName  // the keys' label size
	lines    []fyne.CanvasObject // the rows of keys, digits first
	keys     map[string]*touch.Tile
	raw      []rune // the letters as typed, before Telex composed them
}

// New builds a keyboard for entry. space and clear label the space bar and
// the clear key in the kiosk's language.
//
// The keyboard is seven rows of keys that share out whatever height and
// width it is given, so it fits half of a landscape screen beside a list
// with every key at least touch.MinTarget on each side: the Vietnamese
// vowels and the tones have rows of their own instead of squeezing
// thirteen keys into one row.
func New(entry *widget.Entry, space, clear string) *Keyboard {
	k := &Keyboard{Telex: true, entry: entry, keys: map[string]*touch.Tile{}, textSize: theme.SizeNameSubHeadingText}
	var lines []fyne.CanvasObject
	for i, row := range letterRows {
		var objs []fyne.CanvasObject
		for _, r := range row {
			objs = append(objs, k.key(string(r), k.letterFunc(r)))
		}
		if i < len(letterRows)-1 {
			lines = append(lines, k.keyRow(objs...))
			continue
		}
		bs := k.special(KeyBackspace, func() {
			if n := len(k.raw); n > 0 {
				k.raw = k.raw[:n-1]
			}
			k.set(Backspace(k.entry.Text))
		})
		weights := make([]float32, len(objs)+1)
		for j := range objs {
			weights[j] = 1
		}
		weights[len(objs)] = float32(len(letterRows[0]) - len(objs)) // backspace fills the row
		lines = append(lines, k.weightedRow(weights, append(objs, bs)...))
	}
	var shapes, tones []fyne.CanvasObject
	for _, sk := range shapeKeys {
		shapes = append(shapes, k.key(sk.label, k.shapeFunc(sk.label, sk.shape)))
	}
	for _, tk := range toneKeys {
		tones = append(tones, k.special(tk.label, k.toneFunc(tk.tone)))
	}
	sp := k.key(space, func() { k.raw = append(k.raw, ' '); k.set(k.entry.Text + " ") })
	clr := k.special(clear, func() { k.raw = nil; k.set("") })
	lines = append(lines, k.keyRow(shapes...), k.keyRow(tones...), k.weightedRow([]float32{2, 1}, sp, clr))
	k.lines = lines
	k.content = container.NewGridWithRows(len(lines), lines...)
	return k
}

// HideDigits takes the row of digits away, for a screen too short for
// seven rows of touch-sized keys (1366×768): procedures are found by
// name, and a code's digits are the least needed keys. Call it before
// Content.
func (k *Keyboard) HideDigits() {
	k.content = container.NewGridWithRows(len(k.lines)-1, k.lines[1:]...)
}

// SetTextSize sets the theme size of the keys' labels (subheading by
// default). A kiosk whose citizen chose very large text keeps the keys a
// little smaller than the rest, so that seven rows of keys still fit a
// short screen: a key's one letter is easy to see at any size.
func (k *Keyboard) SetTextSize(n fyne.ThemeSizeName) {
	k.textSize = n
	for _, t := range k.keys {
		t.TextSize = n
		t.Refresh()
	}
}

// Content is the keyboard to place on a screen.
func (k *Keyboard) Content() fyne.CanvasObject { return k.content }

// Raw is what the citizen typed with Telex composition undone: "khaisinh"
// where Telex made "kháiinh" of it. A search looks for both, since many
// people type without knowing that "s" after a vowel is a tone mark.
func (k *Keyboard) Raw() string { return string(k.raw) }

// Reset starts the raw letters over from text, for an entry whose text is
// set from outside the keyboard (a screen redrawn with its query).
func (k *Keyboard) Reset(text string) { k.raw = []rune(text) }

// Key returns the key with the given label, for tests that type by tapping.
func (k *Keyboard) Key(label string) *touch.Tile { return k.keys[label] }

func (k *Keyboard) key(label string, fn func()) *touch.Tile {
	t := touch.New(label, "", fn)
	t.Fill, t.Ink, t.Centre, t.TextSize = theme.ColorNameButton, theme.ColorNameForeground, true, k.textSize
	k.keys[label] = t
	return t
}

func (k *Keyboard) special(label string, fn func()) *touch.Tile {
	t := k.key(label, fn)
	t.Fill, t.Ink = theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
	return t
}

func (k *Keyboard) set(s string) {
	k.entry.SetText(s)
	if k.OnKey != nil {
		k.OnKey()
	}
}

// letterFunc makes the key for r: Telex composes letters ("aa" → "â",
// "s" → acute), but "đ" and digits are typed as they are.
func (k *Keyboard) letterFunc(r rune) func() {
	return func() {
		k.raw = append(k.raw, r)
		if k.Telex && r != 'đ' {
			k.set(Telex(k.entry.Text, r))
			return
		}
		k.set(k.entry.Text + string(r))
	}
}

// shapeFunc makes the dedicated key for a shaped vowel: it reshapes the
// last vowel when it is the same letter unshaped ("a" + ă → "ă") and
// otherwise types the letter itself.
func (k *Keyboard) shapeFunc(label string, shape rune) func() {
	return func() {
		s := k.entry.Text
		_, word := lastWord(s)
		w := split(word)
		if n := len(w); n > 0 && w[n-1].shape == 0 && string(w[n-1].base) == string(split(label)[0].base) {
			if out, ok := SetShape(s, shape); ok {
				k.set(out)
				return
			}
		}
		k.raw = append(k.raw, []rune(label)...)
		k.set(s + label)
	}
}

func (k *Keyboard) toneFunc(tone Tone) func() {
	return func() {
		if out, ok := SetTone(k.entry.Text, tone); ok {
			k.set(out)
		}
	}
}
