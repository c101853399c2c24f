package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
