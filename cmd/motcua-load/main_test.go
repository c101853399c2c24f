package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"motcua/server/contract"
	"motcua/server/servertest"
)

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	four := []time.Duration{10, 20, 30, 40}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one sample", []time.Duration{7}, 99, 7},
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p90 of 1..100", hundred, 90, 90 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"max of 1..100", hundred, 100, 100 * time.Millisecond},
		{"p50 of four is the 2nd", four, 50, 20},
		{"p90 of four rounds up to the 4th", four, 90, 40},
		{"p26 of four rounds up to the 2nd", four, 26, 20},
		{"tiny p is the smallest", four, 0.1, 10},
	}
	for _, tt := range tests {
		if got := percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("%s: percentile(p=%g) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

func TestParseFirstRun(t *testing.T) {
	// The exact text motcua-server writes, with Windows line ends for good
	// measure (the file may be copied off a USB stick).
	note := "Tài khoản quản trị đầu tiên / first admin account\r\nusername: admin\r\npassword: Ab-c_9:xyz\r\n"
	user, pass, err := parseFirstRun(strings.NewReader(note))
	if err != nil || user != "admin" || pass != "Ab-c_9:xyz" {
		t.Fatalf("parseFirstRun = %q, %q, %v; want admin, Ab-c_9:xyz", user, pass, err)
	}
	if _, _, err := parseFirstRun(strings.NewReader("username: admin\n")); err == nil {
		t.Error("a file without a password line was accepted")
	}
}

func TestFlagsTakeCredentialsFromFirstRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "first-run.txt")
	os.WriteFile(file, []byte("username: chief\npassword: secret-123456\n"), 0o600)
	c, err := parseFlags([]string{"--first-run", file}, io.Discard)
	if err != nil || c.adminUser != "chief" || c.adminPass != "secret-123456" {
		t.Fatalf("got %q/%q, %v; want chief/secret-123456", c.adminUser, c.adminPass, err)
	}
	c, err = parseFlags([]string{"--first-run", file, "--admin-user", "other"}, io.Discard)
	if err != nil || c.adminUser != "other" {
		t.Fatalf("--admin-user did not win over the first-run file: %q, %v", c.adminUser, err)
	}
}

func TestFlagsRefuseBadInput(t *testing.T) {
	pw := []string{"--admin-password", "x"}
	for _, args := range [][]string{
		{}, // no password at all
		{"--first-run", "/nonexistent/first-run.txt"},
		append([]string{"--kiosks", "0"}, pw...),
		append([]string{"--counters", "-1"}, pw...),
		append([]string{"--displays", "100000"}, pw...),
		append([]string{"--rate", "0"}, pw...),
		append([]string{"--rate", "NaN"}, pw...),
		append([]string{"--duration", "0s"}, pw...),
		append([]string{"--service", "-1s"}, pw...),
		append([]string{"extra"}, pw...),
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted bad input", args)
		}
	}
}

// TestLoadAgainstServer runs the tool for three seconds against a real
// in-process server, as a centre would against its appliance.
func TestLoadAgainstServer(t *testing.T) {
	srv := servertest.New(t)
	followRealTime(t, srv)
	firstRun := filepath.Join(t.TempDir(), "first-run.txt")
	os.WriteFile(firstRun, []byte("username: "+servertest.AdminUser+"\npassword: "+servertest.AdminPassword+"\n"), 0o600)

	var out, log bytes.Buffer
	start := time.Now()
	err := NewMain(&out, &log).Run(context.Background(), []string{
		"--server", srv.URL, "--first-run", firstRun, "--duration", "3s",
		"--kiosks", "2", "--counters", "2", "--displays", "3", "--rate", "10", "--service", "50ms", "--json",
	})
	if err != nil {
		t.Fatalf("run failed: %v\n%s\n%s", err, out.String(), log.String())
	}
	if took := time.Since(start); took > 3*time.Second+inFlight+drainWait+cleanupWait {
		t.Errorf("the run took %v", took)
	}
	t.Logf("summary:\n%s", out.String())
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out.String())
	}
	checkReport(t, rep)
	checkCleanedUp(t, srv)
	checkNoGoroutinesLeft(t)
}

// followRealTime keeps the test server's fake clock on real time, so the
// events' commit times are comparable with their arrival.
func followRealTime(t *testing.T, srv *servertest.Server) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	srv.Clock.Set(time.Now())
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			srv.Clock.Set(time.Now())
			time.Sleep(time.Millisecond)
		}
	}()
}

