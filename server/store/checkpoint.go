package store

import (
	"context"
	"database/sql"
	"time"
)

// checkpointEvery paces the checkpointer: often enough that each pass
// copies few pages (a short fsync of the database file), rarely enough not
// to compete with the writer for the disk.
const checkpointEvery = 250 * time.Millisecond

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
func (db *DB) checkpointer(c *sql.DB) {
	defer close(db.ckptDone)
	defer c.Close()
	for {
		select {
		case <-db.ckptWake:
		case <-db.quit:
			return
		}
		start := time.Now()
		var busy, log, done int
		err := c.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
		if err == nil {
			db.ckpts.Add(1)
			db.ckptNanos.Add(int64(time.Since(start)))
		}
		select {
		case <-time.After(checkpointEvery):
		case <-db.quit:
			return
		}
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

// Checkpoints reports how many checkpoints the checkpointer has run and
// their total time (outside the writer).
func (db *DB) Checkpoints() (n int64, total time.Duration) {
	return db.ckpts.Load(), time.Duration(db.ckptNanos.Load())
}
