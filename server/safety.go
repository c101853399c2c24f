package server

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"motcua/server/backup"
	"motcua/server/contract"
	"motcua/server/store"
)

// openDB opens the data folder's database behind its guards: the shared
// lock that makes a restore refuse while this process runs, and the
// marker check that refuses to replace a lost database with a fresh one.
func openDB(ctx context.Context, cfg Config) (*store.DB, *backup.Lock, error) {
	lk, err := backup.LockShared(cfg.DataDir)
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(cfg.DataDir, DBFile)
	if err := backup.CheckDatabase(cfg.DataDir, path); err != nil {
		lk.Release()
		return nil, nil, err
	}
	db, err := store.Open(ctx, path, store.WithClock(cfg.Clock))
	if err != nil {
		lk.Release()
		return nil, nil, err
	}
	if err := backup.WriteMarker(cfg.DataDir, cfg.Clock.Now()); err != nil {
		db.Close()
		lk.Release()
		return nil, nil, err
	}
	return db, lk, nil
}

// backups runs the daily backups until the server stops.
type backups struct {
	sched  *backup.Scheduler
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// backupCheckEvery is how often the scheduler looks at the clock: the
// backup starts within a minute of the configured time.
const backupCheckEvery = time.Minute

func (s *Server) startBackups() {
	if s.cfg.Backup.Dir == "" {
		return
	}
	b := &backups{sched: backup.NewScheduler(s.cfg.Backup, filepath.Join(s.cfg.DataDir, DBFile), s.cfg.Clock, s.Engine.Location, s.cfg.Log)}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.done.Add(1)
	go func() {
		defer b.done.Done()
		tick := s.cfg.BackupTick
		if tick == nil {
			t := time.NewTicker(backupCheckEvery)
			defer t.Stop()
			tick = t.C
		}
		b.sched.Run(ctx, tick, s.cfg.BackupChecked)
	}()
	s.backups = b
}

func (s *Server) stopBackups() {
	if s.backups == nil {
		return
	}
	s.backups.cancel()
	s.backups.done.Wait()
}

// BackupStatus is the outcome of the daily backups (zero when disabled).
func (s *Server) BackupStatus() backup.Status {
	if s.backups == nil {
		return backup.Status{}
	}
	return s.backups.sched.Status()
}

// writeFailureShown is how long a failed write keeps health degraded after
// the server noticed it, even if later writes succeed: on a nearly full
// disk a session row fits where a ticket does not.
const writeFailureShown = 10 * time.Minute

// failures tracks when the server last saw the store's failure count grow.
type failures struct {
	mu   sync.Mutex
	seen int64
	at   time.Time
}

// writesFailing reports whether writes fail now or failed within
// writeFailureShown (by the injected clock).
func (s *Server) writesFailing(h store.Health) bool {
	if h.WriteErr != nil {
		return true
	}
	now := s.cfg.Clock.Now()
	f := &s.failures
	f.mu.Lock()
	defer f.mu.Unlock()
	if h.Failures > f.seen {
		f.seen, f.at = h.Failures, now
	}
	return f.seen > 0 && now.Sub(f.at) < writeFailureShown
}

// Problems lists what is wrong with the server's data right now, for the
// health endpoint: an empty list means healthy. Without detailed, the
// messages leave out paths and error texts (for anonymous callers).
func (s *Server) Problems(detailed bool) []contract.HealthProblem {
	var out []contract.HealthProblem
	add := func(code, msg, detail string) {
		if detailed {
			msg += ": " + detail
		}
		out = append(out, contract.HealthProblem{Code: code, Message: msg})
	}
	path := filepath.Join(s.cfg.DataDir, DBFile)
	h := s.DB.Health()
	if h.Missing {
		add(contract.ProblemDatabaseMissing, "Tệp cơ sở dữ liệu đã bị xoá hoặc ổ đĩa bị tháo, dữ liệu mới sẽ mất khi khởi động lại / "+
			"the database file was deleted or its disk unmounted, new data will be lost at the next restart", path)
	}
	if h.Replaced {
		add(contract.ProblemDatabaseReplaced, "Một tệp khác đã thay thế tệp cơ sở dữ liệu khi máy chủ đang chạy / "+
			"another file replaced the database file while the server runs", path)
	}
	if s.writesFailing(h) {
		add(contract.ProblemWriteFailed, "Ghi dữ liệu thất bại (ổ đĩa đầy?) / writing to the database fails (disk full?)", h.LastFailure.Error())
	}
	st := s.BackupStatus()
	if st.LastErr != nil {
		add(contract.ProblemBackupFailed, "Sao lưu hằng ngày thất bại / the daily backup failed", st.LastErr.Error())
	}
	if st.CopyErr != nil {
		add(contract.ProblemBackupFailed, "Chép bản sao lưu sang thư mục thứ hai thất bại / copying the backup to the second folder failed", st.CopyErr.Error())
	}
	return out
}
