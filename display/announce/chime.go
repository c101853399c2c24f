package announce

import (
	"math"
	"time"
)

// ChimeSampleRate is the rate of the generated chimes; it matches espeak-ng's
// output so a player never has to resample between chime and speech.
const ChimeSampleRate = 22050

// bellNote is one struck note of a chime.
type bellNote struct {
	freq  float64       // fundamental, Hz
	start time.Duration // onset within the clip
	decay time.Duration // time constant of the exponential fade
}

// Chime returns the two-tone "ding-dong" (E5 then C5, about 1.2 s, 16-bit
// mono at ChimeSampleRate) played before every call. It is generated rather
// than shipped so the board needs no audio files and sounds the same on
// every install.
func Chime() Clip {
	return bell(1200*time.Millisecond, 0.7,
		bellNote{freq: 659.25, start: 0, decay: 300 * time.Millisecond},
		bellNote{freq: 523.25, start: 450 * time.Millisecond, decay: 350 * time.Millisecond},
	)
}

// ShortChime returns a single soft "ding" (about 0.5 s) for quiet hours,
// when a call should be noticed by those waiting without filling the room.
func ShortChime() Clip {
	return bell(500*time.Millisecond, 0.35,
		bellNote{freq: 659.25, start: 0, decay: 150 * time.Millisecond},
	)
}

// bell mixes the notes into a clip of length d whose loudest sample is peak
// of full scale.
func bell(d time.Duration, peak float64, notes ...bellNote) Clip {
	n := int(d.Seconds() * ChimeSampleRate)
	mix := make([]float64, n)
	for _, note := range notes {
		addNote(mix, note)
	}
	fadeOut(mix, ChimeSampleRate/50)
	return Clip{SampleRate: ChimeSampleRate, Channels: 1, Samples: normalise(mix, peak)}
}

// addNote adds a bell-like tone: a fundamental with two softer overtones, a
// short attack (no click) and an exponential decay.
func addNote(mix []float64, note bellNote) {
	first := int(note.start.Seconds() * ChimeSampleRate)
	attack := ChimeSampleRate / 200
	for i := first; i < len(mix); i++ {
		t := float64(i-first) / ChimeSampleRate
		env := math.Exp(-t / note.decay.Seconds())
		if k := i - first; k < attack {
			env *= float64(k) / float64(attack)
		}
		w := 2 * math.Pi * note.freq * t
		mix[i] += env * (math.Sin(w) + 0.3*math.Sin(2*w) + 0.1*math.Sin(3*w))
	}
}

// fadeOut ramps the last n samples to zero so the clip ends without a click.
func fadeOut(mix []float64, n int) {
	n = min(n, len(mix))
	for k := range n {
		mix[len(mix)-1-k] *= float64(k) / float64(n)
	}
}

func normalise(mix []float64, peak float64) []int16 {
	top := 0.0
	for _, v := range mix {
		top = math.Max(top, math.Abs(v))
	}
	out := make([]int16, len(mix))
	if top == 0 {
		return out
	}
	scale := peak * math.MaxInt16 / top
	for i, v := range mix {
		out[i] = int16(math.Round(v * scale))
	}
	return out
}
