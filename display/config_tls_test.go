package display

import (
	"bytes"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The board takes the centre's CA like its other settings (flag over
// environment) and checks it at start.
func TestParseConfigCAFile(t *testing.T) {
	ts := httptest.NewTLSServer(nil) // only for a certificate to trust
	ts.Close()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.crt")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o644)
	notPEM := filepath.Join(dir, "token")
	os.WriteFile(notPEM, []byte("secret-token\n"), 0o600)
	env := map[string]string{EnvToken: "t", EnvServer: "https://motcua.local", EnvCAFile: ca}
	get := func(k string) string { return env[k] }

	cfg, err := ParseConfig(nil, get, &bytes.Buffer{})
	if err != nil || cfg.CAFile != ca || cfg.Server != "https://motcua.local" {
		t.Fatalf("from the environment: %+v %v", cfg, err)
	}
	if _, err := ParseConfig([]string{"--ca-file", notPEM}, get, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "--ca-file") {
		t.Errorf("flag over environment, not a certificate: %v", err)
	}
	if _, err := ParseConfig([]string{"--ca-file", filepath.Join(dir, "missing.crt")}, get, &bytes.Buffer{}); err == nil {
		t.Error("missing CA file accepted")
	}
	delete(env, EnvCAFile)
	if cfg, err := ParseConfig(nil, get, &bytes.Buffer{}); err != nil || cfg.CAFile != "" {
		t.Errorf("no CA file: %q %v", cfg.CAFile, err)
	}
}
