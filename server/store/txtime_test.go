package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"motcua/server/clock"
)

var t0 = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

func openClock(t *testing.T, c clock.Clock) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), WithClock(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// hold occupies the writer until the returned release is called, so the
// changes queued meanwhile run as one batch.
func hold(t *testing.T, db *DB) (release func()) {
	t.Helper()
	entered, gate := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(context.Background(), func(*Tx) error { close(entered); <-gate; return nil })
	}()
	<-entered
	return func() {
		close(gate)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// waitQueued waits until n changes wait for the writer.
func waitQueued(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for db.Queued() < n {
		select {
		case <-ctx.Done():
			t.Fatalf("only %d of %d changes queued", db.Queued(), n)
		case <-time.After(time.Millisecond):
		}
	}
}

// TestTxNowIsReadWhenTheChangeRuns: a change is stamped when the writer
// runs it, not when it was asked for, and keeps that time throughout.
func TestTxNowIsReadWhenTheChangeRuns(t *testing.T) {
	c := clock.NewFake(t0)
	db := openClock(t, c)
	release := hold(t, db)
	got := make(chan [2]time.Time, 1)
	go func() {
		db.Update(context.Background(), func(tx *Tx) error {
			a := tx.Now()
			c.Advance(time.Minute) // the clock moves during the change
			got <- [2]time.Time{a, tx.Now()}
			return nil
		})
	}()
	waitQueued(t, db, 1)
	c.Advance(time.Hour) // after the change was asked for, before it runs
	release()
	ts := <-got
	if !ts[0].Equal(t0.Add(time.Hour)) || !ts[1].Equal(ts[0]) {
		t.Fatalf("change stamped %v then %v, want %v throughout", ts[0], ts[1], t0.Add(time.Hour))
	}
}

// TestStagedValuesFollowTheBatch: a value staged by a change is seen by the
// later changes of the same transaction, not by those after a failed
// change, and is gone once the batch ends.
func TestStagedValuesFollowTheBatch(t *testing.T) {
	db := openClock(t, clock.NewFake(t0))
	release := hold(t, db)
	seen := make([]any, 4)
	fns := []func(tx *Tx) error{
		func(tx *Tx) error { tx.Stage("k", 1); return nil },
		func(tx *Tx) error { seen[1], _ = tx.Staged("k"); tx.Stage("k", 2); return errors.New("refused") },
		func(tx *Tx) error { seen[2], _ = tx.Staged("k"); return nil },
	}
	var wg sync.WaitGroup
	for i, fn := range fns {
		waitQueued(t, db, i)
		wg.Add(1)
		go func() { defer wg.Done(); db.Update(context.Background(), fn) }()
	}
	waitQueued(t, db, len(fns))
	release()
	wg.Wait()
	db.Update(context.Background(), func(tx *Tx) error { seen[3], _ = tx.Staged("k"); return nil })
	if fmt.Sprint(seen[1:]) != "[1 1 <nil>]" {
		t.Fatalf("staged values seen %v, want [1 1 <nil>]: the failed change's 2 must not leak, nor any value past the batch", seen[1:])
	}
	if c, n := db.Stats(); c < 2 || n < 3 {
		t.Fatalf("stats %d commits %d changes", c, n)
	}
}

// TestClockSteps: the writer reports a step of the wall clock (back by
// more than BackStep, forward by more than ForwardStep beyond the time
// that passed) once, in a change of its own before the change that saw it;
// time passing is never a step.
func TestClockSteps(t *testing.T) {
	c := clock.NewFake(t0)
	db := openClock(t, c)
	var steps []ClockStep
	var stampedAfter []time.Time
	db.WatchClock(func(tx *Tx, s ClockStep) error {
		if !tx.Now().Equal(s.To) {
			t.Errorf("report stamped %v, want %v", tx.Now(), s.To)
		}
		steps = append(steps, s) // the writer goroutine is the only caller
		return nil
	})
	change := func() {
		t.Helper()
		if err := db.Update(context.Background(), func(tx *Tx) error { stampedAfter = append(stampedAfter, tx.Now()); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	change()
	c.Advance(10 * time.Hour) // time passing, however long
	change()
	c.Set(c.Now().Add(2 * time.Minute)) // a small NTP correction
	change()
	c.Set(c.Now().Add(-30 * time.Minute)) // stepped back
	change()
	change()
	c.Set(c.Now().Add(365 * 24 * time.Hour)) // a year ahead
	change()
	if len(steps) != 2 {
		t.Fatalf("steps %+v, want 2", steps)
	}
	if steps[0].Jump != -30*time.Minute || steps[1].Jump != 365*24*time.Hour {
		t.Fatalf("jumps %v and %v", steps[0].Jump, steps[1].Jump)
	}
	if !steps[0].From.Equal(t0.Add(10*time.Hour+2*time.Minute)) || !steps[0].To.Equal(steps[0].From.Add(-30*time.Minute)) {
		t.Fatalf("step back from %v to %v", steps[0].From, steps[0].To)
	}
}

// TestClockBehindTheLogAtStart: a server that starts with its clock behind
// the newest event (corrected while it was off) reports the step on its
// first change.
func TestClockBehindTheLogAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	late := clock.NewFake(t0.Add(365 * 24 * time.Hour))
	db, err := Open(context.Background(), path, WithClock(late))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(context.Background(), func(tx *Tx) error {
		_, _, err := tx.AppendEvent("help.requested", tx.Now(), 1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openClock2(t, path, clock.NewFake(t0))
	var got []ClockStep
	db.WatchClock(func(tx *Tx, s ClockStep) error { got = append(got, s); return nil })
	db.Update(context.Background(), func(*Tx) error { return nil })
	db.Update(context.Background(), func(*Tx) error { return nil })
	if len(got) != 1 || got[0].Jump != -365*24*time.Hour {
		t.Fatalf("steps %+v, want one of a year back", got)
	}
}

func openClock2(t *testing.T, path string, c clock.Clock) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, WithClock(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrationKeepsTicketsInLine opens a database written by the schema
// before tickets had a sequence (version 2) and checks every leg keeps its
// id and data, gets its old rowid as seq, and a transferred leg its first
// leg's place in line.
func TestMigrationKeepsTicketsInLine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"migrations/0001_init.sql", "migrations/0002_faults.sql"} {
		if err := applyMigration(ctx, raw, name, i+1); err != nil {
			t.Fatal(err)
		}
	}
	ins := `INSERT INTO tickets (id, day, number, queue, procedure, status, issued_at, order_at, transferred_from, transferred_to)
		VALUES (?, '2026-11-25', ?, 'A', '1.001193', ?, ?, ?, ?, ?)`
	rows := [][]any{
		{"first", "A001", "transferred", 100, 100, "", "leg2"},
		{"other", "A002", "waiting", 200, 200, "", ""},
		{"leg2", "A001", "waiting", 300, 100, "first", ""},
	}
	for _, r := range rows {
		if _, err := raw.Exec(ins, r...); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db := openClock2(t, path, clock.NewFake(t0))
	got, err := db.Reader().Query("SELECT seq, line_seq, id, number, status, order_at FROM tickets ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	var out []string
	for got.Next() {
		var seq, line, orderAt int64
		var id, number, status string
		if err := got.Scan(&seq, &line, &id, &number, &status, &orderAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d/%d %s %s %s %d", seq, line, id, number, status, orderAt))
	}
	want := "[1/1 first A001 transferred 100 2/2 other A002 waiting 200 3/1 leg2 A001 waiting 100]"
	if fmt.Sprint(out) != want {
		t.Fatalf("after migration\n got %v\nwant %s", out, want)
	}
	var waiting int
	if err := db.Reader().QueryRow("SELECT waiting_normal FROM day_numbers WHERE day = '2026-11-25' AND queue = 'A'").Scan(&waiting); err != nil || waiting != 2 {
		t.Fatalf("waiting count after migration: %d %v, want the 2 waiting legs", waiting, err)
	}
	var next int64
	if err := db.Update(ctx, func(tx *Tx) error {
		return tx.QueryRow(`INSERT INTO tickets (seq, line_seq, id, day, number, queue, procedure, status, issued_at, order_at)
			SELECT s, s, 'new', '2026-11-25', 'A003', 'A', '1.001193', 'waiting', 400, 400 FROM (SELECT MAX(seq) + 1 AS s FROM tickets) RETURNING seq`).Scan(&next)
	}); err != nil || next != 4 {
		t.Fatalf("next seq %d, %v", next, err)
	}
}
