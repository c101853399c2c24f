package announce

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Clip is a piece of 16-bit PCM audio in memory. Announcements are short
// (seconds), so holding them whole keeps players and synthesisers simple and
// lets the queue know exactly what it is about to play.
type Clip struct {
	// SampleRate is in frames per second, e.g. 22050.
	SampleRate int
	// Channels is 1 for mono, 2 for stereo.
	Channels int
	// Samples are interleaved by channel: frame i holds
	// Samples[i*Channels : (i+1)*Channels].
	Samples []int16
}

// errBadClip is wrapped by every format complaint about a Clip.
var errBadClip = errors.New("announce: invalid clip")

// Duration is how long the clip sounds, so a queue or a fake player can
// account for time without playing it.
func (c Clip) Duration() time.Duration {
	if c.SampleRate <= 0 || c.Channels <= 0 {
		return 0
	}
	frames := int64(len(c.Samples) / c.Channels)
	return time.Duration(frames * int64(time.Second) / int64(c.SampleRate))
}

func (c Clip) validate() error {
	switch {
	case c.SampleRate < 1000 || c.SampleRate > 384000:
		return fmt.Errorf("%w: sample rate %d", errBadClip, c.SampleRate)
	case c.Channels < 1 || c.Channels > 8:
		return fmt.Errorf("%w: %d channels", errBadClip, c.Channels)
	case len(c.Samples)%c.Channels != 0:
		return fmt.Errorf("%w: %d samples is not whole frames", errBadClip, len(c.Samples))
	}
	return nil
}

func (c Clip) frames() int { return len(c.Samples) / c.Channels }

// withVolume scales the clip to percent of its loudness (0 silences it,
// 100 or more leaves it as is), so the centre's volume setting applies the
// same way to every player.
func (c Clip) withVolume(percent int) Clip {
	if percent >= 100 {
		return c
	}
	gain := math.Max(0, float64(percent)) / 100
	out := c
	out.Samples = make([]int16, len(c.Samples))
	for i, s := range c.Samples {
		out.Samples[i] = int16(math.Round(float64(s) * gain))
	}
	return out
}

// convert resamples (linearly) and remixes the clip to rate and channels,
// because an audio device is opened once with one format while espeak-ng,
// the chime and WAV files may each bring another.
func (c Clip) convert(rate, channels int) Clip {
	if c.SampleRate == rate && c.Channels == channels {
		return c
	}
	return c.remix(channels).resample(rate)
}

func (c Clip) remix(channels int) Clip {
	if c.Channels == channels {
		return c
	}
	out := Clip{SampleRate: c.SampleRate, Channels: channels}
	out.Samples = make([]int16, c.frames()*channels)
	for f := range c.frames() {
		frame := c.Samples[f*c.Channels : (f+1)*c.Channels]
		for ch := range channels {
			out.Samples[f*channels+ch] = mixChannel(frame, ch, channels)
		}
	}
	return out
}

// mixChannel picks output channel ch from one input frame: a mono output is
// the average of all inputs; otherwise inputs are repeated in turn.
func mixChannel(frame []int16, ch, channels int) int16 {
	if channels > 1 {
		return frame[ch%len(frame)]
	}
	sum := 0
	for _, s := range frame {
		sum += int(s)
	}
	return int16(sum / len(frame))
}

func (c Clip) resample(rate int) Clip {
	if c.SampleRate == rate || c.frames() == 0 {
		out := c
		out.SampleRate = rate
		return out
	}
	n := int(int64(c.frames()) * int64(rate) / int64(c.SampleRate))
	out := Clip{SampleRate: rate, Channels: c.Channels, Samples: make([]int16, n*c.Channels)}
	last := c.frames() - 1
	for f := range n {
		pos := float64(f) * float64(c.SampleRate) / float64(rate)
		i := min(int(pos), last)
		j, frac := min(i+1, last), pos-float64(i)
		for ch := range c.Channels {
			a, b := float64(c.Samples[i*c.Channels+ch]), float64(c.Samples[j*c.Channels+ch])
			out.Samples[f*c.Channels+ch] = int16(math.Round(a + (b-a)*frac))
		}
	}
	return out
}
