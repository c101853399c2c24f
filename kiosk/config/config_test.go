package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motcua/display/announce"
	"motcua/kiosk/printer"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	tok := filepath.Join(dir, "token")
	os.WriteFile(tok, []byte("secret-token\n"), 0o600)
	file := filepath.Join(dir, "kiosk.conf")
	os.WriteFile(file, []byte("# kiosk\nserver = http://10.0.0.2:8080\nlang = en\npaper = 58\ntoken-file = "+tok+"\nidle = 30s\n"), 0o600)
	c, err := Load([]string{"-config", file, "-lang", "vi"}, env(map[string]string{"MOTCUA_KIOSK_IDLE": "45s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Server != "http://10.0.0.2:8080" || c.Lang != "vi" || c.Paper != 58 || c.Idle != 45*time.Second || c.Token != "secret-token" {
		t.Errorf("got %+v", c)
	}
	if c.PaperWidth() != printer.Paper58 {
		t.Errorf("paper width %d", c.PaperWidth())
	}
}

func TestPrinters(t *testing.T) {
	for spec, ok := range map[string]bool{"none": true, "": true, "tcp://10.0.0.9:9100": true, "tcp://printer": true,
		"/dev/usb/lp0": true, "lp0": false, "tcp://": false, "tcp://h:port": false, "tcp://h:99999": false} {
		c := Default()
		c.Token, c.Printer = "t", spec
		if err := c.Validate(); (err == nil) != ok {
			t.Errorf("printer %q: err %v", spec, err)
		}
	}
	c := Default()
	c.Printer = "tcp://10.0.0.9:9100"
	p, _ := c.NewPrinter()
	if tp, ok := p.(*printer.TCPPrinter); !ok || tp.Addr != "10.0.0.9:9100" {
		t.Errorf("printer %#v", p)
	}
}

func TestErrorsAreClear(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "device token"},
		{[]string{"-token", "x", "-mode", "rating"}, "-counter"},
		{[]string{"-token", "x", "-paper", "57"}, "58 or 80"},
		{[]string{"-token", "x", "-lang", "fr"}, "vi or en"},
		{[]string{"-token", "x", "-idle", "1s"}, "at least"},
		{[]string{"-config", "/nonexistent/kiosk.conf"}, "no such file"},
	} {
		_, err := Load(c.args, env(nil))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err %v, want %q", c.args, err, c.want)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.conf")
	os.WriteFile(bad, []byte("colour = blue\n"), 0o600)
	if _, err := Load([]string{"-config", bad}, env(nil)); err == nil || !strings.Contains(err.Error(), "unknown setting") {
		t.Errorf("unknown setting: %v", err)
	}
	if _, err := Load([]string{"-token", "x"}, env(map[string]string{"MOTCUA_KIOSK_PAPER": "wide"})); err == nil {
		t.Error("bad env value accepted")
	}
}

// The CA file is a setting like the others (file < env < flag) and is
// checked at start, so a kiosk with a wrong path says so instead of failing
// every call.
func TestCAFile(t *testing.T) {
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.crt")
	os.WriteFile(ca, selfSigned(t), 0o644)
	file := filepath.Join(dir, "kiosk.conf")
	os.WriteFile(file, []byte("server = https://motcua.local\ntoken = x\nca-file = /from/file.crt\n"), 0o600)

	if _, err := Load([]string{"-config", file}, env(nil)); err == nil || !strings.Contains(err.Error(), "ca-file") {
		t.Errorf("missing CA file from the config file: %v", err)
	}
	c, err := Load([]string{"-config", file}, env(map[string]string{"MOTCUA_KIOSK_CA_FILE": ca}))
	if err != nil || c.CAFile != ca || c.Server != "https://motcua.local" {
		t.Fatalf("env over file: %+v %v", c, err)
	}
	if _, err := Load([]string{"-config", file, "-ca-file", file}, env(map[string]string{"MOTCUA_KIOSK_CA_FILE": ca})); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("flag over env (a file that is not a certificate): %v", err)
	}
	if c, err := Load([]string{"-token", "x"}, env(nil)); err != nil || c.CAFile != "" {
		t.Errorf("default: %q %v", c.CAFile, err)
	}
}

// selfSigned is a CA certificate in PEM (the kiosk's tests may not import
// the server's tlscert package).
func selfSigned(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "motcua CA – test"},
		NotBefore: at, NotAfter: at.AddDate(10, 0, 0), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestTicketURL(t *testing.T) {
	c, err := Load([]string{"-token", "x", "-server", "https://motcua.local", "-ticket-url", "http://192.168.1.10"}, env(nil))
	if err != nil || c.TicketURL != "http://192.168.1.10" {
		t.Fatalf("ticket-url: %+v %v", c, err)
	}
	if _, err := Load([]string{"-token", "x", "-ticket-url", "192.168.1.10"}, env(nil)); err == nil || !strings.Contains(err.Error(), "ticket page URL") {
		t.Errorf("ticket-url without a scheme: %v", err)
	}
	if _, err := Load([]string{"-token", "x", "-server", "motcua.local"}, env(nil)); err == nil {
		t.Error("server URL without a scheme accepted")
	}
}

// TestSpeech: the read-aloud voice is auto by default and can be turned
// off from the environment; a kiosk that must speak (on) refuses to start
// without espeak-ng, while auto just goes without the button.
func TestSpeech(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	c, err := Load([]string{"-token", "x"}, env(map[string]string{"MOTCUA_KIOSK_SPEECH": "off"}))
	if err != nil || c.Speech != SpeechOff {
		t.Fatalf("speech %q, err %v", c.Speech, err)
	}
	if v, err := c.NewVoice(log); v != nil || err != nil {
		t.Errorf("off: voice %v, err %v", v, err)
	}
	if c, _ := Load([]string{"-token", "x"}, env(nil)); c.Speech != SpeechAuto {
		t.Errorf("default speech %q", c.Speech)
	}
	if _, err := Load([]string{"-token", "x", "-speech", "loud"}, env(nil)); err == nil || !strings.Contains(err.Error(), "auto, on or off") {
		t.Errorf("bad speech: %v", err)
	}

	t.Setenv("PATH", t.TempDir()) // no espeak-ng here
	c.Speech = SpeechAuto
	if v, err := c.NewVoice(log); v != nil || err != nil {
		t.Errorf("auto without espeak-ng: voice %v, err %v", v, err)
	}
	c.Speech = SpeechOn
	if v, err := c.NewVoice(log); v != nil || !errors.Is(err, announce.ErrNoEspeak) {
		t.Errorf("on without espeak-ng: voice %v, err %v", v, err)
	}
}
