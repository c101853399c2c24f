// Package display is the waiting-room board program: it reads its
// configuration (flags and environment), then wires the server client, the
// live model (display/live), the Fyne board (display/board) and the voice
// announcer (display/announce) together. cmd/motcua-display only creates
// the Fyne app and hands it to Run, so everything here runs under Fyne's
// test driver too.
package display

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"motcua/display/board"
	"motcua/server/client"
)

// AudioMode says how calls are read aloud.
type AudioMode string

// The audio modes of --audio.
const (
	// AudioAuto speaks with espeak-ng when installed, else chimes only;
	// silent when there is no sound output.
	AudioAuto AudioMode = "auto"
	// AudioEspeak requires espeak-ng and fails to start without it.
	AudioEspeak AudioMode = "espeak"
	// AudioChime plays the chime without a voice.
	AudioChime AudioMode = "chime"
	// AudioOff never makes a sound.
	AudioOff AudioMode = "off"
)

// Config is everything the board is started with.
type Config struct {
	Server     string
	Token      string
	Layout     board.Layout
	Counters   []int
	Fullscreen bool
	HideCursor bool
	Audio      AudioMode
	// CAFile is the centre's CA certificate (PEM) for a server on https://
	// with a certificate from `motcua-server cert`; empty trusts the
	// system's roots only.
	CAFile string
}

// Environment variables read when the matching flag is not given, so a
// systemd unit can keep the token out of the command line.
const (
	EnvServer    = "MOTCUA_SERVER"
	EnvToken     = "MOTCUA_TOKEN"
	EnvTokenFile = "MOTCUA_TOKEN_FILE"
	EnvCAFile    = "MOTCUA_CA_FILE"
)

// ParseConfig reads the command line args (without the program name); env
// looks up environment variables (os.Getenv in main). Errors are worded
// for the technician installing the board.
func ParseConfig(args []string, env func(string) string, usage io.Writer) (Config, error) {
	fs := flag.NewFlagSet("motcua-display", flag.ContinueOnError)
	fs.SetOutput(usage)
	server := fs.String("server", or(env(EnvServer), "http://127.0.0.1:8080"), "centre server URL (env "+EnvServer+")")
	token := fs.String("token", "", "display device token (env "+EnvToken+"; prefer --token-file)")
	tokenFile := fs.String("token-file", env(EnvTokenFile), "file holding the display device token (env "+EnvTokenFile+")")
	layout := fs.String("layout", "landscape", "screen layout: landscape (1920×1080) or portrait (1080×1920)")
	counters := fs.String("counters", "", `show only these counters, e.g. "1,2,5" or "1-3" (default all)`)
	fullscreen := fs.Bool("fullscreen", true, "fill the screen")
	hideCursor := fs.Bool("hide-cursor", true, "hide the mouse pointer over the board")
	audio := fs.String("audio", string(AudioAuto), "announcements: auto, espeak, chime or off")
	caFile := fs.String("ca-file", env(EnvCAFile), "the centre's CA certificate (ca.crt from motcua-server cert) for an https:// server (env "+EnvCAFile+")")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := Config{Server: *server, Fullscreen: *fullscreen, HideCursor: *hideCursor, Audio: AudioMode(*audio), CAFile: *caFile}
	if cfg.CAFile != "" {
		if _, err := client.LoadCAFile(cfg.CAFile); err != nil {
			return Config{}, fmt.Errorf("--ca-file: %w", err)
		}
	}
	var err error
	if cfg.Layout, err = board.ParseLayout(*layout); err != nil {
		return Config{}, err
	}
	if cfg.Counters, err = board.ParseCounters(*counters); err != nil {
		return Config{}, err
	}
	if cfg.Token, err = readToken(*token, *tokenFile, env(EnvToken)); err != nil {
		return Config{}, err
	}
	switch cfg.Audio {
	case AudioAuto, AudioEspeak, AudioChime, AudioOff:
	default:
		return Config{}, fmt.Errorf("--audio %q: want auto, espeak, chime or off", *audio)
	}
	return cfg, nil
}

// readToken picks the token: the flag, then the file, then the environment.
func readToken(flagToken, file, envToken string) (string, error) {
	if t := strings.TrimSpace(flagToken); t != "" {
		return t, nil
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("token file: %w", err)
		}
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, nil
		}
		return "", fmt.Errorf("token file %s is empty", file)
	}
	if t := strings.TrimSpace(envToken); t != "" {
		return t, nil
	}
	return "", errors.New("no display token: give --token-file (or --token, or " + EnvToken + "); create one with `motcua-server device add --role display`")
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
