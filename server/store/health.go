package store

import (
	"errors"
	"os"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Health is what the store knows about its own file and its writes, so the
// server's health endpoint can say "the database is gone" or "writes are
// failing" instead of "ok" while tickets are being lost.
type Health struct {
	// Missing: the database's path no longer exists (deleted or its disk
	// unmounted). The server still writes to the open file, which nothing
	// will find after a restart.
	Missing bool
	// Replaced: a different file now sits at the database's path.
	Replaced bool
	// WriteErr is the storage error of the most recent write when it
	// failed (disk full, I/O error, read-only file system); nil once a
	// write succeeds again.
	WriteErr error
	// Failures counts the writes that failed with a storage error since
	// the store was opened, and LastFailure is the latest of those errors
	// (kept after later writes succeed: on a nearly full disk small
	// writes pass while tickets fail, and that must not look healthy).
	Failures    int64
	LastFailure error
}

// OK reports whether nothing is wrong.
func (h Health) OK() bool { return !h.Missing && !h.Replaced && h.WriteErr == nil }

// fileWatch remembers which file the database was opened on and the
// writer's storage failures.
type fileWatch struct {
	path     string
	opened   os.FileInfo // nil when the file could not be stat'ed at open
	mu       sync.Mutex
	writeErr error
	lastFail error
	failures int64
}

func newFileWatch(path string) *fileWatch {
	fi, _ := os.Stat(path)
	return &fileWatch{path: path, opened: fi}
}

// record notes the outcome of one commit: a storage error makes the store
// unhealthy until a later commit succeeds. Errors that are the change's own
// (a constraint, a domain refusal) say nothing about the disk.
func (f *fileWatch) record(err error) {
	if err != nil && !storageError(err) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writeErr = err
	if err != nil {
		f.failures++
		f.lastFail = err
	}
}

// storageError reports whether err is SQLite saying the disk or the file
// failed, rather than the change being refused.
func storageError(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB,
		sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY:
		return true
	}
	return false
}

// Health stats the database's path against the file opened and returns the
// writer's storage failures. It is cheap (one stat), so the health endpoint
// calls it on every request.
func (db *DB) Health() Health {
	f := db.watch
	var h Health
	fi, err := os.Stat(f.path)
	switch {
	case err != nil:
		h.Missing = true
	case f.opened != nil && !os.SameFile(f.opened, fi):
		h.Replaced = true
	}
	f.mu.Lock()
	h.WriteErr, h.Failures, h.LastFailure = f.writeErr, f.failures, f.lastFail
	f.mu.Unlock()
	return h
}

// noteCommit records a batch's outcome for Health: the batch's own error,
// else the first storage error among its changes (a full disk can fail
// one INSERT while the transaction itself still commits nothing), else a
// success if anything was committed.
func (db *DB) noteCommit(batch []*op, err error, committed bool) {
	if err != nil {
		db.watch.record(err)
		return
	}
	for _, o := range batch {
		if o.err != nil && storageError(o.err) {
			db.watch.record(o.err)
			return
		}
	}
	if committed {
		db.watch.record(nil)
	}
}
