package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"motcua/server/backup"
	"motcua/server/client"
)

// syncBuffer is a buffer that the server's log goroutines and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveInProcess runs `serve` on a free loopback port until stop is called.
func serveInProcess(t *testing.T, data string, extra ...string) (base string, out *syncBuffer, stop func()) {
	t.Helper()
	out = &syncBuffer{}
	m := NewMain(strings.NewReader(""), out, out)
	ready := make(chan string, 1)
	m.Ready = func(addr string) { ready <- addr }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, extra...))
	}()
	select {
	case addr := <-ready:
		return "http://" + addr, out, func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}
	case err := <-done:
		cancel()
		t.Fatalf("serve did not start: %v\n%s", err, out)
	}
	return "", nil, nil
}

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := NewMain(strings.NewReader(""), &out, &out).Run(context.Background(), args)
	return out.String(), err
}

// TestBackupAndRestoreCommands: `backup` works while `serve` runs (and
// serve has taken its daily backup at start-up); `restore` refuses while
// it runs, then, with the server stopped, puts the backup in place, keeps
// the old database aside and continues the numbering.
func TestBackupAndRestoreCommands(t *testing.T) {
	data := t.TempDir()
	token, err := runCmd(t, "device", "add", "--name", "kiosk-1", "--role", "kiosk", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	base, _, stop := serveInProcess(t, data)
	kiosk, _ := client.New(base, strings.TrimSpace(token))
	ctx := context.Background()
	printed := map[string]bool{}
	issueN := func(n int) string {
		var last string
		for range n {
			tk, err := kiosk.Issue(ctx, "2.000884", "")
			if err != nil {
				t.Fatal(err)
			}
			if printed[tk.Number] {
				t.Fatalf("number %s issued twice", tk.Number)
			}
			printed[tk.Number], last = true, tk.Number
		}
		return last
	}
	issueN(2)
	file := filepath.Join(t.TempDir(), "motcua-backup.db")
	if out, err := runCmd(t, "backup", "--data", data, "--out", file); err != nil || !strings.Contains(out, "integrity ok") {
		t.Fatalf("backup while serving: %q %v", out, err)
	}
	issueN(3)
	if out, err := runCmd(t, "restore", file, "--data", data); err == nil || !strings.Contains(err.Error(), "stop the server") {
		t.Fatalf("restore while serving: %q %v", out, err)
	}
	stop()
	if daily, _ := filepath.Glob(filepath.Join(data, BackupDir, "motcua-*.db")); len(daily) != 1 {
		t.Fatalf("daily backups after one start: %v", daily)
	}
	out, err := runCmd(t, "restore", "--data", data, file)
	if err != nil || !strings.Contains(out, "replaced database kept as") || !strings.Contains(out, "numbering continues") {
		t.Fatalf("restore: %q %v", out, err)
	}
	base, _, stop = serveInProcess(t, data)
	defer stop()
	kiosk, _ = client.New(base, strings.TrimSpace(token))
	issueN(3) // fails on a number printed before the restore
}

// TestBackupFlags: nonsense backup settings are refused before serving.
func TestBackupFlags(t *testing.T) {
	data := t.TempDir()
	for _, args := range [][]string{{"--backup-at", "25:00"}, {"--backup-keep", "0"}} {
		if _, err := runCmd(t, append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, args...)...); err == nil {
			t.Fatalf("serve %v accepted", args)
		}
	}
	if _, err := runCmd(t, "backup", "--data", data); err == nil {
		t.Fatal("backup without --out accepted")
	}
	out := filepath.Join(t.TempDir(), "b.db")
	if _, err := runCmd(t, "backup", "--data", t.TempDir(), "--out", out); err == nil {
		t.Fatal("backup of an empty data folder succeeded")
	}
}

// TestFirstRunFileIsPrivate: first-run.txt is replaced whole with mode
// 0600 even where an older, world-readable one stood (os.WriteFile kept
// the old file's mode, leaving the admin password readable by all).
func TestFirstRunFileIsPrivate(t *testing.T) {
	data := t.TempDir()
	stale := filepath.Join(data, FirstRunFile)
	os.WriteFile(stale, []byte("stale"), 0o644)
	_, out, stop := serveInProcess(t, data, "--backup-dir", "off")
	stop()
	fi, err := os.Stat(stale)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("first-run.txt: %v %v", fi.Mode(), err)
	}
	note, _ := os.ReadFile(stale)
	if !strings.Contains(string(note), "password: ") || !strings.Contains(out.String(), string(note[len(note)-10:])) {
		t.Fatalf("first-run.txt %q, printed:\n%s", note, out)
	}
	if _, err := os.Stat(filepath.Join(data, BackupDir)); !os.IsNotExist(err) {
		t.Fatal("--backup-dir off still made a backup folder")
	}
	if _, err := os.Stat(filepath.Join(data, backup.MarkerFile)); err != nil {
		t.Fatal("no marker in a new data folder")
	}
}
