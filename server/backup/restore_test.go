package backup_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"motcua/server"
	"motcua/server/backup"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
	"motcua/server/store"
)

func restoreOpts(srv *servertest.Server, from string) backup.RestoreOptions {
	now := srv.Clock.Now()
	return backup.RestoreOptions{DataDir: srv.Dir, DBFile: server.DBFile, From: from, Now: now, Day: "2026-11-25"}
}

func lastSeq(t *testing.T, srv *servertest.Server) int64 {
	t.Helper()
	seq, err := store.LastSeq(context.Background(), srv.DB.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// TestRestoreContinuesNumbering: tickets A, backup, more tickets B, restore
// the backup, more tickets C. The restored server has A but not B, no
// number of B is issued again in C, the event sequence carries on after
// B's events, and the database that was replaced is kept aside.
func TestRestoreContinuesNumbering(t *testing.T) {
	srv := servertest.New(t)
	a := issue(t, srv, 3)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), file); err != nil {
		t.Fatal(err)
	}
	b := issue(t, srv, 4)
	edited, err := srv.Engine.ReplaceCatalogue(context.Background(), srv.Engine.Catalogue(), queue.Actor{Name: "test", Role: contract.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	seqB := lastSeq(t, srv)
	srv.Stop()

	rep, err := backup.Restore(context.Background(), restoreOpts(srv, file))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Exact || rep.LastSeq != seqB || len(rep.Replaced) == 0 {
		t.Fatalf("report %+v, want exact carry-over to seq %d", rep, seqB)
	}
	srv.Restart()
	k := srv.Kiosk()
	ctx := context.Background()
	if got, err := k.Ticket(ctx, a[0].ID); err != nil || got.Number != a[0].Number {
		t.Fatalf("ticket from before the backup: %+v %v", got, err)
	}
	if _, err := k.Ticket(ctx, b[0].ID); client.Code(err) != "not_found" {
		t.Fatalf("ticket from after the backup is in the restored database: %v", err)
	}
	printed := map[string]bool{}
	for _, tk := range append(a, b...) {
		printed[tk.Number] = true
	}
	for _, tk := range issue(t, srv, 3) {
		if printed[tk.Number] {
			t.Fatalf("number %s issued again after the restore", tk.Number)
		}
	}
	if seq := lastSeq(t, srv); seq != seqB+3 {
		t.Fatalf("event seq after restore and 3 tickets: %d, want %d (it must carry on after %d)", seq, seqB+3, seqB)
	}
	if v := srv.Engine.Catalogue().Version; v != edited.Version+1 {
		t.Fatalf("restored catalogue has version %d; %d was used after the backup, want %d", v, edited.Version, edited.Version+1)
	}
	old := query(t, rep.Replaced[0])
	if count(t, old, "SELECT count(*) FROM tickets WHERE id = ?", b[0].ID) != 1 {
		t.Fatal("the replaced database kept aside does not hold the later tickets")
	}
}

// TestRestoreRefusesWhileServing: with the server running, restore fails
// at once and the database is untouched.
func TestRestoreRefusesWhileServing(t *testing.T) {
	srv := servertest.New(t)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), file); err != nil {
		t.Fatal(err)
	}
	tk := issue(t, srv, 1)[0]
	_, err := backup.Restore(context.Background(), restoreOpts(srv, file))
	if !errors.Is(err, backup.ErrInUse) || !strings.Contains(err.Error(), srv.Dir) {
		t.Fatalf("restore under a running server: %v", err)
	}
	if got, err := srv.Kiosk().Ticket(context.Background(), tk.ID); err != nil || got.Number != tk.Number {
		t.Fatalf("database changed by a refused restore: %v", err)
	}
	if left, _ := filepath.Glob(dbPath(srv) + ".*"); len(left) != 0 {
		for _, f := range left {
			if !strings.HasSuffix(f, "-wal") && !strings.HasSuffix(f, "-shm") {
				t.Fatalf("refused restore left %s", f)
			}
		}
	}
}

