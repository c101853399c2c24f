package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"

	"motcua/server/clock"
)

// Schedule configures the daily automatic backups.
type Schedule struct {
	// Dir receives one backup a day, named motcua-YYYYMMDD-HHMMSS.db
	// (local time). Empty disables the daily backups.
	Dir string
	// Keep is how many daily backups stay in Dir (and in CopyTo); older
	// ones are deleted. Values below 1 mean 1.
	Keep int
	// CopyTo, if set, is a second folder (a USB drive, a NAS mount) that
	// receives a copy of each daily backup. It must exist: a missing
	// mount is reported, never papered over by writing under the empty
	// mount point.
	CopyTo string
	// At is the local time of day after which the day's backup is due
	// (0: on the first check of the day, that is at midnight or when the
	// server starts in the morning, capturing the whole previous day).
	At time.Duration
}

// DefaultKeep is how many daily backups are kept unless told otherwise:
// two weeks, enough to notice a mistake made last week.
const DefaultKeep = 14

// retryAfter is how long a failed backup waits before the next attempt,
// so a full disk is not hammered (and the log not flooded) every minute.
const retryAfter = 15 * time.Minute

// Status is the outcome of the daily backups so far, for the health
// endpoint and the logs.
type Status struct {
	LastOK      time.Time // when the last backup succeeded
	LastFile    string    // and where it went
	LastErr     error     // the last attempt's error; nil after a success
	LastAttempt time.Time
	CopyErr     error // the last copy to CopyTo's error; nil after a success
}

// Scheduler takes the daily backups of one database. Its Run loop is owned
// by the server and ends with it; the decision (Due) and the work (Check)
// take their time from the injected clock, so tests drive a whole day
// with a fake clock and a tick channel, without sleeping.
type Scheduler struct {
	cfg    Schedule
	dbPath string
	clock  clock.Clock
	loc    func() *time.Location
	log    *slog.Logger
	mu     sync.Mutex
	status Status
}

// NewScheduler returns a scheduler for the database at dbPath. loc gives
// the centre's time zone (it can change with the settings).
func NewScheduler(cfg Schedule, dbPath string, c clock.Clock, loc func() *time.Location, log *slog.Logger) *Scheduler {
	if cfg.Keep < 1 {
		cfg.Keep = 1
	}
	return &Scheduler{cfg: cfg, dbPath: dbPath, clock: c, loc: loc, log: log}
}

// Status returns the outcome of the backups so far.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Run checks whether a backup is due now and then at every tick, until ctx
// ends. after, if set, is told the outcome of every check (tests
// synchronise on it).
func (s *Scheduler) Run(ctx context.Context, tick <-chan time.Time, after func(ran bool, err error)) {
	for {
		ran, err := s.Check(ctx)
		if after != nil {
			after(ran, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

// Check takes the day's backup if it is due.
func (s *Scheduler) Check(ctx context.Context) (bool, error) {
	if !s.Due() {
		return false, nil
	}
	_, err := s.RunOnce(ctx)
	return true, err
}

// Due reports whether the day's backup should be taken now: the time of
// day has passed At, there is no backup dated today in Dir, and the last
// failure (if any) is older than retryAfter.
func (s *Scheduler) Due() bool {
	if s.cfg.Dir == "" {
		return false
	}
	now := s.clock.Now().In(s.loc())
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	if now.Sub(midnight) < s.cfg.At {
		return false
	}
	if st := s.Status(); st.LastErr != nil && now.Sub(st.LastAttempt) < retryAfter {
		return false
	}
	files, _ := dailyFiles(s.cfg.Dir)
	prefix := "motcua-" + now.Format("20060102") + "-"
	for _, f := range files {
		if len(f) > len(prefix) && f[:len(prefix)] == prefix {
			return false
		}
	}
	return true
}

// RunOnce takes a backup now into Dir, copies it to CopyTo, and keeps the
// newest Keep in each. Failures are logged and kept for Status.
func (s *Scheduler) RunOnce(ctx context.Context) (Info, error) {
	now := s.clock.Now().In(s.loc())
	name := "motcua-" + now.Format("20060102-150405") + ".db"
	info, err := Backup(ctx, s.dbPath, filepath.Join(s.cfg.Dir, name))
	if err == nil {
		err = prune(s.cfg.Dir, s.cfg.Keep)
	}
	copyErr := s.copy(info, err, name)
	s.mu.Lock()
	s.status.LastAttempt, s.status.LastErr, s.status.CopyErr = now, err, copyErr
	if err == nil {
		s.status.LastOK, s.status.LastFile = now, info.File
	}
	s.mu.Unlock()
	if err != nil {
		s.log.Error("daily backup failed", "dir", s.cfg.Dir, "err", err)
		return info, err
	}
	s.log.Info("daily backup", "file", info.File, "bytes", info.Size)
	if copyErr != nil {
		s.log.Error("copying the daily backup failed", "to", s.cfg.CopyTo, "err", copyErr)
	}
	return info, copyErr
}

// copy puts the day's backup in the second folder.
func (s *Scheduler) copy(info Info, backupErr error, name string) error {
	if s.cfg.CopyTo == "" || backupErr != nil {
		return nil
	}
	fi, err := os.Stat(s.cfg.CopyTo)
	if err != nil || !fi.IsDir() {
		return fmt.Errorf("backup: second folder %s is not there (drive not plugged in or not mounted?)", s.cfg.CopyTo)
	}
	if err := copyFile(info.File, filepath.Join(s.cfg.CopyTo, name), 0o600); err != nil {
		return err
	}
	return prune(s.cfg.CopyTo, s.cfg.Keep)
}

// dailyName matches the daily backups' names; nothing else in a folder is
// ever deleted by the retention.
var dailyName = regexp.MustCompile(`^motcua-\d{8}-\d{6}\.db$`)

// dailyTemp matches a daily backup's temporary file, left behind only if
// the server died while writing it.
var dailyTemp = regexp.MustCompile(`^motcua-\d{8}-\d{6}\.db\.tmp-[0-9a-f]{12}$`)

// dailyFiles lists the daily backups in dir, oldest first.
func dailyFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && dailyName.MatchString(e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// prune deletes all but the newest keep daily backups in dir, and the
// temporary files of backups interrupted by a crash.
func prune(dir string, keep int) error {
	files, err := dailyFiles(dir)
	if err != nil {
		return err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Type().IsRegular() && dailyTemp.MatchString(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	for len(files) > keep {
		if err := os.Remove(filepath.Join(dir, files[0])); err != nil {
			return err
		}
		files = files[1:]
	}
	return nil
}
