package announce

import (
	"math"
	"testing"
	"time"
)

// power is the Goertzel power of freq in s, to check which note sounds.
func power(s []int16, rate int, freq float64) float64 {
	k := 2 * math.Cos(2*math.Pi*freq/float64(rate))
	var s1, s2 float64
	for _, x := range s {
		s1, s2 = float64(x)+k*s1-s2, s1
	}
	return s1*s1 + s2*s2 - k*s1*s2
}

func peak(s []int16) int {
	top := 0
	for _, x := range s {
		top = max(top, abs(int(x)))
	}
	return top
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestChimeFormat(t *testing.T) {
	c := Chime()
	if c.SampleRate != ChimeSampleRate || c.Channels != 1 {
		t.Fatalf("format %d Hz × %d", c.SampleRate, c.Channels)
	}
	if d := c.Duration(); d < 1100*time.Millisecond || d > 1300*time.Millisecond {
		t.Errorf("duration %v", d)
	}
	if p := peak(c.Samples); p < 20000 || p > 26000 {
		t.Errorf("peak %d, want about 70%% of full scale", p)
	}
	n := len(c.Samples)
	if c.Samples[0] != 0 || abs(int(c.Samples[n-1])) > 10 {
		t.Errorf("chime starts at %d and ends at %d: clicks", c.Samples[0], c.Samples[n-1])
	}
}

func TestChimeIsDingThenDong(t *testing.T) {
	c := Chime()
	ding := c.Samples[:ChimeSampleRate*4/10]
	dong := c.Samples[ChimeSampleRate*7/10:]
	const e5, c5 = 659.25, 523.25
	if power(ding, ChimeSampleRate, e5) < 10*power(ding, ChimeSampleRate, c5) {
		t.Error("first part is not dominated by the high note")
	}
	if power(dong, ChimeSampleRate, c5) < 10*power(dong, ChimeSampleRate, e5) {
		t.Error("second part is not dominated by the low note")
	}
}

func TestShortChimeIsShortAndSoft(t *testing.T) {
	s, c := ShortChime(), Chime()
	if s.Duration() >= c.Duration()/2 || s.Duration() < 200*time.Millisecond {
		t.Errorf("short chime lasts %v", s.Duration())
	}
	if peak(s.Samples) >= peak(c.Samples)*2/3 {
		t.Errorf("short chime peak %d is not softer than %d", peak(s.Samples), peak(c.Samples))
	}
}

func TestChimeIsDeterministic(t *testing.T) {
	a, b := Chime(), Chime()
	for i := range a.Samples {
		if a.Samples[i] != b.Samples[i] {
			t.Fatalf("sample %d differs", i)
		}
	}
}
