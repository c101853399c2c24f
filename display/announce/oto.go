//go:build oto

package announce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
)

// otoOpenTimeout bounds the wait for the device to open, so a board whose
// audio driver hangs starts silent instead of not at all.
const otoOpenTimeout = 5 * time.Second

// oto allows one context per process, so the first NewOtoPlayer opens it
// and every later call shares it (or its failure).
var otoDevice struct {
	once           sync.Once
	ctx            *oto.Context
	rate, channels int
	err            error
}

// OtoPlayer is a Player on the sound card through oto (ALSA on Linux).
// Clips in another format are converted to the device's format, so chime,
// espeak-ng speech and WAV files can be mixed freely.
type OtoPlayer struct {
	ctx            *oto.Context
	rate, channels int
}

// NewOtoPlayer opens the default audio device at sampleRate and channels
// (zero means ChimeSampleRate, mono). It returns an error wrapping
// ErrNoAudioOutput when no device can be opened, so the board can run
// silently. The device is opened once per process: later calls share it
// at its first format, and a failure is final until the board restarts.
func NewOtoPlayer(sampleRate, channels int) (*OtoPlayer, error) {
	if sampleRate <= 0 {
		sampleRate = ChimeSampleRate
	}
	if channels <= 0 {
		channels = 1
	}
	d := &otoDevice
	d.once.Do(func() {
		d.rate, d.channels = sampleRate, channels
		d.ctx, d.err = openOto(sampleRate, channels)
	})
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoAudioOutput, d.err)
	}
	return &OtoPlayer{ctx: d.ctx, rate: d.rate, channels: d.channels}, nil
}

func openOto(rate, channels int) (*oto.Context, error) {
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate: rate, ChannelCount: channels, Format: oto.FormatSignedInt16LE,
	})
	if err != nil {
		return nil, err
	}
	select {
	case <-ready:
	case <-time.After(otoOpenTimeout):
		return nil, errors.New("audio device did not open in time")
	}
	return ctx, ctx.Err()
}

// Play plays c and returns once it has been handed to the device and the
// device's buffer has had time to drain, or at once when ctx is done.
func (p *OtoPlayer) Play(ctx context.Context, c Clip) error {
	if err := c.validate(); err != nil {
		return err
	}
	pl := p.ctx.NewPlayer(bytes.NewReader(pcmBytes(c.convert(p.rate, p.channels))))
	pl.Play()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for pl.IsPlaying() {
		select {
		case <-ctx.Done():
			pl.Pause()
			return ctx.Err()
		case <-tick.C:
		}
	}
	if err := errors.Join(pl.Err(), p.ctx.Err()); err != nil {
		return err
	}
	return p.drain(ctx)
}

// drain waits for the audio still in the device buffer (oto uses two
// periods of 1024 frames on ALSA), so Play returns when the sound ends.
func (p *OtoPlayer) drain(ctx context.Context) error {
	t := time.NewTimer(2048 * time.Second / time.Duration(p.rate))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
