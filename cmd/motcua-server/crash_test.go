package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"motcua/server"
	"motcua/server/auth"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/store"
)

// buildServer compiles this command once for the crash tests.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "motcua-server")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type proc struct {
	cmd  *exec.Cmd
	addr string
}

func startServer(t *testing.T, bin, data, addr string) *proc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--listen", addr, "--data", data)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/api/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &proc{cmd: cmd, addr: addr}
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("server did not come up: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *proc) kill() {
	p.cmd.Process.Kill() // SIGKILL: no shutdown, no flush
	p.cmd.Wait()
}

type recorder struct {
	mu    sync.Mutex
	seqs  []int64
	types []contract.EventType
}

func (r *recorder) Event(ev contract.Event) {
	r.mu.Lock()
	r.seqs = append(r.seqs, ev.Seq)
	r.mu.Unlock()
}
func (r *recorder) Resync()               {}
func (r *recorder) Connected(bool, error) {}
func (r *recorder) last() (int64, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seqs) == 0 {
		return 0, 0
	}
	return r.seqs[len(r.seqs)-1], len(r.seqs)
}

// TestKillMidLoad kills the server with SIGKILL while kiosks are issuing
// tickets, three times, and checks after each restart that every ticket a
// kiosk was told about still exists with its number, that no number is
// issued twice, that the database passes integrity_check, and that a
// display following the events resumes without losing or repeating any.
func TestKillMidLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real server process")
	}
	bin := buildServer(t)
	data := t.TempDir()
	var tokenOut bytes.Buffer
	m := NewMain(strings.NewReader(""), &tokenOut, os.Stderr)
	ctx := context.Background()
	if err := m.Run(ctx, []string{"device", "add", "--name", "kiosk-1", "--role", "kiosk", "--data", data}); err != nil {
		t.Fatal(err)
	}
	kioskToken := strings.TrimSpace(tokenOut.String())
	tokenOut.Reset()
	if err := m.Run(ctx, []string{"device", "add", "--name", "board-1", "--role", "display", "--data", data}); err != nil {
		t.Fatal(err)
	}
	displayToken := strings.TrimSpace(tokenOut.String())

	addr := freePort(t)
	base := "http://" + addr
	display, _ := client.New(base, displayToken)
	events := &recorder{}
	fctx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()
	go display.Follow(fctx, 0, events)

	var mu sync.Mutex
	acked := map[string]string{} // id → number
	for round := 0; round < 3; round++ {
		p := startServer(t, bin, data, addr)
		kiosk, _ := client.New(base, kioskToken)
		var wg sync.WaitGroup
		for k := 0; k < 6; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					tk, err := kiosk.Issue(ctx, "2.000884", "")
					if err != nil {
						return // the server is gone
					}
					mu.Lock()
					acked[tk.ID] = tk.Number
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+200*round) * time.Millisecond)
		p.kill()
		wg.Wait()
		checkIntegrity(t, data)
	}
	p := startServer(t, bin, data, addr)
	defer p.kill()

	kiosk, _ := client.New(base, kioskToken)
	numbers := map[string]string{}
	for id, number := range acked {
		got, err := kiosk.Ticket(ctx, id)
		if err != nil || got.Number != number {
			t.Fatalf("acknowledged ticket %s (%s) after restarts: %+v %v", id, number, got, err)
		}
		if other, dup := numbers[number]; dup {
			t.Fatalf("number %s issued to %s and %s", number, other, id)
		}
		numbers[number] = id
	}
	for range 20 {
		tk, err := kiosk.Issue(ctx, "2.000884", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := numbers[tk.Number]; dup {
			t.Fatalf("number %s reused after a crash", tk.Number)
		}
		numbers[tk.Number] = tk.ID
	}
	if len(acked) < 30 {
		t.Fatalf("only %d tickets acknowledged under load: the test did not load the server", len(acked))
	}

	want := lastSeqOf(t, base)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if last, _ := events.last(); last == want {
			break
		}
		if time.Now().After(deadline) {
			last, n := events.last()
			t.Fatalf("display reached seq %d (%d events), server is at %d", last, n, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	events.mu.Lock()
	defer events.mu.Unlock()
	for i, s := range events.seqs {
		if s != int64(i+1) {
			t.Fatalf("display event %d has seq %d: lost or repeated across crashes", i, s)
		}
	}
	t.Logf("%d tickets acknowledged across 3 kills, %d events followed without a gap", len(acked), len(events.seqs))
}

func checkIntegrity(t *testing.T, data string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(data, server.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res, err := db.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Fatalf("integrity_check after kill: %q %v", res, err)
	}
}

func lastSeqOf(t *testing.T, base string) int64 {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct{ Seq int64 }
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

// TestCommands drives the administration subcommands on a data folder.
func TestCommands(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	run := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := NewMain(strings.NewReader(stdin), &out, &errOut).Run(ctx, append(args, "--data", data))
		return out.String() + errOut.String(), err
	}
	if out, err := run("mat-khau-rat-dai\n", "user", "add", "--username", "CanBo2", "--role", "staff"); err != nil || !strings.Contains(out, "canbo2") {
		t.Fatalf("user add: %q %v", out, err)
	}
	if _, err := run("ngan\n", "user", "add", "--username", "canbo3"); err == nil {
		t.Fatal("a 4-letter password was accepted")
	}
	userRecovery(t, data, run)
	out, err := run("", "device", "add", "--name", "kiosk-2", "--role", "kiosk")
	if err != nil || !strings.HasPrefix(out, "d_") {
		t.Fatalf("device add: %q %v", out, err)
	}
	if _, err := run("", "device", "add", "--name", "tv", "--role", "printer"); err == nil {
		t.Fatal("unknown device role accepted")
	}
	// A name in use needs --replace: a typo must not cut a working kiosk off.
	if out, err := run("", "device", "add", "--name", "kiosk-2", "--role", "kiosk"); err == nil || !strings.Contains(err.Error(), "replace") {
		t.Fatalf("device add over an existing name: %q %v", out, err)
	}
	if out, err := run("", "device", "add", "--name", "kiosk-2", "--role", "kiosk", "--counter", "3", "--replace"); err != nil || !strings.HasPrefix(out, "d_") {
		t.Fatalf("device add --replace --counter: %q %v", out, err)
	}
	csvFile := filepath.Join(t.TempDir(), "cat.csv")
	if _, err := run("", "catalogue", "export", csvFile); err != nil {
		t.Fatal(err)
	}
	if out, err := run("", "catalogue", "import", csvFile); err != nil || !strings.Contains(out, "version 2") {
		t.Fatalf("catalogue import: %q %v", out, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"fields":[]}`), 0o600)
	if _, err := run("", "catalogue", "import", bad); err == nil {
		t.Fatal("an empty catalogue was imported")
	}
	if _, err := run("", "nonsense"); !errors.Is(err, flagErrHelp()) {
		t.Fatalf("unknown command: %v", err)
	}
	if _, err := run("", "device", "revoke", "--name", "kiosk-2"); err != nil {
		t.Fatal(err)
	}
}

// userRecovery locks canbo2 out, unlocks it, and resets its password, as
// an administrator on the server machine would.
func userRecovery(t *testing.T, data string, run func(string, ...string) (string, error)) {
	t.Helper()
	ctx := context.Background()
	login := func(password string) error {
		srv, err := server.Open(ctx, server.Config{DataDir: data, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		_, err = srv.Auth.Login(ctx, "canbo2", password)
		return err
	}
	for i := 0; i < auth.MaxFailures; i++ {
		login("sai-mat-khau")
	}
	if err := login("mat-khau-rat-dai"); err == nil {
		t.Fatal("not locked after repeated failures")
	}
	if out, err := run("", "user", "unlock", "--username", "CanBo2"); err != nil || !strings.Contains(out, "unlocked") {
		t.Fatalf("user unlock: %q %v", out, err)
	}
	if err := login("mat-khau-rat-dai"); err != nil {
		t.Fatalf("after user unlock: %v", err)
	}
	if _, err := run("", "user", "unlock", "--username", "khongco"); err == nil {
		t.Error("unlocking an unknown user succeeded")
	}
	if _, err := run("mat-khau\tmoi\n", "user", "passwd", "--username", "canbo2"); err == nil {
		t.Error("a password with a tab was accepted")
	}
	if out, err := run("mat-khau-moi-cap\n", "user", "passwd", "--username", "canbo2"); err != nil || !strings.Contains(out, "canbo2") {
		t.Fatalf("user passwd: %q %v", out, err)
	}
	if err := login("mat-khau-rat-dai"); err == nil {
		t.Error("the old password still works")
	}
	if err := login("mat-khau-moi-cap"); err != nil {
		t.Errorf("the new password: %v", err)
	}
}

// TestServeBootstrapsAdmin starts `serve` in-process and checks the first
// start prints the console address and the first admin's credentials.
func TestServeBootstrapsAdmin(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, os.Stderr)
	ready := make(chan string, 1)
	m.Ready = func(addr string) { ready <- addr }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", data}) }()
	addr := <-ready
	note, err := os.ReadFile(filepath.Join(data, FirstRunFile))
	if err != nil || !strings.Contains(string(note), "username: admin") {
		t.Fatalf("first-run file: %q %v", note, err)
	}
	password := strings.TrimSpace(strings.SplitAfter(string(note), "password: ")[1])
	c, _ := client.New("http://"+addr, "")
	if _, err := c.Login(ctx, "admin", password); err != nil {
		t.Fatalf("login with the printed password: %v", err)
	}
	cat, err := c.Catalogue(ctx)
	if err != nil || len(cat.Procedures) < 20 {
		t.Fatalf("default catalogue: %d procedures, %v", len(cat.Procedures), err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), password) || !strings.Contains(out.String(), "http://127.0.0.1:"+strconv.Itoa(portOf(addr))) {
		t.Fatalf("serve did not print the address and credentials:\n%s", out.String())
	}
}

func portOf(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

func flagErrHelp() error { return flag.ErrHelp }
