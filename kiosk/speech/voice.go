package speech

import (
	"context"
	"errors"
	"fmt"

	"motcua/display/announce"
)

// Voice speaks a sentence through a synthesiser and a player: espeak-ng
// and the sound card on a kiosk, fakes in tests. It satisfies the kiosk's
// Speaker.
type Voice struct {
	Synth  announce.Synth
	Player announce.Player
}

// NewVoice is the kiosk's real voice: espeak-ng's Vietnamese voice on the
// default sound card. It fails, wrapping announce.ErrNoEspeak or
// announce.ErrNoAudioOutput, when either is missing (or the program was
// built without the "oto" tag), so the kiosk shows no button that could
// not speak.
func NewVoice() (*Voice, error) {
	synth, err := announce.NewEspeakSynth()
	if err != nil {
		return nil, err
	}
	player, err := announce.NewOtoPlayer(0, 0)
	if err != nil {
		return nil, err
	}
	return &Voice{Synth: synth, Player: player}, nil
}

// Speak synthesises text and plays it, returning when it has been said or
// as soon as ctx is done (the citizen tapped again or left the screen).
func (v *Voice) Speak(ctx context.Context, text string) error {
	if v == nil || v.Synth == nil || v.Player == nil {
		return errors.New("speech: no voice")
	}
	clip, err := v.Synth.Speak(ctx, text)
	if err != nil {
		return fmt.Errorf("speech: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return v.Player.Play(ctx, clip)
}
