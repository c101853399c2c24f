package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	stdlog "log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"motcua/server/client"
	"motcua/server/servertest"
)

// TestLoadOverTLS runs a short load against the real server behind HTTPS:
// with --ca-file every kiosk, official and board (websocket) gets through;
// without it the run stops at once on the untrusted certificate.
func TestLoadOverTLS(t *testing.T) {
	srv := servertest.New(t)
	followRealTime(t, srv)
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // quiet about the refused handshake
	// httptest's own certificate, valid for 127.0.0.1, stands in for the
	// centre's: the client is given it as its CA.
	ts.StartTLS()
	defer ts.Close()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.crt")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o644)
	firstRun := filepath.Join(dir, "first-run.txt")
	os.WriteFile(firstRun, []byte("username: "+servertest.AdminUser+"\npassword: "+servertest.AdminPassword+"\n"), 0o600)
	args := []string{"--server", ts.URL, "--first-run", firstRun, "--duration", "1s",
		"--kiosks", "2", "--counters", "1", "--displays", "2", "--rate", "5", "--service", "50ms", "--json"}

	var out, log bytes.Buffer
	err := NewMain(&out, &log).Run(context.Background(), args)
	if err == nil || !strings.Contains(err.Error(), client.ErrUntrusted.Error()) {
		t.Fatalf("without --ca-file: %v", err)
	}

	out.Reset()
	if err := NewMain(&out, &log).Run(context.Background(), append(args, "--ca-file", ca)); err != nil {
		t.Fatalf("with --ca-file: %v\n%s\n%s", err, out.String(), log.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out.String())
	}
	for _, op := range rep.Operations {
		if op.Errors != 0 {
			t.Errorf("%s: %d errors over TLS, first: %s", op.Operation, op.Errors, op.FirstError)
		}
	}
	if rep.Issued == 0 || rep.Calls == 0 {
		t.Errorf("over TLS: %d tickets issued, %d called", rep.Issued, rep.Calls)
	}
	// The boards follow the websocket over TLS: every call reaches both.
	if rep.Expected != rep.Calls*2 || rep.Deliveries != rep.Expected || rep.Missed != 0 || rep.LinkDrops != 0 {
		t.Errorf("over TLS: %d of %d deliveries, %d missed, %d link drops", rep.Deliveries, rep.Expected, rep.Missed, rep.LinkDrops)
	}
	checkCleanedUp(t, srv)
}
