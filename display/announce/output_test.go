package announce

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestPCMBytesLittleEndian(t *testing.T) {
	got := pcmBytes(Clip{SampleRate: 8000, Channels: 1, Samples: []int16{1, -2, 0x1234}})
	if want := []byte{1, 0, 0xfe, 0xff, 0x34, 0x12}; !slices.Equal(got, want) {
		t.Errorf("got % x", got)
	}
}

// TestOtoPlayerFallsBack checks the contract the board relies on: either a
// working player or an error wrapping ErrNoAudioOutput, never a panic.
func TestOtoPlayerFallsBack(t *testing.T) {
	p, err := NewOtoPlayer(0, 0)
	if err != nil {
		if !errors.Is(err, ErrNoAudioOutput) {
			t.Fatalf("err = %v, want ErrNoAudioOutput", err)
		}
		t.Logf("no audio output: %v", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Play(ctx, ShortChime()); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("Play = %v", err)
	}
	start := time.Now()
	if err := p.Play(context.Background(), ShortChime()); err != nil {
		t.Errorf("Play = %v", err)
	}
	t.Logf("played %v of chime in %v", ShortChime().Duration(), time.Since(start))
}
