package touch

import (
	"testing"
	"unicode/utf8"
)

// TestClamp cuts by lines of measured width, never in a word, and leaves
// text that fits alone.
func TestClamp(t *testing.T) {
	runes := func(s string) float32 { return float32(utf8.RuneCountInString(s)) }
	for _, c := range []struct {
		in   string
		n    int
		w    float32
		want string
	}{
		{"aa bb cc dd ee", 2, 5, "aa bb cc…"},
		{"aa bb cc dd ee", 2, 6, "aa bb cc dd…"},
		{"aa bb cc dd", 2, 5, "aa bb cc dd"},
		{"chứng thực bản sao", 1, 12, "chứng thực…"},
		{"chứng thực", 3, 4, "chứng thực"},
		{"", 2, 5, ""},
	} {
		if got := Clamp(c.in, c.n, runes, c.w); got != c.want {
			t.Errorf("Clamp(%q, %d, %v) = %q, want %q", c.in, c.n, c.w, got, c.want)
		}
	}
}
