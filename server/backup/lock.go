package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// LockFile, in the data folder, is locked by every process that has the
// database open: shared by the server and the administration commands,
// exclusive by a restore, which therefore refuses while the server runs.
// The lock is the kernel's (flock): it goes away with the process, so a
// crash never leaves a stale lock behind.
const LockFile = "motcua.lock"

// ErrInUse means another process has the data folder open.
var ErrInUse = errors.New("thư mục dữ liệu đang được dùng / the data folder is in use")

// Lock is a held lock on a data folder.
type Lock struct{ f *os.File }

// LockShared takes the data folder's lock for a process that uses the
// database; it waits for a restore in progress to finish.
func LockShared(dir string) (*Lock, error) { return lock(dir, false) }

// LockExclusive takes the data folder's lock for a restore. It does not
// wait: if the server or a command has the folder open it fails with
// ErrInUse at once.
func LockExclusive(dir string) (*Lock, error) { return lock(dir, true) }

func lock(dir string, exclusive bool) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := flock(f, exclusive); err != nil {
		f.Close()
		if errors.Is(err, ErrInUse) {
			return nil, fmt.Errorf("%w: %s (dừng máy chủ trước / stop the server first: systemctl stop motcua-server)", ErrInUse, dir)
		}
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release lets go of the lock (idempotent).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the file drops the flock
	l.f = nil
	return err
}
