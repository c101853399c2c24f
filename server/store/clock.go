package store

import (
	"context"
	"sync/atomic"
	"time"

	"motcua/server/clock"
)

// Thresholds of a clock step worth telling the administrator about. A
// clock that moves back at all (beyond NTP's sub-second slewing) reorders
// what the log says happened; one that leaps forward by minutes more than
// the time that passed has been corrected or mis-set.
const (
	BackStep    = time.Second
	ForwardStep = 3 * time.Minute
)

// ClockStep is a step of the wall clock the writer saw between two changes.
type ClockStep struct {
	From, To time.Time
	// Jump is how far the wall clock moved beyond the time that passed:
	// negative when it went back.
	Jump time.Duration
}

// ClockWatch is told of a clock step, inside the writer, in a change of its
// own that runs just before the change that saw the step (so what it
// writes is committed with, or before, anything stamped with the new time).
type ClockWatch func(tx *Tx, step ClockStep) error

// WatchClock installs the function told of clock steps (the queue engine
// records them and keeps the day's tickets callable).
func (db *DB) WatchClock(w ClockWatch) { db.clockWatch.Store(&w) }

// clockReading is the writer's previous look at the clock.
type clockReading struct {
	wall    time.Time
	elapsed time.Duration
	counted bool // elapsed was read in this process (false for a time read back from the log)
}

// loadSeen starts the writer from the newest time in the event log, so a
// clock that is behind the log when the server starts (a board without a
// battery-backed clock, or a correction made while it was off) is reported
// on the first change.
func (db *DB) loadSeen(ctx context.Context) error {
	var at int64
	if err := db.w.QueryRowContext(ctx, "SELECT COALESCE(MAX(at), 0) FROM events").Scan(&at); err != nil {
		return err
	}
	if at > 0 {
		db.seen = clockReading{wall: time.UnixMicro(at)}
	}
	return nil
}

// tick reads the clock for a change and reports a step since the previous
// change. It runs only on the writer goroutine.
func (db *DB) tick() (time.Time, *ClockStep) {
	now := db.clock.Now()
	cur := clockReading{wall: now}
	if sw, ok := db.clock.(clock.Stopwatch); ok {
		cur.elapsed, cur.counted = sw.Elapsed(), true
	}
	prev := db.seen
	db.seen = cur
	if prev.wall.IsZero() {
		return now, nil
	}
	jump := now.Round(0).Sub(prev.wall.Round(0))
	if prev.counted && cur.counted {
		jump -= cur.elapsed - prev.elapsed
	} else if jump >= 0 {
		return now, nil // without a stopwatch only a step back can be told from time passing
	}
	if jump > -BackStep && jump < ForwardStep {
		return now, nil
	}
	return now, &ClockStep{From: prev.wall, To: now, Jump: jump}
}

// watcher is the installed ClockWatch, or nil.
func (db *DB) watcher() ClockWatch {
	if w := db.clockWatch.Load(); w != nil {
		return *w
	}
	return nil
}

// watchSlot holds the ClockWatch; the writer reads it while the engine may
// be installing it.
type watchSlot = atomic.Pointer[ClockWatch]