// TestRestoreRefusesBadBackups leaves the database in place when the
// backup is damaged or from a newer program.
func TestRestoreRefusesBadBackups(t *testing.T) {
	srv := servertest.New(t)
	tk := issue(t, srv, 2)[1]
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), file); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	raw, _ := os.ReadFile(file)
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	os.WriteFile(damaged, damage(raw), 0o600)
	newer := filepath.Join(t.TempDir(), "newer.db")
	os.WriteFile(newer, raw, 0o600)
	setVersion(t, newer, store.SchemaVersion()+1)
	for f, want := range map[string]error{damaged: backup.ErrDamaged, newer: store.ErrSchemaTooNew} {
		if _, err := backup.Restore(context.Background(), restoreOpts(srv, f)); !errors.Is(err, want) {
			t.Fatalf("restore %s: %v, want %v", filepath.Base(f), err, want)
		}
	}
	entries, _ := os.ReadDir(srv.Dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "replaced") || strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("a refused restore left %s", e.Name())
		}
	}
	srv.Restart()
	if got, err := srv.Kiosk().Ticket(context.Background(), tk.ID); err != nil || got.Number != tk.Number {
		t.Fatalf("database changed by a refused restore: %v", err)
	}
}

// TestRestoreOverUnreadableDatabase: when the database being replaced is
// damaged (or gone), its numbers cannot be read, so today's numbers jump
// by the margin in every queue and the event sequence by its margin.
func TestRestoreOverUnreadableDatabase(t *testing.T) {
	srv := servertest.New(t)
	a := issue(t, srv, 2)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), file); err != nil {
		t.Fatal(err)
	}
	seq := lastSeq(t, srv)
	srv.Stop()
	for _, s := range []string{"-wal", "-shm"} {
		os.Remove(dbPath(srv) + s)
	}
	if err := os.WriteFile(dbPath(srv), []byte(strings.Repeat("garbage", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := backup.Restore(context.Background(), restoreOpts(srv, file))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Exact || rep.Unreadable == nil || rep.LastSeq != seq+backup.SeqMargin {
		t.Fatalf("report %+v", rep)
	}
	q := a[0].Queue
	other := "A" // a queue with no ticket today: numbers printed since the backup may be there too
	if q == other {
		other = "B"
	}
	if rep.NextNumbers[q] != 2+backup.NumberMargin+1 || rep.NextNumbers[other] != backup.NumberMargin+1 {
		t.Fatalf("next numbers %v: want %s%03d and %s%03d", rep.NextNumbers, q, 2+backup.NumberMargin+1, other, backup.NumberMargin+1)
	}
	srv.Restart()
	if tk := issue(t, srv, 1)[0]; tk.Number != a[0].Queue+"503" {
		t.Fatalf("first ticket after a margin restore: %s", tk.Number)
	}
}

// TestRestoreOnANewMachine: restoring into a data folder that does not
// exist yet (the old appliance died) works, with the margins, since there
// is no database to carry numbering from; the server then starts on it.
func TestRestoreOnANewMachine(t *testing.T) {
	srv := servertest.New(t)
	tk := issue(t, srv, 1)[0]
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Backup(context.Background(), dbPath(srv), file); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	srv.Dir = filepath.Join(t.TempDir(), "new", "data")
	rep, err := backup.Restore(context.Background(), restoreOpts(srv, file))
	if err != nil || rep.Exact || len(rep.Replaced) != 0 || rep.NextNumbers[tk.Queue] != 1+backup.NumberMargin+1 {
		t.Fatalf("restore into a new folder: %+v %v", rep, err)
	}
	srv.Restart()
	if got, err := srv.Kiosk().Ticket(context.Background(), tk.ID); err != nil || got.Number != tk.Number {
		t.Fatalf("ticket after restoring on a new machine: %+v %v", got, err)
	}
}
