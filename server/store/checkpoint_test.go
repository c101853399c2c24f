package store

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"motcua/server/clock"
)

// TestCheckpointsOutsideTheWriter: the writer's connection never
// checkpoints (wal_autocheckpoint 0), the checkpointer does, and the log
// stays bounded while far more than its size is written.
func TestCheckpointsOutsideTheWriter(t *testing.T) {
	db := openClock(t, clock.NewFake(t0))
	ctx := context.Background()
	var auto int
	if err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.QueryRow("PRAGMA wal_autocheckpoint").Scan(&auto); err != nil {
			return err
		}
		_, err := tx.Exec("CREATE TABLE blob (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d, want 0", auto)
	}
	row := strings.Repeat("x", 2000)
	const writers, each = 8, 250 // 4,000 rows of 2 kB: twice the default 1,000-page log
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if err := db.Update(ctx, func(tx *Tx) error { _, err := tx.Exec("INSERT INTO blob (v) VALUES (?)", row); return err }); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	deadline, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for n, _, _ := db.Checkpoints(); n == 0; n, _, _ = db.Checkpoints() {
		select {
		case <-deadline.Done():
			t.Fatal("the checkpointer never ran")
		case <-time.After(time.Millisecond):
		}
	}
	// Once the flood is over a pass copies the whole log, and the next
	// commit starts it again from the beginning, cut back to 4 MB.
	db.checkpoint(db.ckptConn)
	if _, _, complete := db.Checkpoints(); !complete {
		t.Fatal("a pass after the flood did not copy the whole log")
	}
	if err := db.Update(ctx, func(tx *Tx) error { _, err := tx.Exec("INSERT INTO blob (v) VALUES ('after')"); return err }); err != nil {
		t.Fatal(err)
	}
	wal, err := os.Stat(db.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if wal.Size() > 4<<20 {
		t.Fatalf("log is %d bytes after a complete checkpoint and a commit: it was not restarted", wal.Size())
	}
}
