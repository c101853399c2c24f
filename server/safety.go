package server

import (
	"context"
	"fmt"
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
	db, err := store.Open(ctx, path)
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

// Problems lists what is wrong with the server's data right now, for the
// health endpoint: an empty list means healthy.
func (s *Server) Problems() []contract.HealthProblem {
	var out []contract.HealthProblem
	add := func(code, msg string) { out = append(out, contract.HealthProblem{Code: code, Message: msg}) }
	path := filepath.Join(s.cfg.DataDir, DBFile)
	h := s.DB.Health()
	if h.Missing {
		add(contract.ProblemDatabaseMissing, fmt.Sprintf("Tệp cơ sở dữ liệu %s đã bị xoá hoặc ổ đĩa bị tháo: dữ liệu mới sẽ mất khi khởi động lại / "+
			"the database file %s was deleted or its disk unmounted: new data will be lost at the next restart", path, path))
	}
	if h.Replaced {
		add(contract.ProblemDatabaseReplaced, fmt.Sprintf("Một tệp khác đã thay thế %s khi máy chủ đang chạy / another file replaced %s while the server runs", path, path))
	}
	if h.WriteErr != nil {
		add(contract.ProblemWriteFailed, fmt.Sprintf("Ghi dữ liệu thất bại (ổ đĩa đầy?) / writing to the database fails (disk full?): %v", h.WriteErr))
	}
	st := s.BackupStatus()
	if st.LastErr != nil {
		add(contract.ProblemBackupFailed, fmt.Sprintf("Sao lưu hằng ngày thất bại / the daily backup failed: %v", st.LastErr))
	}
	if st.CopyErr != nil {
		add(contract.ProblemBackupFailed, fmt.Sprintf("Chép bản sao lưu sang thư mục thứ hai thất bại / copying the backup to the second folder failed: %v", st.CopyErr))
	}
	return out
}
