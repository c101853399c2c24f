package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"motcua/server"
	"motcua/server/backup"
	"motcua/server/contract"
	"motcua/server/servertest"
	"motcua/server/store"
)

const procedure = "2.000884" // a procedure of the default catalogue

func issue(t *testing.T, srv *servertest.Server, n int) []contract.Ticket {
	t.Helper()
	k := srv.Kiosk()
	var out []contract.Ticket
	for range n {
		tk, err := k.Issue(context.Background(), procedure, "")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tk)
	}
	return out
}

func dbPath(srv *servertest.Server) string { return filepath.Join(srv.Dir, server.DBFile) }

// query opens a database file read-only for checking.
func query(t *testing.T, file string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?"+url.Values{"mode": {"ro"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestBackupWhileServing takes a backup while six kiosks issue tickets.
// The copy must be one consistent snapshot: every ticket acknowledged
// before the backup started is in it, and its day_numbers agree with its
// tickets (a cp of the live files gets neither right).
func TestBackupWhileServing(t *testing.T) {
	srv := servertest.New(t)
	before := issue(t, srv, 5)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := srv.Kiosk()
			for ctx.Err() == nil {
				if _, err := k.Issue(ctx, procedure, ""); err != nil && ctx.Err() == nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	out := filepath.Join(t.TempDir(), "nested", "copy.db")
	info, err := backup.Backup(context.Background(), dbPath(srv), out)
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if info.File != out || info.Size == 0 || info.Schema != store.SchemaVersion() {
		t.Fatalf("backup info %+v", info)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode %v %v: it holds password hashes, owner only", fi.Mode(), err)
	}
	db := query(t, out)
	for _, tk := range before {
		if count(t, db, "SELECT count(*) FROM tickets WHERE id = ? AND number = ?", tk.ID, tk.Number) != 1 {
			t.Fatalf("ticket %s acknowledged before the backup is not in it", tk.Number)
		}
	}
	tickets := count(t, db, "SELECT count(*) FROM tickets WHERE day = '2026-11-25'")
	last := count(t, db, "SELECT COALESCE(SUM(last), 0) FROM day_numbers WHERE day = '2026-11-25'")
	events := count(t, db, "SELECT count(*) FROM events WHERE type = ?", string(contract.EventTicketIssued))
	if tickets != last || tickets != events || tickets < int64(len(before)) {
		t.Fatalf("inconsistent snapshot: %d tickets, numbers up to %d, %d issue events", tickets, last, events)
	}
	if res, err := backup.Verify(context.Background(), out); err != nil || res.Schema != info.Schema {
		t.Fatalf("verify: %+v %v", res, err)
	}
	if left, _ := filepath.Glob(out + ".tmp-*"); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// TestBackupOfAStoppedServer works on a folder nobody has open (no -wal,
// no -shm) and never creates a database where there is none.
func TestBackupOfAStoppedServer(t *testing.T) {
	srv := servertest.New(t)
	tk := issue(t, srv, 1)[0]
	srv.Stop()
	out := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), out); err != nil {
		t.Fatal(err)
	}
	if count(t, query(t, out), "SELECT count(*) FROM tickets WHERE id = ?", tk.ID) != 1 {
		t.Fatal("ticket missing from the backup")
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := backup.Backup(context.Background(), missing, out+"2"); err == nil {
		t.Fatal("backup of a missing database succeeded")
	}
	for _, f := range []string{missing, out + "2"} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s was created: %v", f, err)
		}
	}
}

// TestVerifyRefusesBadFiles: a truncated or foreign file, an empty one and
// a database from a newer motcua are refused.
func TestVerifyRefusesBadFiles(t *testing.T) {
	srv := servertest.New(t)
	issue(t, srv, 3)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), good); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	cases := map[string][]byte{
		"empty":     nil,
		"garbage":   []byte(strings.Repeat("not a database ", 500)),
		"truncated": raw[:len(raw)/2],
		"damaged":   damage(raw),
	}
	for name, body := range cases {
		f := filepath.Join(dir, name+".db")
		os.WriteFile(f, body, 0o600)
		if _, err := backup.Verify(context.Background(), f); err == nil {
			t.Errorf("%s file passed Verify", name)
		}
	}
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, raw, 0o600)
	setVersion(t, newer, store.SchemaVersion()+1)
	if _, err := backup.Verify(context.Background(), newer); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("newer schema: %v", err)
	}
}

// damage overwrites the middle pages of a database with noise, leaving its
// header intact, as a bad sector or a torn copy would.
func damage(raw []byte) []byte {
	out := append([]byte(nil), raw...)
	for i := 4096; i < len(out)-4096; i += 4096 {
		copy(out[i:], strings.Repeat("\xff", 12)) // b-tree page headers
	}
	return out
}

func setVersion(t *testing.T, file string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileIsAtomic: the new content replaces the old one whole, with
// the requested mode even where a looser file stood, and nothing else is
// left in the folder.
func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "first-run.txt")
	os.WriteFile(f, []byte("old, world-readable"), 0o644)
	if err := backup.WriteFile(f, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f)
	fi, _ := os.Stat(f)
	entries, _ := os.ReadDir(dir)
	if string(got) != "new" || fi.Mode().Perm() != 0o600 || len(entries) != 1 {
		t.Fatalf("content %q, mode %v, %d entries", got, fi.Mode().Perm(), len(entries))
	}
}
