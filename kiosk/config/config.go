// Package config reads the kiosk's settings from, in rising precedence, a
// config file, MOTCUA_KIOSK_* environment variables and command-line
// flags, so an installer writes one file, a systemd unit can override a
// value, and a technician can try a change on the command line.
//
// The file has one "name = value" per line, with the flag names as keys;
// blank lines and lines starting with # are ignored.
package config

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"motcua/kiosk/printer"
	"motcua/kiosk/speech"
	"motcua/server/client"
)

// Config is everything the kiosk program needs to start.
type Config struct {
	Server    string
	Token     string
	TokenFile string
	Printer   string
	Paper     int
	// PrintDocuments prints the documents list on each ticket.
	PrintDocuments bool
	Lang           string
	Idle           time.Duration
	Mode           string
	Counter        int
	Fullscreen     bool
	HideCursor     bool
	AdminPIN       string
	// CAFile is the centre's CA certificate (PEM), for a server on https://
	// with a certificate from `motcua-server cert`; empty trusts the
	// system's roots only.
	CAFile string
	// TicketURL starts the address printed in the ticket's QR code when it
	// must differ from Server: with HTTPS on the centre's own CA, phones
	// need the plain-HTTP address of `serve --http-ticket-pages`. The
	// centre's public address (administration → settings), when set, wins
	// over it.
	TicketURL string
	// Speech is the "Đọc cho tôi nghe" voice: SpeechAuto, SpeechOn or
	// SpeechOff.
	Speech string
}

// Speech settings. The voice needs espeak-ng (apt-get install espeak-ng),
// a sound output and a kiosk built with -tags oto.
const (
	// SpeechAuto reads aloud when the kiosk can, and otherwise shows no
	// button (the reason is logged).
	SpeechAuto = "auto"
	// SpeechOn refuses to start without a voice, so an installer sees at
	// once that a kiosk meant to speak cannot.
	SpeechOn = "on"
	// SpeechOff never reads aloud: a kiosk in a quiet room, or one whose
	// loudspeaker disturbs the counters.
	SpeechOff = "off"
)

// EnvPrefix starts every environment variable: MOTCUA_KIOSK_SERVER, …
const EnvPrefix = "MOTCUA_KIOSK_"

// Default is the configuration of a kiosk on the centre's own network with
// nothing set.
func Default() Config {
	return Config{Server: "http://127.0.0.1:8080", Printer: "none", Paper: 80, Lang: "vi",
		Idle: 60 * time.Second, Mode: "kiosk", Fullscreen: true, Speech: SpeechAuto}
}

// flags binds every setting to fs.
func (c *Config) flags(fs *flag.FlagSet) *string {
	file := fs.String("config", "", "config file (name = value per line)")
	fs.StringVar(&c.Server, "server", c.Server, "centre server URL")
	fs.StringVar(&c.Token, "token", c.Token, "device token (prefer -token-file)")
	fs.StringVar(&c.TokenFile, "token-file", c.TokenFile, "file holding the device token")
	fs.StringVar(&c.Printer, "printer", c.Printer, "ticket printer: tcp://host:9100, /dev/usb/lp0 or none")
	fs.IntVar(&c.Paper, "paper", c.Paper, "paper width in mm: 58 or 80")
	fs.BoolVar(&c.PrintDocuments, "print-documents", c.PrintDocuments, "print the procedure's documents list on the ticket (longer tickets)")
	fs.StringVar(&c.Lang, "lang", c.Lang, "starting language: vi or en")
	fs.DurationVar(&c.Idle, "idle", c.Idle, "idle time before going home (e.g. 60s)")
	fs.StringVar(&c.Mode, "mode", c.Mode, "kiosk (entrance) or rating (counter tablet)")
	fs.IntVar(&c.Counter, "counter", c.Counter, "counter number (rating mode)")
	fs.BoolVar(&c.Fullscreen, "fullscreen", c.Fullscreen, "full screen without decorations")
	fs.BoolVar(&c.HideCursor, "hide-cursor", c.HideCursor, "hide the mouse pointer")
	fs.StringVar(&c.AdminPIN, "admin-pin", c.AdminPIN, "PIN that allows leaving the kiosk")
	fs.StringVar(&c.CAFile, "ca-file", c.CAFile, "the centre's CA certificate (ca.crt from motcua-server cert) for an https:// server")
	fs.StringVar(&c.TicketURL, "ticket-url", c.TicketURL, "address for the ticket QR code when not -server, e.g. http://192.168.1.10 (see serve --http-ticket-pages); the centre's public address in the admin settings, when set, wins")
	fs.StringVar(&c.Speech, "speech", c.Speech, "read-aloud button (espeak-ng, Vietnamese): auto (when espeak-ng and sound work), on (required) or off")
	return file
}

