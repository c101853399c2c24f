package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/server"
	"motcua/server/auth"
	"motcua/server/backup"
	"motcua/server/client"
	"motcua/server/clock"
	"motcua/server/contract"
	"motcua/server/servertest"
	"motcua/server/store"
)

func openAt(t *testing.T, dir string) (*server.Server, error) {
	t.Helper()
	return server.Open(context.Background(), server.Config{
		DataDir: dir, Clock: clock.NewFake(servertest.Start), Hash: auth.TestParams,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

// TestLostDatabaseIsRefused: once a data folder has had a database, the
// server refuses to start on a missing, empty or table-less one (which it
// used to replace silently: numbers back to 001, device tokens dead, a new
// admin password) and says how to restore or start fresh; deleting the
// marker is the deliberate way to start fresh.
func TestLostDatabaseIsRefused(t *testing.T) {
	dir := t.TempDir()
	srv, err := openAt(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if _, err := os.Stat(filepath.Join(dir, backup.MarkerFile)); err != nil {
		t.Fatalf("no marker after creating the database: %v", err)
	}
	db := filepath.Join(dir, server.DBFile)
	good, _ := os.ReadFile(db)
	lose := map[string]func(){
		"missing":    func() { os.Remove(db) },
		"empty":      func() { os.WriteFile(db, nil, 0o600) },
		"no tables":  func() { os.Remove(db); os.WriteFile(db, emptySQLite(t), 0o600) },
		"only a wal": func() { os.Remove(db); os.WriteFile(db+"-wal", []byte("x"), 0o600) },
	}
	for name, f := range lose {
		f()
		_, err := openAt(t, dir)
		if !errors.Is(err, backup.ErrDatabaseLost) || !strings.Contains(err.Error(), "motcua-server restore --data "+dir) ||
			!strings.Contains(err.Error(), db) || !strings.Contains(err.Error(), backup.MarkerFile) {
			t.Fatalf("%s database: %v", name, err)
		}
		if fi, err := os.Stat(db); name == "missing" && err == nil {
			t.Fatalf("missing database: a %d-byte file was created", fi.Size())
		}
		os.Remove(db + "-wal")
		os.WriteFile(db, good, 0o600)
	}
	os.Remove(db)
	os.Remove(filepath.Join(dir, backup.MarkerFile))
	srv, err = openAt(t, dir)
	if err != nil {
		t.Fatalf("fresh start after deleting the marker: %v", err)
	}
	srv.Close()
}

// emptySQLite is a sound SQLite file that is not a motcua database (no
// schema version), as when another program's file was put in its place.
func emptySQLite(t *testing.T) []byte {
	t.Helper()
	f := filepath.Join(t.TempDir(), "e.db")
	db, err := sql.Open("sqlite", "file:"+f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE other (a)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := os.ReadFile(f)
	return raw
}

// TestExistingFolderGetsMarker: a data folder from before the marker gets
// one on its first start, so it is protected from then on.
func TestExistingFolderGetsMarker(t *testing.T) {
	dir := t.TempDir()
	srv, err := openAt(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	os.Remove(filepath.Join(dir, backup.MarkerFile))
	if srv, err = openAt(t, dir); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if _, err := os.Stat(filepath.Join(dir, backup.MarkerFile)); err != nil {
		t.Fatal("an existing database did not get its marker")
	}
}

// health asks GET /health, as anonymous when token is empty.
func health(t *testing.T, url, token string) (int, contract.Health) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/api/v1/health", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h contract.Health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, h
}

// adminToken signs in as an admin and returns the bearer token.
func adminToken(t *testing.T, url, user, password string) string {
	t.Helper()
	c, _ := client.New(url, "")
	s, err := c.Login(context.Background(), user, password)
	if err != nil {
		t.Fatal(err)
	}
	return s.Token
}

func codes(h contract.Health) string {
	var out []string
	for _, p := range h.Problems {
		out = append(out, p.Code)
	}
	return strings.Join(out, ",")
}

// TestHealthSaysWhenTheDatabaseFileGoes: deleting the database under a
// running server turns health into 503 "degraded" with the problem (it
// used to say "ok" while every new ticket went into a file nothing would
// find again); putting it back restores "ok".
func TestHealthSaysWhenTheDatabaseFileGoes(t *testing.T) {
	srv := servertest.New(t)
	admin := adminToken(t, srv.URL, servertest.AdminUser, servertest.AdminPassword)
	if status, h := health(t, srv.URL, ""); status != 200 || h.Status != "ok" || len(h.Problems) != 0 {
		t.Fatalf("healthy server: %d %+v", status, h)
	}
	db := filepath.Join(srv.Dir, server.DBFile)
	if err := os.Rename(db, db+".away"); err != nil {
		t.Fatal(err)
	}
	status, h := health(t, srv.URL, admin)
	if status != 503 || h.Status != "degraded" || codes(h) != contract.ProblemDatabaseMissing || !strings.Contains(h.Problems[0].Message, db) {
		t.Fatalf("health with the database deleted: %d %+v", status, h)
	}
	status, h = health(t, srv.URL, "")
	if status != 503 || codes(h) != contract.ProblemDatabaseMissing || strings.Contains(h.Problems[0].Message, srv.Dir) {
		t.Fatalf("anonymous health with the database deleted (no paths for the public): %d %+v", status, h)
	}
	if err := os.Rename(db+".away", db); err != nil {
		t.Fatal(err)
	}
	if status, h := health(t, srv.URL, ""); status != 200 || h.Status != "ok" {
		t.Fatalf("health with the database back: %d %+v", status, h)
	}
}

// TestHealthSaysWhenWritesFail fills the "disk" (SQLite's page cap on the
// writer connection, which fails exactly as a full disk does) and issues
// tickets until one is refused: health must then say the writes fail.
func TestHealthSaysWhenWritesFail(t *testing.T) {
	srv := servertest.New(t)
	err := srv.DB.Update(context.Background(), func(tx *store.Tx) error {
		var pages int
		if err := tx.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
			return err
		}
		_, err := tx.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	k := srv.Kiosk()
	var issueErr error
	for i := 0; i < 5000 && issueErr == nil; i++ {
		_, issueErr = k.Issue(context.Background(), "2.000884", "")
	}
	if issueErr == nil {
		t.Fatal("5000 tickets fitted in a full database")
	}
	// Signing in writes a session row, which still fits: health must not
	// turn "ok" because a small write passed while tickets fail.
	admin := adminToken(t, srv.URL, servertest.AdminUser, servertest.AdminPassword)
	status, h := health(t, srv.URL, admin)
	if status != 503 || codes(h) != contract.ProblemWriteFailed || !strings.Contains(h.Problems[0].Message, "full") {
		t.Fatalf("health while writes fail: %d %+v", status, h)
	}
	err = srv.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec("PRAGMA max_page_count = 1000000")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Issue(context.Background(), "2.000884", ""); err != nil {
		t.Fatal(err)
	}
	if status, _ := health(t, srv.URL, ""); status != 503 {
		t.Fatalf("health right after the disk has room again: %d, want the failure still shown", status)
	}
	srv.Clock.Advance(11 * time.Minute)
	if status, h := health(t, srv.URL, ""); status != 200 {
		t.Fatalf("health 11 minutes after the last failure: %d %+v", status, h)
	}
}

// TestServerTakesDailyBackups drives the server's own backup goroutine
// with a fake clock and a tick channel: nothing before the configured time,
// one backup after it, and a missing second folder shows in health.
func TestServerTakesDailyBackups(t *testing.T) {
	dir, backups := t.TempDir(), t.TempDir()
	c := clock.NewFake(servertest.Start) // 08:00
	tick := make(chan time.Time)
	checked := make(chan bool)
	srv, err := server.Open(context.Background(), server.Config{
		DataDir: dir, Clock: c, Hash: auth.TestParams, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Backup:        backup.Schedule{Dir: backups, Keep: 3, At: 12 * time.Hour, CopyTo: filepath.Join(dir, "usb-not-mounted")},
		BackupTick:    tick,
		BackupChecked: func(ran bool, _ error) { checked <- ran },
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String()
	if <-checked {
		t.Fatal("backup at start-up, before 12:00")
	}
	if err := srv.Auth.AddUser(context.Background(), "quantri", "mat-khau-quan-tri", contract.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	admin := adminToken(t, url, "quantri", "mat-khau-quan-tri")
	if status, _ := health(t, url, admin); status != 200 {
		t.Fatalf("health before any backup: %d", status)
	}
	c.Advance(4 * time.Hour)
	tick <- time.Time{}
	if !<-checked {
		t.Fatal("no backup at 12:00")
	}
	if got := files(t, backups); len(got) != 1 || got[0] != "motcua-20261125-120000.db" {
		t.Fatalf("backup folder: %v", got)
	}
	status, h := health(t, url, admin)
	if status != 503 || codes(h) != contract.ProblemBackupFailed || !strings.Contains(h.Problems[0].Message, "usb-not-mounted") {
		t.Fatalf("health with the second folder missing: %d %+v", status, h)
	}
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
