package announce

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"motcua/server/contract"
)

// fakeEspeak writes a shell script standing in for espeak-ng: it records
// its arguments one per line and prints body (or runs it, when it is a
// command line starting with "exec").
func fakeEspeak(t *testing.T, body string) (*EspeakSynth, string) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	argsFile := filepath.Join(dir, "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + argsFile + "\n" + body + "\n"
	path := filepath.Join(dir, "espeak-ng")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return &EspeakSynth{Path: path, Voice: "vi", Speed: 130}, argsFile
}

func TestEspeakArgumentsAreNotShellParsed(t *testing.T) {
	dir := t.TempDir()
	wav := filepath.Join(dir, "out.wav")
	f, err := os.Create(wav)
	if err != nil {
		t.Fatal(err)
	}
	clip := Clip{SampleRate: 22050, Channels: 1, Samples: []int16{1, 2, 3}}
	if err := EncodeWAV(f, clip); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, argsFile := fakeEspeak(t, "cat "+wav)
	text := `-x "B007"; rm -rf / $(reboot) đến quầy`
	got, err := s.Speak(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Samples, clip.Samples) {
		t.Errorf("decoded %v", got.Samples)
	}
	raw, err := os.ReadFile(argsFile)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-v", "vi", "-s", "130", "--stdout", "--", text}
	if args := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n"); !slices.Equal(args, want) {
		t.Errorf("args %q, want %q", args, want)
	}
}

func TestEspeakDefaults(t *testing.T) {
	got := (&EspeakSynth{}).args("x")
	if want := []string{"-v", "vi", "-s", "140", "--stdout", "--", "x"}; !slices.Equal(got, want) {
		t.Errorf("args %q", got)
	}
}

func TestEspeakTimeout(t *testing.T) {
	s, _ := fakeEspeak(t, "exec sleep 10")
	s.Timeout = 100 * time.Millisecond
	start := time.Now()
	_, err := s.Speak(context.Background(), "xin chào")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestEspeakFailures(t *testing.T) {
	cases := map[string]string{
		"exit status": "echo 'no voice vi' >&2; exit 1",
		"not a WAV":   "echo hello",
	}
	for name, body := range cases {
		s, _ := fakeEspeak(t, body)
		if _, err := s.Speak(context.Background(), "xin chào"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := (&EspeakSynth{Path: "/nonexistent/espeak-ng"}).Speak(context.Background(), "x"); err == nil {
		t.Error("missing program: no error")
	}
	var none *EspeakSynth
	if _, err := none.Speak(context.Background(), "x"); !errors.Is(err, ErrNoEspeak) {
		t.Errorf("nil synth: %v", err)
	}
	if _, err := (&EspeakSynth{Path: "/bin/true"}).Speak(context.Background(), "  "); err == nil {
		t.Error("empty text: no error")
	}
}

func TestNewEspeakSynthWithoutProgram(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := NewEspeakSynth(); !errors.Is(err, ErrNoEspeak) {
		t.Errorf("err = %v", err)
	}
}

// TestEspeakSpeaksVietnamese runs the real espeak-ng when it is installed
// (apt-get install espeak-ng).
func TestEspeakSpeaksVietnamese(t *testing.T) {
	s, err := NewEspeakSynth()
	if errors.Is(err, ErrNoEspeak) {
		t.Skip("espeak-ng is not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	text := "Xin mời công dân có số thứ tự B không không bảy đến quầy số ba"
	clip, err := s.Speak(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if err := clip.validate(); err != nil {
		t.Fatal(err)
	}
	if d := clip.Duration(); d < 2*time.Second || d > 10*time.Second {
		t.Errorf("speech lasts %v", d)
	}
	if peak(clip.Samples) < 1000 {
		t.Errorf("speech is silent: peak %d", peak(clip.Samples))
	}
	t.Logf("%d Hz × %d, %v", clip.SampleRate, clip.Channels, clip.Duration())
}

// TestAnnouncerWithEspeak reads a real call end to end: the default
// template, letter names and the real voice, through a recording player.
func TestAnnouncerWithEspeak(t *testing.T) {
	s, err := NewEspeakSynth()
	if errors.Is(err, ErrNoEspeak) {
		t.Skip("espeak-ng is not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	p := &fakePlayer{}
	errs := &errorLog{}
	a, err := New(Config{Player: p, Synth: s, OnError: errs.add,
		Settings: contract.AnnouncementSettings{Repeat: 2, Volume: 80}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Announce(Announcement{Number: "B007", Counter: 3}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(p.plays) != 3 || len(errs.all()) != 0 {
		t.Fatalf("%d plays, errors %v", len(p.plays), errs.all())
	}
	if d := p.plays[1].clip.Duration(); d < 2*time.Second || d > 10*time.Second {
		t.Errorf("speech lasts %v", d)
	}
}
