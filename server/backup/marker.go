package backup

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// MarkerFile, in the data folder, is written once the database exists. It
// is how the server tells "a new installation" (no database, no marker:
// create one) from "the database was lost" (marker, but no database or an
// empty one): in the second case starting from a fresh database would
// restart numbers at 001, kill every device token and print a new admin
// password, so the server refuses.
const MarkerFile = "motcua.id"

// ErrDatabaseLost means the data folder once had a database and it is now
// missing or empty.
var ErrDatabaseLost = errors.New("the database is missing or empty")

// CheckDatabase decides whether the database at dbPath may be opened
// (and created if new). It refuses, naming the file and both ways out, when
// the marker says a database existed and the file is gone or empty.
func CheckDatabase(dir, dbPath string) error {
	_, err := os.Stat(filepath.Join(dir, MarkerFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	fi, err := os.Stat(dbPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return lost(dir, dbPath, "không còn / does not exist")
	case err != nil:
		return err
	case fi.Size() == 0:
		return lost(dir, dbPath, "rỗng (0 byte) / is empty (0 bytes)")
	}
	if v, err := schemaOf(dbPath); err == nil && v == 0 {
		return lost(dir, dbPath, "không có bảng nào / has no tables")
	}
	return nil
}

// schemaOf reads a database's schema version without creating anything;
// opening read-write lets SQLite recover a -wal left by a crash, where a
// new database's first migrations may still be.
func schemaOf(dbPath string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(dbPath)+"?"+url.Values{"mode": {"rw"}}.Encode())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	err = db.QueryRow("PRAGMA user_version").Scan(&v)
	return v, err
}

func lost(dir, dbPath, what string) error {
	return fmt.Errorf(`%w: cơ sở dữ liệu %s %s.
Thư mục dữ liệu này đã có cơ sở dữ liệu; máy chủ không tạo cơ sở dữ liệu mới thay cho nó
(số phiếu sẽ bắt đầu lại từ 001, mọi mã thiết bị mất hiệu lực).
This data folder had a database; the server will not silently start a new one
(numbers would restart at 001 and every device token would stop working).
  - Khôi phục bản sao lưu / restore a backup:
      motcua-server restore --data %s %s
  - Hoặc cố ý bắt đầu từ đầu / or start fresh on purpose: delete %s and start again`,
		ErrDatabaseLost, dbPath, what, dir, filepath.Join(dir, "backups", "motcua-….db"), filepath.Join(dir, MarkerFile))
}

// WriteMarker records that the data folder has a database (if not yet
// recorded), durably.
func WriteMarker(dir string, now time.Time) error {
	path := filepath.Join(dir, MarkerFile)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	note := fmt.Sprintf("motcua data folder; database created or first seen %s.\n"+
		"While this file exists the server refuses to start on a missing or empty motcua.db.\n"+
		"Delete it only to start deliberately with a new, empty database.\n", now.Format(time.RFC3339))
	return WriteFile(path, []byte(note), 0o600)
}
