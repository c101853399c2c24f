package backup

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Margins used when the replaced database cannot be read, so numbering
// cannot be carried over exactly: today's numbers jump by NumberMargin in
// every queue and the event sequence by SeqMargin. A ward centre issues a
// few hundred tickets a day in all, and a daily backup is at most a day
// old, so no number printed since the backup can come back.
const (
	NumberMargin = 500
	SeqMargin    = 1_000_000
)

// RestoreOptions says what to restore where.
type RestoreOptions struct {
	DataDir string // the data folder
	DBFile  string // the database's name in it (server.DBFile)
	From    string // the backup file
	Now     time.Time
	Day     string // today's service day (YYYY-MM-DD in the centre's zone), for the margins
}

// RestoreReport says what a restore did.
type RestoreReport struct {
	Backup   Info
	Replaced []string // where the database it replaced (and its -wal, -shm) now are
	// Exact: numbering was carried over from the replaced database; false
	// means it could not be read (or there was none) and the margins were
	// applied to today's numbers instead.
	Exact       bool
	Unreadable  error             // why the replaced database could not be read
	NextNumbers map[string]int    // today's queue → the next number it will issue
	LastSeq     int64             // the event sequence continues after this
	Numbers     map[[2]string]int // (day, queue) → last number, as written into the restored database
}

// Restore puts a backup in place of the data folder's database. It refuses
// while anything has the folder open (the server, an administration
// command); it checks the backup (integrity_check, a schema this program
// knows); it moves the current database and its -wal and -shm aside as
// DBFILE.replaced-YYYYMMDD-HHMMSS rather than deleting them; and it carries
// numbering forward, so that no ticket number printed after the backup is
// issued again and the event sequence never goes back (clients resume with
// ?since=): the restored database gets, for every day and queue, the
// higher of its own last number and the replaced database's, and its event
// sequence continues after the replaced database's newest event.
func Restore(ctx context.Context, o RestoreOptions) (RestoreReport, error) {
	var rep RestoreReport
	// A new machine replacing a dead one starts with no data folder.
	if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
		return rep, err
	}
	lk, err := LockExclusive(o.DataDir)
	if err != nil {
		return rep, err
	}
	defer lk.Release()
	if rep.Backup, err = Verify(ctx, o.From); err != nil {
		return rep, err
	}
	dbPath := filepath.Join(o.DataDir, o.DBFile)
	tmp := tempName(dbPath)
	defer os.Remove(tmp)
	if err := copyFile(o.From, tmp, 0o600); err != nil {
		return rep, err
	}
	suffix := ".replaced-" + o.Now.Format("20060102-150405")
	moved, err := moveAside(dbPath, suffix)
	if err != nil {
		return rep, err
	}
	rep.Replaced = moved
	if err := finishRestore(ctx, o, tmp, dbPath, moved, &rep); err != nil {
		return rep, errors.Join(err, moveBack(dbPath, suffix, moved))
	}
	return rep, nil
}

// finishRestore carries the numbering over into the copy and puts it in
// place.
func finishRestore(ctx context.Context, o RestoreOptions, tmp, dbPath string, moved []string, rep *RestoreReport) error {
	var m marks
	var err error
	if len(moved) > 0 {
		m, err = readMarks(ctx, moved[0])
		rep.Exact, rep.Unreadable = err == nil, err
	} else {
		rep.Unreadable = errors.New("there was no database to carry numbering from")
	}
	rep.Replaced = existing(moved) // reading it may have checkpointed its -wal away
	if err := carry(ctx, tmp, m, rep.Exact, o.Day, rep); err != nil {
		return err
	}
	if _, err := Verify(ctx, tmp); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return err
	}
	if err := syncDir(o.DataDir); err != nil {
		return err
	}
	return WriteMarker(o.DataDir, o.Now)
}

