package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"time"

	"motcua/server"
	"motcua/server/backup"
	"motcua/server/clock"
	"motcua/server/queue"
)

// BackupDir is the daily backups' folder inside the data folder, unless
// --backup-dir says otherwise.
const BackupDir = "backups"

// backupFlags are serve's daily-backup flags.
type backupFlags struct {
	dir, copyTo, at string
	keep            int
}

func addBackupFlags(fs *flag.FlagSet) *backupFlags {
	b := &backupFlags{}
	fs.StringVar(&b.dir, "backup-dir", "", "folder for the daily backups (default DATA/backups; \"off\" disables them)")
	fs.IntVar(&b.keep, "backup-keep", backup.DefaultKeep, "how many daily backups to keep")
	fs.StringVar(&b.copyTo, "backup-copy-to", "", "second folder (USB drive, NAS mount) that also receives each daily backup")
	fs.StringVar(&b.at, "backup-at", "00:00", "local time HH:MM after which the day's backup is taken (00:00: at midnight or at start-up)")
	return b
}

// schedule turns the flags into the server's backup settings.
func (b *backupFlags) schedule(data string) (backup.Schedule, error) {
	if b.dir == "off" {
		return backup.Schedule{}, nil
	}
	at, err := time.Parse("15:04", b.at)
	if err != nil {
		return backup.Schedule{}, fmt.Errorf("--backup-at %q: want HH:MM", b.at)
	}
	if b.keep < 1 {
		return backup.Schedule{}, fmt.Errorf("--backup-keep %d: keep at least 1", b.keep)
	}
	dir := b.dir
	if dir == "" {
		dir = filepath.Join(data, BackupDir)
	}
	return backup.Schedule{
		Dir: dir, Keep: b.keep, CopyTo: b.copyTo,
		At: time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute,
	}, nil
}

// openServing opens the data folder for serve, with the daily backups.
func (m *Main) openServing(ctx context.Context, data string, b *backupFlags) (*server.Server, error) {
	sched, err := b.schedule(data)
	if err != nil {
		return nil, err
	}
	return server.Open(ctx, server.Config{DataDir: data, Backup: sched, Log: slog.New(slog.NewTextHandler(m.err, nil))})
}

// backup writes a consistent copy of the database, even while the server
// runs: motcua-server backup --data DIR --out FILE.
func (m *Main) backup(ctx context.Context, args []string) error {
	fs, data := m.flags("backup")
	out := fs.String("out", "", "the backup file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup: --out FILE is required")
	}
	// Shared: the server may run; a restore may not start meanwhile.
	lk, err := backup.LockShared(*data)
	if err != nil {
		return err
	}
	defer lk.Release()
	info, err := backup.Backup(ctx, filepath.Join(*data, server.DBFile), *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "đã sao lưu / backed up: %s (%d bytes, schema %d, integrity ok)\n", info.File, info.Size, info.Schema)
	return nil
}

// restore puts a backup in place of the database:
// motcua-server restore --data DIR FILE.
func (m *Main) restore(ctx context.Context, args []string) error {
	fs, data := m.flags("restore")
	file, err := m.parseWithFile(fs, args)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(queue.DefaultTimeZone)
	if err != nil {
		return err
	}
	now := clock.System{}.Now().In(loc)
	rep, err := backup.Restore(ctx, backup.RestoreOptions{
		DataDir: *data, DBFile: server.DBFile, From: file, Now: now, Day: now.Format("2006-01-02"),
	})
	if err != nil {
		return err
	}
	m.printRestore(rep)
	return nil
}

func (m *Main) printRestore(rep backup.RestoreReport) {
	fmt.Fprintf(m.out, "đã khôi phục / restored %s (schema %d)\n", rep.Backup.File, rep.Backup.Schema)
	for _, f := range rep.Replaced {
		fmt.Fprintf(m.out, "  cơ sở dữ liệu cũ để ở / replaced database kept as %s\n", f)
	}
	if rep.Exact {
		fmt.Fprintln(m.out, "  số phiếu và số sự kiện tiếp nối cơ sở dữ liệu cũ / numbering continues from the replaced database")
	} else {
		fmt.Fprintf(m.out, "  không tiếp nối được số từ cơ sở dữ liệu cũ: số phiếu hôm nay tăng thêm %d, số sự kiện thêm %d /\n"+
			"  numbering could not be carried over (%v): today's numbers jump by %d, the event sequence by %d\n",
			backup.NumberMargin, backup.SeqMargin, rep.Unreadable, backup.NumberMargin, backup.SeqMargin)
	}
	queues := make([]string, 0, len(rep.NextNumbers))
	for q := range rep.NextNumbers {
		queues = append(queues, q)
	}
	sort.Strings(queues)
	for _, q := range queues {
		fmt.Fprintf(m.out, "  hôm nay hàng %s tiếp theo / today's next in %s: %s%03d\n", q, q, q, rep.NextNumbers[q])
	}
	fmt.Fprintf(m.out, "  sự kiện tiếp theo / next event seq: %d\n", rep.LastSeq+1)
	fmt.Fprintln(m.out, "  Phiếu lấy sau thời điểm sao lưu không có trong bản khôi phục / tickets issued after the backup are not in it.")
}