func checkReport(t *testing.T, rep Report) {
	t.Helper()
	ops := make(map[string]OpSummary)
	for _, op := range rep.Operations {
		ops[op.Operation] = op
		if op.Errors != 0 {
			t.Errorf("%s: %d errors, first: %s", op.Operation, op.Errors, op.FirstError)
		}
	}
	// 10 tickets/s for 3 s: about 30; allow for a slow machine under -race.
	if rep.Issued < 15 || ops[opIssue].Count != rep.Issued {
		t.Errorf("issued %d tickets (issue row counts %d), want about 30", rep.Issued, ops[opIssue].Count)
	}
	// Two counters serving 50 ms each call many times a second.
	if rep.Calls < 5 || ops[opCallNext].Count != rep.Calls {
		t.Errorf("called %d tickets (call-next row counts %d)", rep.Calls, ops[opCallNext].Count)
	}
	if ops[opFinish].Count < rep.Calls {
		t.Errorf("%d finishes for %d calls", ops[opFinish].Count, rep.Calls)
	}
	want := rep.Calls * 3
	if rep.Expected != want || rep.Deliveries != want || rep.Missed != 0 || ops[opCallToBox].Count != want {
		t.Errorf("deliveries %d (call-to-display row %d) of %d expected, %d missed; want every call at every display (%d)",
			rep.Deliveries, ops[opCallToBox].Count, rep.Expected, rep.Missed, want)
	}
	if ops[opDelivery].Count != rep.CalledSeen*3 || rep.CalledSeen < rep.Calls {
		t.Errorf("event delivery measured %d times for %d distinct calls at 3 displays", ops[opDelivery].Count, rep.CalledSeen)
	}
	if d := ops[opDelivery]; d.MinMS < 0 || d.MaxMS > 2000 || rep.ClockSkew {
		t.Errorf("event delivery from %v to %v ms on one machine's clock", d.MinMS, d.MaxMS)
	}
	if len(rep.Duplicates) != 0 {
		t.Errorf("numbers called twice: %v", rep.Duplicates)
	}
}

// checkCleanedUp proves the run left no waiting ticket, no usable load
// account and no live load device behind.
func checkCleanedUp(t *testing.T, srv *servertest.Server) {
	t.Helper()
	st, err := srv.Display().State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range st.Queues {
		if q.Waiting != 0 {
			t.Errorf("queue %s still has %d waiting after the cleanup", q.Prefix, q.Waiting)
		}
	}
	users, err := srv.Auth.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if strings.HasPrefix(u.Username, "loadtest-") && (!u.Disabled || u.Role != contract.RoleStaff) {
			t.Errorf("load account %s left enabled (role %s)", u.Username, u.Role)
		}
	}
	devices, err := srv.Auth.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devices {
		if strings.HasPrefix(d.Name, "loadtest-") && d.RevokedAt == nil {
			t.Errorf("load device %s not revoked", d.Name)
		}
	}
}

// checkNoGoroutinesLeft fails if any of the tool's goroutines, or an
// event follower, outlived Run.
func checkNoGoroutinesLeft(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for _, fn := range []string{"main.(*runner)", "main.(*display)", "client.(*Client).Follow"} {
		if strings.Contains(stacks, fn) {
			t.Errorf("a goroutine in %s is still running after Run returned", fn)
		}
	}
}

func TestVerdictAndTable(t *testing.T) {
	clean := Report{Operations: []OpSummary{{Operation: opIssue, Count: 3, P50MS: 1.5}, {Operation: opDelivery}}, Duplicates: []string{}}
	if err := clean.verdict(); err != nil {
		t.Errorf("a clean run failed its check: %v", err)
	}
	for name, bad := range map[string]Report{
		"errors":      {Operations: []OpSummary{{Operation: opStart, Errors: 1}}},
		"missed":      {Missed: 2},
		"duplicates":  {Duplicates: []string{"2026-11-24 A001 ×2"}},
		"interrupted": {Interrupted: true},
	} {
		if bad.verdict() == nil {
			t.Errorf("a run with %s passed its check", name)
		}
	}
	var buf bytes.Buffer
	if err := clean.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if !strings.HasPrefix(lines[0], "operation ") || !strings.HasPrefix(lines[1], "issue ") || !strings.Contains(lines[1], " 1.5") {
		t.Errorf("table starts:\n%s", strings.Join(lines[:3], "\n"))
	}
}
