//go:build !oto

package announce

import (
	"context"
	"fmt"
)

// OtoPlayer plays through the sound card when the board is built with
// -tags oto. This build has no such support (it needs cgo and ALSA
// headers), so the type exists only to keep callers compiling.
type OtoPlayer struct{}

// NewOtoPlayer always fails with ErrNoAudioOutput in builds without the
// "oto" tag, so the board falls back to silence exactly as it does on a
// machine with no sound card.
func NewOtoPlayer(sampleRate, channels int) (*OtoPlayer, error) {
	return nil, fmt.Errorf("%w: built without the oto tag", ErrNoAudioOutput)
}

// Play fails with ErrNoAudioOutput: there is no device to play on.
func (p *OtoPlayer) Play(ctx context.Context, c Clip) error {
	return ErrNoAudioOutput
}
