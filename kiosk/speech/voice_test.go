package speech

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/display/announce"
	"motcua/server/contract"
)

type fakeSynth struct {
	said []string
	err  error
}

func (s *fakeSynth) Speak(ctx context.Context, text string) (announce.Clip, error) {
	s.said = append(s.said, text)
	return announce.Clip{SampleRate: 16000, Channels: 1, Samples: make([]int16, 1600)}, s.err
}

// blockingPlayer plays until ctx ends, like a long sentence cut short.
type blockingPlayer struct{ started chan announce.Clip }

func (p *blockingPlayer) Play(ctx context.Context, c announce.Clip) error {
	p.started <- c
	<-ctx.Done()
	return ctx.Err()
}

func TestVoiceSynthesisesThenPlaysUntilCancelled(t *testing.T) {
	synth := &fakeSynth{}
	player := &blockingPlayer{started: make(chan announce.Clip, 1)}
	v := &Voice{Synth: synth, Player: player}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stop, halt := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- v.Speak(stop, "Xin chào") }()
	select {
	case c := <-player.started:
		if c.Duration() != 100*time.Millisecond {
			t.Errorf("played %v, want the synthesised 100ms", c.Duration())
		}
	case <-ctx.Done():
		t.Fatal("nothing played")
	}
	halt()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Speak after cancel = %v, want context.Canceled", err)
		}
	case <-ctx.Done():
		t.Fatal("Speak did not return after cancel")
	}
	if len(synth.said) != 1 || synth.said[0] != "Xin chào" {
		t.Errorf("synthesised %q", synth.said)
	}
}

func TestVoiceReportsSynthFailureWithoutPlaying(t *testing.T) {
	player := &blockingPlayer{started: make(chan announce.Clip, 1)}
	v := &Voice{Synth: &fakeSynth{err: announce.ErrNoEspeak}, Player: player}
	if err := v.Speak(context.Background(), "x"); !errors.Is(err, announce.ErrNoEspeak) {
		t.Errorf("Speak = %v, want ErrNoEspeak", err)
	}
	if len(player.started) != 0 {
		t.Error("a failed synthesis was played")
	}
	var none *Voice
	if err := none.Speak(context.Background(), "x"); err == nil {
		t.Error("a nil voice spoke")
	}
}

// TestEspeakReadsTheTicket synthesises a ticket sentence with the real
// espeak-ng Vietnamese voice and checks that the speech is plausible: as
// long as the words take at the configured speed (within a factor of
// two), and mostly sound, not silence. sox, when installed, reads the WAV
// back as an independent check of its length.
func TestEspeakReadsTheTicket(t *testing.T) {
	synth, err := announce.NewEspeakSynth()
	if err != nil {
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	text := Ticket(contract.Ticket{Number: "A006", Position: 4, Priority: contract.PriorityElderly}, marriage, []int{6})
	clip, err := synth.Speak(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	words := len(strings.Fields(text))
	expected := time.Duration(words) * time.Minute / announce.DefaultEspeakSpeed
	if d := clip.Duration(); d < expected/2 || d > 2*expected {
		t.Errorf("%d words last %v, want about %v at %d words a minute", words, d, expected, announce.DefaultEspeakSpeed)
	}
	if voiced := voicedShare(clip); voiced < 0.5 {
		t.Errorf("only %.0f%% of 20 ms windows carry sound", 100*voiced)
	}
	if peak := peak(clip); peak < 3000 {
		t.Errorf("peak amplitude %d is too quiet for speech", peak)
	}
	t.Logf("%d words, %v, %.0f%% voiced: %s", words, clip.Duration(), 100*voicedShare(clip), text)
	checkWithSox(t, clip)
}

// voicedShare is the share of 20 ms windows whose RMS is above a whisper.
func voicedShare(c announce.Clip) float64 {
	win := c.SampleRate * c.Channels / 50
	var windows, voiced int
	for i := 0; i+win <= len(c.Samples); i += win {
		var sum float64
		for _, s := range c.Samples[i : i+win] {
			sum += float64(s) * float64(s)
		}
		windows++
		if math.Sqrt(sum/float64(win)) > 300 {
			voiced++
		}
	}
	if windows == 0 {
		return 0
	}
	return float64(voiced) / float64(windows)
}

func peak(c announce.Clip) int {
	p := 0
	for _, s := range c.Samples {
		p = max(p, int(math.Abs(float64(s))))
	}
	return p
}

func checkWithSox(t *testing.T, c announce.Clip) {
	t.Helper()
	sox, err := exec.LookPath("sox")
	if err != nil {
		return
	}
	var wav bytes.Buffer
	if err := announce.EncodeWAV(&wav, c); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ticket.wav")
	if err := os.WriteFile(path, wav.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sox, "--i", "-D", path).Output()
	if err != nil {
		t.Fatalf("sox --i: %v", err)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("sox --i -D said %q", out)
	}
	if diff := math.Abs(secs - c.Duration().Seconds()); diff > 0.01 {
		t.Errorf("sox reads %.3f s, the clip is %v", secs, c.Duration())
	}
}
