package store

import (
	"context"
	"database/sql"
	"time"
)

// checkpointEvery paces the checkpointer. Short: each pass then copies and
// fsyncs little, and the writer's own fsync, which the filesystem may make
// wait for the checkpoint's, is held back by a millisecond or two (at 250 ms
// a pass copied ~14 MB under load and the writer stalled up to 19 ms).
const checkpointEvery = 20 * time.Millisecond

// checkpointer copies committed pages from the write-ahead log into the
// database file on a connection of its own.
//
// SQLite's default is to do this inside the commit that crosses 1,000 WAL
// pages, on the writer's connection: on a year-old database that commit
// held the writer for 170–180 ms while it copied scattered pages and
// fsynced the file, and every kiosk waited. The writer's connection has
// wal_autocheckpoint off; this goroutine runs PASSIVE checkpoints (which
// never wait for, or block, the writer) shortly after commits. The writer
// restarts the log from its beginning by itself once a checkpoint has
// copied all of it.
func (db *DB) checkpointer() {
	defer close(db.ckptDone)
	defer db.ckptConn.Close()
	for {
		select {
		case <-db.ckptWake:
		case <-db.quit:
			return
		}
		db.checkpoint(db.ckptConn)
		select {
		case <-time.After(checkpointEvery):
		case <-db.quit:
			return
		}
	}
}

// checkpoint runs PASSIVE checkpoints until the whole log is copied (or a
// pass makes no progress, when a reader still needs old pages). The writer
// restarts the log from its beginning when it next begins a transaction
// after a complete pass, so under a steady stream of commits the log stays
// short; only a flood with no gap at all lets it grow until the flood
// ends.
func (db *DB) checkpoint(c *sql.DB) {
	start := time.Now()
	defer func() { db.ckptNanos.Add(int64(time.Since(start))) }()
	prev := -1
	for range 10 {
		var busy, log, done int
		if err := c.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
			return
		}
		db.ckpts.Add(1)
		db.ckptLast.Store(int64(log)<<32 | int64(done))
		if done >= log || done == prev {
			return
		}
		prev = done
	}
}

// wakeCheckpointer tells the checkpointer there is something to copy. It
// never blocks the writer.
func (db *DB) wakeCheckpointer() {
	select {
	case db.ckptWake <- struct{}{}:
	default:
	}
}

// Checkpoints reports how many checkpoint passes the checkpointer has run,
// their total time (outside the writer), and whether the last one copied
// the whole log.
func (db *DB) Checkpoints() (n int64, total time.Duration, complete bool) {
	last := db.ckptLast.Load()
	return db.ckpts.Load(), time.Duration(db.ckptNanos.Load()), last>>32 <= last&(1<<32-1)
}
