// Package backup keeps the centre's data safe from the mistakes that lose
// it: copying a live database with cp (which lost 51 acknowledged tickets
// and re-issued their numbers), restoring over a running server, a
// database deleted or emptied behind the server's back, and a full disk.
//
// It makes consistent copies of a live database (VACUUM INTO on a read-only
// connection: the copy is one committed snapshot, taken while the server
// keeps writing), takes them daily with a retention count and an optional
// second folder, restores one with its numbering carried forward, and owns
// the data folder's guards: the lock that tells a restore the server is
// running, the marker that tells the server a database existed, and
// durable small-file writes. See BACKUP.md beside this file.
package backup

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"motcua/server/store"
)

// Info describes a verified backup file.
type Info struct {
	File   string
	Size   int64
	Schema int // PRAGMA user_version: the number of migrations applied
}

// Backup copies the database at dbPath into out, consistent even while a
// server writes to it: VACUUM INTO reads one committed snapshot through a
// read-only connection (it never takes the writer's lock, so kiosks keep
// issuing), into a temporary file beside out that is checked with
// integrity_check, fsynced and only then renamed to out. A missing
// database is an error, never an empty backup.
func Backup(ctx context.Context, dbPath, out string) (Info, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return Info{}, fmt.Errorf("backup: no database at %s: %w", dbPath, err)
	}
	out, err := filepath.Abs(out)
	if err != nil {
		return Info{}, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return Info{}, err
	}
	tmp := tempName(out)
	defer os.Remove(tmp)
	if err := vacuumInto(ctx, dbPath, tmp); err != nil {
		return Info{}, err
	}
	info, err := Verify(ctx, tmp)
	if err != nil {
		return Info{}, err
	}
	// The copy holds password and token hashes: owner only.
	if err := os.Chmod(tmp, 0o600); err != nil {
		return Info{}, err
	}
	if err := syncFile(tmp); err != nil {
		return Info{}, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return Info{}, err
	}
	info.File = out
	return info, syncDir(filepath.Dir(out))
}

// tempName is a name beside file that no other backup in progress uses.
func tempName(file string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return file + ".tmp-" + hex.EncodeToString(b)
}

func vacuumInto(ctx context.Context, dbPath, tmp string) error {
	db, err := sql.Open("sqlite", readOnlyDSN(dbPath))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup: copy %s: %w", dbPath, err)
	}
	return nil
}

// readOnlyDSN opens an existing database without ever creating or writing
// it; busy_timeout lets it wait out the server's checkpoint.
func readOnlyDSN(path string) string {
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("_pragma", "busy_timeout(10000)")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// ErrDamaged means a file is not a sound motcua database.
var ErrDamaged = errors.New("backup: not a sound motcua database")

// Verify checks that file is a sound motcua database this program can run:
// integrity_check says ok, it has a schema, and that schema is not newer
// than the program's.
func Verify(ctx context.Context, file string) (Info, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return Info{}, err
	}
	if fi.Size() == 0 {
		return Info{}, fmt.Errorf("%w: %s is empty", ErrDamaged, file)
	}
	db, err := sql.Open("sqlite", readOnlyDSN(file))
	if err != nil {
		return Info{}, err
	}
	defer db.Close()
	info := Info{File: file, Size: fi.Size()}
	var verdict string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return Info{}, fmt.Errorf("%w: %s: %v", ErrDamaged, file, err)
	}
	if verdict != "ok" {
		return Info{}, fmt.Errorf("%w: %s: integrity_check: %s", ErrDamaged, file, verdict)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&info.Schema); err != nil {
		return Info{}, err
	}
	if info.Schema < 1 {
		return Info{}, fmt.Errorf("%w: %s has no motcua tables", ErrDamaged, file)
	}
	if info.Schema > store.SchemaVersion() {
		return Info{}, fmt.Errorf("%w: %s (schema %d, this program knows %d): restore it with a newer motcua-server",
			store.ErrSchemaTooNew, file, info.Schema, store.SchemaVersion())
	}
	return info, nil
}

// syncFile flushes a file's contents to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// syncDir flushes a folder's entries, so a rename into it survives a power
// cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// copyFile copies src to dst durably: a temporary file beside dst,
// fsynced, renamed, and the folder fsynced.
func copyFile(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeDurable(dst, perm, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// WriteFile writes data to path durably and atomically: a reader sees the
// old file or the whole new one, and after a power cut the new one is
// there (temporary file, fsync, rename, fsync of the folder). first-run.txt
// is written with it: the first admin's password must not vanish.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return writeDurable(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func writeDurable(path string, perm os.FileMode, fill func(io.Writer) error) error {
	tmp := tempName(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := errors.Join(fill(f), f.Sync(), f.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}