// Load builds the configuration from args (without the program name), the
// environment (getenv, usually os.Getenv) and the config file named by
// -config or MOTCUA_KIOSK_CONFIG.
func Load(args []string, getenv func(string) string) (Config, error) {
	c := Default()
	// First pass: find the config file, ignoring everything else.
	probe := flag.NewFlagSet("probe", flag.ContinueOnError)
	probe.SetOutput(io.Discard)
	var tmp Config
	file := tmp.flags(probe)
	_ = probe.Parse(args)
	path := *file
	if path == "" {
		path = getenv(EnvPrefix + "CONFIG")
	}
	if path != "" {
		if err := c.readFile(path); err != nil {
			return c, err
		}
	}
	fs := flag.NewFlagSet("motcua-kiosk", flag.ContinueOnError)
	c.flags(fs)
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(EnvPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))); v != "" && f.Name != "config" {
			if err := f.Value.Set(v); err != nil && envErr == nil {
				envErr = fmt.Errorf("config: %s%s: %w", EnvPrefix, strings.ToUpper(f.Name), err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if err := c.resolveToken(); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// readFile applies a config file.
func (c *Config) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	fs := flag.NewFlagSet("file", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.flags(fs)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("config: %s:%d: want name = value", path, n)
		}
		name, value = strings.TrimSpace(name), strings.Trim(strings.TrimSpace(value), `"`)
		if name == "config" || fs.Lookup(name) == nil {
			return fmt.Errorf("config: %s:%d: unknown setting %q", path, n, name)
		}
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("config: %s:%d: %s: %w", path, n, name, err)
		}
	}
	return sc.Err()
}

// resolveToken reads the token file when no token was given directly.
func (c *Config) resolveToken() error {
	if c.Token != "" || c.TokenFile == "" {
		return nil
	}
	b, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return fmt.Errorf("config: token file: %w", err)
	}
	c.Token = strings.TrimSpace(string(b))
	return nil
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Token == "":
		return errors.New("config: a device token is needed (-token-file or MOTCUA_KIOSK_TOKEN); create one with: motcua-server device add --name kiosk-1 --role kiosk")
	case c.Paper != 58 && c.Paper != 80:
		return fmt.Errorf("config: paper must be 58 or 80, got %d", c.Paper)
	case c.Lang != "vi" && c.Lang != "en":
		return fmt.Errorf("config: lang must be vi or en, got %q", c.Lang)
	case c.Mode != "kiosk" && c.Mode != "rating":
		return fmt.Errorf("config: mode must be kiosk or rating, got %q", c.Mode)
	case c.Mode == "rating" && c.Counter <= 0:
		return errors.New("config: rating mode needs -counter N")
	case c.Idle < 5*time.Second:
		return fmt.Errorf("config: idle must be at least 5s, got %s", c.Idle)
	case c.Speech != SpeechAuto && c.Speech != SpeechOn && c.Speech != SpeechOff:
		return fmt.Errorf("config: speech must be auto, on or off, got %q", c.Speech)
	}
	if c.CAFile != "" {
		if _, err := client.LoadCAFile(c.CAFile); err != nil {
			return fmt.Errorf("config: ca-file: %w", err)
		}
	}
	if _, err := client.New(c.Server, "", client.WithTicketURL(c.TicketURL)); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	_, err := c.NewPrinter()
	return err
}

// PaperWidth is the printer package's width for the configured roll.
func (c Config) PaperWidth() printer.Paper {
	if c.Paper == 58 {
		return printer.Paper58
	}
	return printer.Paper80
}

// NewPrinter makes the configured printer: nil for "none".
func (c Config) NewPrinter() (printer.Printer, error) {
	spec := strings.TrimSpace(c.Printer)
	switch {
	case spec == "" || spec == "none":
		return nil, nil
	case strings.HasPrefix(spec, "tcp://"):
		addr := strings.TrimPrefix(spec, "tcp://")
		if addr == "" || strings.ContainsAny(addr, "/ ") {
			return nil, fmt.Errorf("config: printer address %q: want tcp://host:9100", spec)
		}
		if _, port, ok := strings.Cut(addr, ":"); ok {
			if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
				return nil, fmt.Errorf("config: printer port in %q is not a port number", spec)
			}
		}
		return &printer.TCPPrinter{Addr: addr}, nil
	case strings.HasPrefix(spec, "/"):
		return &printer.DevicePrinter{Path: spec}, nil
	}
	return nil, fmt.Errorf("config: printer must be tcp://host:port, a device path like /dev/usb/lp0, or none; got %q", spec)
}

// NewVoice makes the read-aloud voice: nil for "off", and for "auto" when
// espeak-ng or the sound output is missing (log says why). Only "on"
// turns a missing voice into an error.
func (c Config) NewVoice(log *slog.Logger) (*speech.Voice, error) {
	if c.Speech == SpeechOff {
		return nil, nil
	}
	v, err := speech.NewVoice()
	switch {
	case err == nil:
		return v, nil
	case c.Speech == SpeechOn:
		return nil, fmt.Errorf("config: -speech on: %w (install espeak-ng, build with -tags oto, check the sound output)", err)
	}
	log.Warn("kiosk: no read-aloud button", "err", err)
	return nil, nil
}
