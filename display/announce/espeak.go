package announce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ErrNoEspeak means espeak-ng is not installed; the board should then
// announce with the chime alone (a nil Synth) rather than fail.
var ErrNoEspeak = errors.New("announce: espeak-ng not found")

const (
	// DefaultEspeakSpeed is slower than espeak-ng's 175 words a minute,
	// because a call must be understood across a noisy waiting room.
	DefaultEspeakSpeed = 140
	// DefaultEspeakTimeout bounds one run of espeak-ng; a sentence takes
	// well under a second to synthesise on the board's hardware.
	DefaultEspeakTimeout = 10 * time.Second
)

// EspeakSynth is a Synth that runs the espeak-ng program, the free
// Vietnamese voice available as a Debian package, so the board speaks
// without a network service. The text is passed as one argument, never
// through a shell, so nothing in a template can run a command.
type EspeakSynth struct {
	// Path is the espeak-ng executable.
	Path string
	// Voice is the espeak-ng voice, "vi" for Vietnamese.
	Voice string
	// Speed is in words per minute; zero means DefaultEspeakSpeed.
	Speed int
	// Timeout bounds one synthesis; zero means DefaultEspeakTimeout.
	Timeout time.Duration
}

// NewEspeakSynth finds espeak-ng on PATH and returns a Vietnamese synth, or
// an error wrapping ErrNoEspeak so the caller can fall back to chime only.
func NewEspeakSynth() (*EspeakSynth, error) {
	path, err := exec.LookPath("espeak-ng")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoEspeak, err)
	}
	return &EspeakSynth{Path: path, Voice: "vi", Speed: DefaultEspeakSpeed, Timeout: DefaultEspeakTimeout}, nil
}

// Speak runs espeak-ng -v <voice> -s <speed> --stdout -- <text> and decodes
// the WAV it writes. The "--" keeps a text starting with "-" from being
// taken as an option. A nil *EspeakSynth (from a failed NewEspeakSynth)
// fails with ErrNoEspeak instead of crashing the board.
func (s *EspeakSynth) Speak(ctx context.Context, text string) (Clip, error) {
	if s == nil {
		return Clip{}, ErrNoEspeak
	}
	if strings.TrimSpace(text) == "" {
		return Clip{}, errors.New("espeak-ng: nothing to say")
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, s.Path, s.args(text)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second // do not wait on pipes held by a killed child
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return Clip{}, fmt.Errorf("espeak-ng: %w: %s", err, firstLine(stderr.String()))
	}
	clip, err := DecodeWAV(&stdout)
	if err != nil {
		return Clip{}, fmt.Errorf("espeak-ng output: %w", err)
	}
	return clip, nil
}

func (s *EspeakSynth) args(text string) []string {
	voice, speed := s.Voice, s.Speed
	if voice == "" {
		voice = "vi"
	}
	if speed <= 0 {
		speed = DefaultEspeakSpeed
	}
	return []string{"-v", voice, "-s", strconv.Itoa(speed), "--stdout", "--", text}
}

func (s *EspeakSynth) timeout() time.Duration {
	if s.Timeout <= 0 {
		return DefaultEspeakTimeout
	}
	return s.Timeout
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
