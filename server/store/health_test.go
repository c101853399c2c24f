package store

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// fillDisk caps the database at its current size, which is how SQLite
// behaves when the disk is full: every change needing a new page fails
// with SQLITE_FULL. The cap is on the writer's one connection.
func fillDisk(t *testing.T, db *DB) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *Tx) error {
		var pages int
		if err := tx.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
			return err
		}
		_, err := tx.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func bigRow(ctx context.Context, db *DB) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec("INSERT INTO audit (at, actor, role, action, detail) VALUES (0, 'test', 'admin', 'fill', ?)", strings.Repeat("x", 64<<10))
		return err
	})
}

// TestHealthReportsFailedWrites: when the disk is full, Health carries the
// error until a write succeeds again; a change refused for its own reasons
// does not count as a storage failure.
func TestHealthReportsFailedWrites(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if h := db.Health(); !h.OK() {
		t.Fatalf("fresh store unhealthy: %+v", h)
	}
	refused := errors.New("refused by the engine")
	if err := db.Update(ctx, func(*Tx) error { return refused }); !errors.Is(err, refused) {
		t.Fatal(err)
	}
	if h := db.Health(); !h.OK() {
		t.Fatalf("a refused change made the store unhealthy: %+v", h)
	}
	fillDisk(t, db)
	err := bigRow(ctx, db)
	if err == nil || !storageError(err) {
		t.Fatalf("write on a full disk: %v", err)
	}
	h := db.Health()
	if h.OK() || h.WriteErr == nil || h.Failures != 1 || !strings.Contains(h.WriteErr.Error(), "full") {
		t.Fatalf("health after a failed write: %+v", h)
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec("PRAGMA max_page_count = 1000000")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := bigRow(ctx, db); err != nil {
		t.Fatal(err)
	}
	if h := db.Health(); !h.OK() || h.Failures != 1 || h.LastFailure == nil {
		t.Fatalf("health after the disk has room again: %+v", h)
	}
}

// TestHealthSeesTheFileGo: deleting or replacing the database file under a
// running store shows in Health (the open file keeps working, so without
// this nothing would notice until the next restart started from nothing).
func TestHealthSeesTheFileGo(t *testing.T) {
	db, path := openTest(t)
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	if h := db.Health(); !h.Missing || h.OK() {
		t.Fatalf("health with the file gone: %+v", h)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if h := db.Health(); h.Missing || !h.Replaced {
		t.Fatalf("health with another file in its place: %+v", h)
	}
	os.Remove(path)
	if err := os.Rename(path+".moved", path); err != nil {
		t.Fatal(err)
	}
	if h := db.Health(); !h.OK() {
		t.Fatalf("health with the file back: %+v", h)
	}
}