// existing keeps the files that exist.
func existing(files []string) []string {
	var out []string
	for _, f := range files {
		if _, err := os.Stat(f); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// sidecars are the files SQLite keeps beside a WAL database; they belong
// to it and must move with it (a stale -wal beside another database would
// be replayed into it).
var sidecars = []string{"", "-wal", "-shm"}

// moveAside renames the database and its sidecars with suffix, keeping
// them a pair SQLite can still open; the main file comes first in the
// result.
func moveAside(dbPath, suffix string) ([]string, error) {
	var moved []string
	for _, s := range sidecars {
		from, to := dbPath+s, dbPath+suffix+s
		if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return moved, errors.Join(err, moveBack(dbPath, suffix, moved))
		}
		moved = append(moved, to)
	}
	return moved, syncDir(filepath.Dir(dbPath))
}

// moveBack undoes moveAside after a failed restore.
func moveBack(dbPath, suffix string, moved []string) error {
	var errs []error
	for _, to := range moved {
		from := dbPath + to[len(dbPath+suffix):]
		if err := os.Rename(to, from); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// marks are the numbers a database has handed out.
type marks struct {
	numbers map[[2]string]int // (day, queue) → last
	seq     int64             // the highest event sequence ever used
	catalog int64             // the catalogue's version
}

// readMarks reads the replaced database's numbering. It opens the file
// read-write (never creating it) so that a -wal left by a crash is
// recovered: the numbers in it were printed too.
func readMarks(ctx context.Context, path string) (marks, error) {
	m := marks{numbers: map[[2]string]int{}}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+url.Values{"mode": {"rw"}}.Encode())
	if err != nil {
		return m, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT day, queue, last FROM day_numbers")
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		var last int
		if err := rows.Scan(&k[0], &k[1], &last); err != nil {
			return m, err
		}
		m.numbers[k] = last
	}
	if err := rows.Err(); err != nil {
		return m, err
	}
	if m.seq, err = maxSeq(ctx, db); err != nil {
		return m, err
	}
	err = db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM catalogue").Scan(&m.catalog)
	return m, err
}

// maxSeq is the highest event sequence number a database has used: the
// AUTOINCREMENT counter, or the newest event if higher.
func maxSeq(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, `SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
		COALESCE((SELECT MAX(seq) FROM events), 0))`).Scan(&seq)
	return seq, err
}

// carry writes the numbering into the restored copy, in one transaction.
// Without exact marks, today's numbers in every known queue and the event
// sequence are pushed forward by the margins.
func carry(ctx context.Context, file string, m marks, exact bool, day string, rep *RestoreReport) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?"+url.Values{"mode": {"rw"}}.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if !exact {
		if m, err = marginMarks(ctx, tx, day); err != nil {
			return err
		}
	}
	for k, last := range m.numbers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO day_numbers (day, queue, last) VALUES (?, ?, ?)
			ON CONFLICT (day, queue) DO UPDATE SET last = max(last, excluded.last)`, k[0], k[1], last); err != nil {
			return fmt.Errorf("restore: carry numbers: %w", err)
		}
	}
	if err := carrySeq(ctx, tx, m.seq); err != nil {
		return err
	}
	// A catalogue version names one content (exports are named after
	// it): the restored catalogue gets a version never used before.
	if _, err := tx.ExecContext(ctx, "UPDATE catalogue SET version = ? + 1 WHERE version <= ?", m.catalog, m.catalog); err != nil {
		return fmt.Errorf("restore: carry catalogue version: %w", err)
	}
	if err := report(ctx, tx, day, rep); err != nil {
		return err
	}
	return tx.Commit()
}

// carrySeq makes the next event's seq follow seq.
func carrySeq(ctx context.Context, tx *sql.Tx, seq int64) error {
	res, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'events'", seq)
	if err != nil {
		return fmt.Errorf("restore: carry event sequence: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 && seq > 0 {
		_, err = tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)", seq)
	}
	return err
}

// marginMarks are today's numbers of the backup itself plus the margin, in
// every queue it knows (from its numbers and its catalogue), and its event
// sequence plus the margin.
func marginMarks(ctx context.Context, tx *sql.Tx, day string) (marks, error) {
	m := marks{numbers: map[[2]string]int{}}
	queues, err := knownQueues(ctx, tx)
	if err != nil {
		return m, err
	}
	for _, q := range queues {
		var last int
		err := tx.QueryRowContext(ctx, "SELECT last FROM day_numbers WHERE day = ? AND queue = ?", day, q).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		m.numbers[[2]string{day, q}] = last + NumberMargin
	}
	seq, err := maxSeq(ctx, tx)
	m.seq = seq + SeqMargin
	return m, err
}

// knownQueues lists every queue prefix the database has numbered or its
// catalogue declares.
func knownQueues(ctx context.Context, tx *sql.Tx) ([]string, error) {
	set := map[string]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT queue FROM day_numbers")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			rows.Close()
			return nil, err
		}
		set[q] = true
	}
	rows.Close()
	var doc string
	err = tx.QueryRowContext(ctx, "SELECT json FROM catalogue WHERE id = 1").Scan(&doc)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var cat struct {
		Queues []struct {
			Prefix string `json:"prefix"`
		} `json:"queues"`
	}
	if doc != "" && json.Unmarshal([]byte(doc), &cat) == nil {
		for _, q := range cat.Queues {
			set[q.Prefix] = true
		}
	}
	out := make([]string, 0, len(set))
	for q := range set {
		out = append(out, q)
	}
	sort.Strings(out)
	return out, nil
}

// report fills in the numbering the restored database will continue from.
func report(ctx context.Context, tx *sql.Tx, day string, rep *RestoreReport) error {
	rep.NextNumbers, rep.Numbers = map[string]int{}, map[[2]string]int{}
	rows, err := tx.QueryContext(ctx, "SELECT day, queue, last FROM day_numbers")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		var last int
		if err := rows.Scan(&k[0], &k[1], &last); err != nil {
			return err
		}
		rep.Numbers[k] = last
		if k[0] == day {
			rep.NextNumbers[k[1]] = last + 1
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rep.LastSeq, err = maxSeq(ctx, tx)
	return err
}
