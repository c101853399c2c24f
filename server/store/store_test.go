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

	"motcua/server/contract"
)

func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestDurabilityPragmas(t *testing.T) {
	db, _ := openTest(t)
	var mode string
	var sync int
	err := db.Update(context.Background(), func(tx *Tx) error {
		if err := tx.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			return err
		}
		return tx.QueryRow("PRAGMA synchronous").Scan(&sync)
	})
	if err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
	var ro int
	db.Reader().QueryRow("PRAGMA query_only").Scan(&ro)
	if ro != 1 {
		t.Fatal("reader connections are not read-only")
	}
}

func TestMigrationsRefuseNewerSchema(t *testing.T) {
	db, path := openTest(t)
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("open newer schema: %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	db, path := openTest(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		_, _, err := tx.AppendEvent(contract.EventHelpRequested, time.Now(), map[string]int{"id": 1})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if seq, _ := LastSeq(ctx, db2.Reader()); seq != 1 {
		t.Fatalf("last seq after reopen %d", seq)
	}
	if res, err := db2.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity %q %v", res, err)
	}
}

// TestGroupCommitIsolatesChanges sends many changes at once, some failing
// and one panicking: the others commit, the failures leave no trace, the
// sequence has no gap, and after-commit hooks run in commit order.
func TestGroupCommitIsolatesChanges(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	var mu sync.Mutex
	var published []int64
	var wg sync.WaitGroup
	errs := make([]error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Update(ctx, func(tx *Tx) error {
				ev, _, err := tx.AppendEvent(contract.EventHelpRequested, time.Now(), map[string]int{"i": i})
				if err != nil {
					return err
				}
				if i%7 == 3 {
					return errors.New("refused")
				}
				if i == 50 {
					panic("bad input")
				}
				tx.OnCommit(func() {
					mu.Lock()
					published = append(published, ev.Seq)
					mu.Unlock()
				})
				return nil
			})
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case i%7 == 3 || i == 50:
			if err == nil {
				t.Fatalf("change %d should have failed", i)
			}
		case err != nil:
			t.Fatalf("change %d: %v", i, err)
		default:
			ok++
		}
	}
	var n int
	db.Reader().QueryRow("SELECT COUNT(*) FROM events").Scan(&n)
	if n != ok || len(published) != ok {
		t.Fatalf("%d events stored, %d published, %d changes succeeded", n, len(published), ok)
	}
	for i, seq := range published {
		if seq != int64(i+1) {
			t.Fatalf("published seq %d at position %d: not gap-free and ordered", seq, i)
		}
	}
}

func TestEventsSinceAndPrune(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		db.Update(ctx, func(tx *Tx) error {
			_, _, err := tx.AppendEvent(contract.EventHelpRequested, t0.Add(time.Duration(i)*24*time.Hour), i)
			return err
		})
	}
	evs, oldest, err := db.EventsSince(ctx, 2, 10, time.UTC)
	if err != nil || len(evs) != 3 || evs[0].Event.Seq != 3 || oldest != 1 {
		t.Fatalf("since 2: %d events, oldest %d, %v", len(evs), oldest, err)
	}
	db.Update(ctx, func(tx *Tx) error { return tx.PruneEvents(t0.Add(10 * 24 * time.Hour)) })
	evs, oldest, _ = db.EventsSince(ctx, 0, 10, time.UTC)
	if len(evs) != 1 || oldest != 5 {
		t.Fatalf("after prune: %d events, oldest %d; the newest must stay", len(evs), oldest)
	}
	db.Update(ctx, func(tx *Tx) error {
		ev, _, err := tx.AppendEvent(contract.EventHelpRequested, t0, 6)
		if ev.Seq != 6 {
			t.Errorf("seq after prune %d, want 6", ev.Seq)
		}
		return err
	})
}

func TestUpdateAfterClose(t *testing.T) {
	db, _ := openTest(t)
	db.Close()
	if err := db.Update(context.Background(), func(*Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("update after close: %v", err)
	}
}
