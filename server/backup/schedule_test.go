package backup_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motcua/server/backup"
	"motcua/server/clock"
	"motcua/server/servertest"
)

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

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

func newScheduler(srv *servertest.Server, cfg backup.Schedule, c clock.Clock) *backup.Scheduler {
	return backup.NewScheduler(cfg, dbPath(srv), c, func() *time.Location { return hcm }, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// TestScheduleDailyWithRetention walks a fake clock through five days with
// the backup due at 12:00: one backup a day, taken only after noon, named
// with the date, the newest three kept in the folder and in the second
// folder, a crash's temporary file cleared, and files that are not daily
// backups never deleted.
func TestScheduleDailyWithRetention(t *testing.T) {
	srv := servertest.New(t)
	dir, second := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep-me.db"), []byte("an administrator's own file"), 0o600)
	os.WriteFile(filepath.Join(dir, "motcua-20261120-000000.db.tmp-0123456789ab"), []byte("left by a crash"), 0o600)
	c := clock.NewFake(time.Date(2026, 11, 23, 8, 0, 0, 0, hcm))
	s := newScheduler(srv, backup.Schedule{Dir: dir, Keep: 3, CopyTo: second, At: 12 * time.Hour}, c)
	ctx := context.Background()
	for day := range 5 {
		if ran, err := s.Check(ctx); ran || err != nil {
			t.Fatalf("day %d, 08:00: backup ran (%v, %v) before its time", day, ran, err)
		}
		c.Advance(4*time.Hour + time.Minute) // 12:01
		if ran, err := s.Check(ctx); !ran || err != nil {
			t.Fatalf("day %d, 12:01: backup did not run: %v", day, err)
		}
		c.Advance(3 * time.Hour)
		if ran, _ := s.Check(ctx); ran {
			t.Fatalf("day %d: a second backup the same day", day)
		}
		st := s.Status()
		want := "motcua-" + c.Now().Format("20060102") + "-120100.db"
		if st.LastErr != nil || filepath.Base(st.LastFile) != want {
			t.Fatalf("day %d: status %+v, want file %s", day, st, want)
		}
		c.Advance(17*time.Hour - time.Minute) // next day 08:00
	}
	wantDir := []string{"keep-me.db", "motcua-20261125-120100.db", "motcua-20261126-120100.db", "motcua-20261127-120100.db"}
	if got := files(t, dir); strings.Join(got, " ") != strings.Join(wantDir, " ") {
		t.Fatalf("backup folder: %v, want %v", got, wantDir)
	}
	if got := files(t, second); strings.Join(got, " ") != strings.Join(wantDir[1:], " ") {
		t.Fatalf("second folder: %v, want %v", got, wantDir[1:])
	}
	if _, err := backup.Verify(ctx, filepath.Join(second, wantDir[3])); err != nil {
		t.Fatalf("copy in the second folder: %v", err)
	}
}

// TestScheduleAtMidnightRunsOnStart: with At 00:00 (the default) the
// first check of a day takes the backup, so a server switched on each
// morning backs up yesterday's work as it starts; a restart the same day
// does not take another (the folder already has today's).
func TestScheduleAtMidnightRunsOnStart(t *testing.T) {
	srv := servertest.New(t)
	dir := t.TempDir()
	c := clock.NewFake(time.Date(2026, 11, 25, 7, 30, 0, 0, hcm))
	cfg := backup.Schedule{Dir: dir, Keep: 14}
	if ran, err := newScheduler(srv, cfg, c).Check(context.Background()); !ran || err != nil {
		t.Fatalf("first check of the day: %v %v", ran, err)
	}
	c.Advance(time.Hour)
	if ran, _ := newScheduler(srv, cfg, c).Check(context.Background()); ran {
		t.Fatal("a restarted scheduler took a second backup the same day")
	}
}

// TestScheduleFailures: a missing second folder (USB drive unplugged) is
// reported without touching the backup itself, and is never created; a
// failing backup is reported and retried after 15 minutes, not at every
// tick.
func TestScheduleFailures(t *testing.T) {
	srv := servertest.New(t)
	dir := t.TempDir()
	usb := filepath.Join(t.TempDir(), "usb")
	c := clock.NewFake(time.Date(2026, 11, 25, 9, 0, 0, 0, hcm))
	s := newScheduler(srv, backup.Schedule{Dir: dir, Keep: 2, CopyTo: usb}, c)
	_, err := s.Check(context.Background())
	st := s.Status()
	if err == nil || st.CopyErr == nil || st.LastErr != nil || st.LastFile == "" {
		t.Fatalf("missing second folder: %v, status %+v", err, st)
	}
	if _, err := os.Stat(usb); !os.IsNotExist(err) {
		t.Fatal("the missing second folder was created")
	}

	blocked := filepath.Join(t.TempDir(), "file-not-folder")
	os.WriteFile(blocked, nil, 0o600)
	s = newScheduler(srv, backup.Schedule{Dir: filepath.Join(blocked, "backups"), Keep: 2}, c)
	if ran, err := s.Check(context.Background()); !ran || err == nil || s.Status().LastErr == nil {
		t.Fatalf("backup into an impossible folder: %v %v", ran, err)
	}
	c.Advance(time.Minute)
	if ran, _ := s.Check(context.Background()); ran {
		t.Fatal("retried a minute after a failure")
	}
	c.Advance(15 * time.Minute)
	if ran, _ := s.Check(context.Background()); !ran {
		t.Fatal("not retried 16 minutes after a failure")
	}
}
