// Package store owns the server's SQLite database: how it is opened so that
// an acknowledged ticket survives power loss, the embedded migrations, and
// the single writer that commits every state change.
//
// All writes go through DB.Update, which hands them to one writer goroutine.
// The writer groups the changes that arrive together into one transaction
// (group commit: one fsync for many tickets), runs each in its own savepoint
// so one failing change never undoes another, and runs each change's
// after-commit hooks in commit order. The engine publishes its events from
// those hooks, which is how "saved before announced" and gap-free sequence
// numbers hold without any other lock.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"motcua/server/clock"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: the server builds with CGO_ENABLED=0
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrClosed is returned by Update after Close.
var ErrClosed = errors.New("store: closed")

// ErrSchemaTooNew means the database was written by a newer motcua: running
// an older binary on it could corrupt data, so Open refuses.
var ErrSchemaTooNew = errors.New("store: database schema is newer than this program")

// maxBatch bounds how many changes one group commit carries, so a flood of
// requests still gets answers at a steady pace.
const maxBatch = 256

// DB is the open database: one writer connection fed by one goroutine, and a
// pool of read-only connections that see committed snapshots (WAL).
type DB struct {
	commits    atomic.Int64 // transactions committed by the writer
	longest    atomic.Int64 // the longest batch, in nanoseconds
	changes    atomic.Int64 // changes they carried
	stmts      sync.Map     // query → *sql.Stmt prepared on the writer connection
	unprepared sync.Map     // queries seen but not yet prepared
	path       string
	w          *sql.DB
	r          *sql.DB
	ops        chan *op
	quit       chan struct{}
	done       chan struct{}
	once       sync.Once
	watch      *fileWatch // the file opened and the writer's storage failures, for Health
	clock      clock.Clock
	clockWatch watchSlot    // who hears of clock steps (the engine)
	seen       clockReading // the writer's previous reading; only the writer touches it
	staged     map[any]any  // values staged by the changes of the running batch
	savepoint  [3]*sql.Stmt // SAVEPOINT, ROLLBACK TO and RELEASE, prepared once: a batch runs them for every change
	ckptConn   *sql.DB      // the checkpointer's connection
	gather     *time.Timer  // the writer's wait for one more change
	lastBatch  int          // the previous batch's size (writer only)
	ckptWake   chan struct{}
	ckptDone   chan struct{}
	ckpts      atomic.Int64
	ckptNanos  atomic.Int64
	ckptLast   atomic.Int64 // the last pass: log frames << 32 | frames copied
}

// Tx is the transaction a change runs in. OnCommit registers what to do once
// the change is durable; it is dropped if the change or the commit fails.
type Tx struct {
	*sql.Tx
	db     *DB
	after  []func()
	now    time.Time
	staged map[any]any
}

// Now is the change's time, read from the store's clock when the writer
// starts the change: every row and event the change writes carries the
// same instant, and no change is stamped earlier than one it follows
// (unless the clock itself moved back, which the writer reports).
func (t *Tx) Now() time.Time { return t.now }

// Staged returns the value a change of this transaction staged under key
// (this change first, then the earlier ones of the batch), if any.
//
// It is how in-memory copies of stored state (the catalogue, the settings)
// stay right under group commit: a change that replaces the catalogue
// stages the new copy, the next change of the same batch reads it here
// instead of the copy in memory, which is only replaced once the batch
// commits (in an OnCommit hook). A change that fails takes its staged
// values with it, exactly like its rows.
func (t *Tx) Staged(key any) (any, bool) {
	if v, ok := t.staged[key]; ok {
		return v, true
	}
	v, ok := t.db.staged[key]
	return v, ok
}

// Stage records v under key for the later changes of this transaction (see
// Staged). Publish it to memory with OnCommit.
func (t *Tx) Stage(key, v any) {
	if t.staged == nil {
		t.staged = map[any]any{}
	}
	t.staged[key] = v
}

// stmt returns the transaction's handle on a statement prepared on the
// writer connection, or nil the first time a query is seen: SQLite spends a
// fifth of a small change parsing SQL, so the writer prepares each query
// once, between transactions (its one connection is busy during them), and
// every later change reuses it.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := t.db.stmts.Load(query); ok {
		return t.StmtContext(ctx, s.(*sql.Stmt))
	}
	t.db.unprepared.Store(query, struct{}{})
	return nil
}

// prepare readies the queries seen since the last call. It runs on the
// writer goroutine between transactions.
func (db *DB) prepare() {
	db.unprepared.Range(func(k, _ any) bool {
		db.unprepared.Delete(k)
		if s, err := db.w.Prepare(k.(string)); err == nil {
			db.stmts.Store(k, s)
		}
		return true
	})
}

// ExecContext runs a statement through the statement cache.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// Exec is ExecContext without a context.
func (t *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return t.ExecContext(context.Background(), query, args...)
}

// QueryContext runs a query through the statement cache.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query through the statement cache.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// QueryRow is QueryRowContext without a context.
func (t *Tx) QueryRow(query string, args ...any) *sql.Row {
	return t.QueryRowContext(context.Background(), query, args...)
}

// OnCommit runs f after the transaction has committed, in commit order, on
// the writer goroutine. f must not block: it is the place to publish events.
func (t *Tx) OnCommit(f func()) { t.after = append(t.after, f) }

type op struct {
	ctx   context.Context
	fn    func(*Tx) error
	err   error
	after []func()
	done  chan error // nil for a change the writer adds itself
}

// Option configures Open.
type Option func(*DB)

// WithClock gives the store the clock that stamps every change (Tx.Now).
// Without it the store reads the system clock.
func WithClock(c clock.Clock) Option { return func(db *DB) { db.clock = c } }

// Open opens (creating if needed) the database at path and migrates it.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	w, err := sql.Open("sqlite", writerDSN(path))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	// Keep them all: reopening costs, and a reader cannot reopen a
	// database whose file was deleted (health must still answer then).
	r.SetMaxIdleConns(8)
	// The checkpointer never creates the file either (see dsn).
	c, err := sql.Open("sqlite", DSN(path)+"&mode=rw")
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	c.SetMaxOpenConns(1)
	db := &DB{path: path, w: w, r: r, ops: make(chan *op, maxBatch), quit: make(chan struct{}), done: make(chan struct{}), clock: clock.System{},
		ckptConn: c, ckptWake: make(chan struct{}, 1), ckptDone: make(chan struct{}), watch: newFileWatch(path)}
	for _, o := range opts {
		o(db)
	}
	for i, q := range []string{"SAVEPOINT change", "ROLLBACK TO change", "RELEASE change"} {
		if db.savepoint[i], err = w.PrepareContext(ctx, q); err != nil {
			errors.Join(w.Close(), r.Close(), c.Close())
			return nil, err
		}
	}
	if err := db.loadSeen(ctx); err != nil {
		errors.Join(w.Close(), r.Close(), c.Close())
		return nil, err
	}
	go db.writer()
	go db.checkpointer()
	return db, nil
}

// DSN is the writer's connection string, for tools and benchmarks that must
// measure SQLite with exactly the server's durability.
func DSN(path string) string { return dsn(path, false) }

// writerDSN is the writer's own connection string: the server's
// durability, without the checkpoint SQLite would otherwise run inside a
// commit (the checkpointer does it outside the writer), with the log cut
// back to 4 MB when it restarts after a flood, and a 32 MB page cache: a
// year of tickets puts the random-id index well past SQLite's default
// 2 MB, and every issue inserts into a random leaf of it.
func writerDSN(path string) string {
	return DSN(path) + "&" + url.Values{"_pragma": {"wal_autocheckpoint(0)", "journal_size_limit(4194304)", "cache_size(-32768)"}}.Encode()
}

// dsn builds the connection string. synchronous=FULL makes every commit
// fsync the WAL, so a ticket the kiosk printed is on disk before it is
// acknowledged; busy_timeout lets readers wait out a checkpoint.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// Never create: a reader opened after the file was deleted must
		// fail, not leave an empty database for the next start.
		q.Add("mode", "rw")
	} else {
		q.Add("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Close stops the writer after the changes already queued and closes the
// database.
func (db *DB) Close() error {
	db.once.Do(func() { close(db.quit) })
	<-db.done
	<-db.ckptDone
	db.stmts.Range(func(_, s any) bool { s.(*sql.Stmt).Close(); return true })
	for _, s := range db.savepoint {
		s.Close()
	}
	return errors.Join(db.r.Close(), db.w.Close())
}

// Update runs fn in a write transaction and returns once it is durable (or
// has failed). A panic in fn is turned into an error: bad input must never
// bring the server down.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	o := &op{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case <-db.quit:
		return ErrClosed
	default:
	}
	select {
	case db.ops <- o:
	case <-db.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, wait for the verdict even if ctx ends: the change may
	// commit, and the caller must not report a failure for a saved ticket.
	select {
	case err := <-o.done:
		return err
	case <-db.done:
		// The writer has stopped; it answers every change it took before.
		select {
		case err := <-o.done:
			return err
		default:
			return ErrClosed
		}
	}
}

// Read runs fn in a read-only transaction: every query in it sees the same
// committed snapshot.
func (db *DB) Read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// Reader is the read-only pool, for single queries.
func (db *DB) Reader() *sql.DB { return db.r }

func (db *DB) writer() {
	defer close(db.done)
	for {
		var first *op
		select {
		case first = <-db.ops:
		case <-db.quit:
			db.drain()
			return
		}
		db.commit(db.collect(first))
		db.prepare()
	}
}

// drain finishes the changes queued before Close.
func (db *DB) drain() {
	for {
		select {
		case o := <-db.ops:
			db.commit(db.collect(o))
		default:
			return
		}
	}
}

// gatherWait is how long the writer waits for one more change when the
// previous batch showed several kiosks at once: a commit (its fsync) costs
// far more than this, so a slightly later commit that carries one more
// ticket lets every kiosk through sooner. A lone kiosk never waits.
const gatherWait = 200 * time.Microsecond

// collect takes whatever else is already waiting, up to maxBatch, and,
// when changes have been arriving together, waits gatherWait for more.
func (db *DB) collect(first *op) []*op {
	batch := []*op{first}
	waited := db.lastBatch < 2
	for len(batch) < maxBatch {
		select {
		case o := <-db.ops:
			batch = append(batch, o)
			continue
		default:
		}
		if waited {
			break
		}
		waited = true
		if db.gather == nil {
			db.gather = time.NewTimer(gatherWait)
		} else {
			db.gather.Reset(gatherWait)
		}
		select {
		case o := <-db.ops:
			batch = append(batch, o)
			if !db.gather.Stop() {
				<-db.gather.C
			}
		case <-db.gather.C:
		}
	}
	db.lastBatch = len(batch)
	return batch
}

// commit runs a batch in one transaction and answers every change in it.
func (db *DB) commit(batch []*op) {
	before := db.commits.Load()
	ran, err := db.runBatch(batch)
	db.noteCommit(ran, err, db.commits.Load() > before)
	for _, o := range ran {
		if o.err == nil && err != nil {
			o.err = err
		}
		if o.err == nil {
			for _, f := range o.after {
				f()
			}
		}
		if o.done != nil {
			o.done <- o.err
		}
	}
}

// runBatch runs the batch's changes in one transaction. It returns them in
// the order they ran, with any change the writer added itself (a clock
// step report), so their hooks run in commit order.
func (db *DB) runBatch(batch []*op) ([]*op, error) {
	db.staged = nil
	start := time.Now()
	defer func() {
		db.staged = nil
		d := int64(time.Since(start))
		for cur := db.longest.Load(); d > cur && !db.longest.CompareAndSwap(cur, d); cur = db.longest.Load() {
		}
	}()
	tx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		return batch, err
	}
	single := len(batch) == 1
	ran := make([]*op, 0, len(batch))
	ok := 0
	for _, o := range batch {
		if err := o.ctx.Err(); err != nil {
			o.err = err
			ran = append(ran, o)
			continue
		}
		now, step := db.tick()
		if w := db.watcher(); step != nil && w != nil {
			s := *step
			report := &op{ctx: o.ctx, fn: func(t *Tx) error { return w(t, s) }}
			single = false // the report and the change each need a savepoint
			if db.runOne(tx, report, now, false) == nil {
				ok++
			}
			ran = append(ran, report)
		}
		if db.runOne(tx, o, now, single) == nil {
			ok++
		}
		ran = append(ran, o)
	}
	if ok == 0 {
		tx.Rollback()
		return ran, nil
	}
	if err := tx.Commit(); err != nil {
		return ran, err
	}
	db.commits.Add(1)
	db.changes.Add(int64(ok))
	db.wakeCheckpointer()
	return ran, nil
}

// LongestCommit is the longest time the writer spent on one batch (from
// its BEGIN to its COMMIT) since Open or the previous call: what every
// kiosk waited at worst behind the writer, checkpoint stalls included.
func (db *DB) LongestCommit() time.Duration { return time.Duration(db.longest.Swap(0)) }

// Queued is how many changes wait for the writer: a writer that falls
// behind shows here first, and a test uses it to put changes in one batch.
func (db *DB) Queued() int { return len(db.ops) }

// Stats reports how many transactions the writer has committed and how many
// changes they carried: their ratio is the group-commit batch size.
func (db *DB) Stats() (commits, changes int64) { return db.commits.Load(), db.changes.Load() }

// runOne runs one change inside its own savepoint (unless it is alone in
// the transaction, where the transaction itself is enough). A change that
// succeeds leaves its staged values to the later changes of the batch.
func (db *DB) runOne(tx *sql.Tx, o *op, now time.Time, single bool) error {
	sp := func(i int) error { _, err := tx.Stmt(db.savepoint[i]).Exec(); return err }
	if !single {
		if err := sp(0); err != nil {
			o.err = err
			return err
		}
	}
	t := &Tx{Tx: tx, db: db, now: now}
	o.err = call(o.fn, t)
	if !single {
		if o.err != nil {
			if err := sp(1); err != nil {
				return o.err
			}
		}
		if err := sp(2); err != nil && o.err == nil {
			o.err = err
		}
	}
	if o.err != nil {
		return o.err
	}
	o.after = t.after
	for k, v := range t.staged {
		if db.staged == nil {
			db.staged = map[any]any{}
		}
		db.staged[k] = v
	}
	return nil
}

// call runs fn and turns a panic into an error.
func call(fn func(*Tx) error, t *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: change panicked: %v", r)
		}
	}()
	return fn(t)
}

// migrate brings the schema up to date, one migration per transaction, and
// refuses a database newer than the code.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if version > len(names) {
		return fmt.Errorf("%w (database %d, program %d)", ErrSchemaTooNew, version, len(names))
	}
	for i := version; i < len(names); i++ {
		if err := applyMigration(ctx, db, names[i], i+1); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, name string, version int) error {
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("store: migration %s: %w", strings.TrimPrefix(name, "migrations/"), err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion is the number of migrations this program knows.
func SchemaVersion() int {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	return len(names)
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok"
// when the file is sound).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	err := db.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

type sqlTx = sql.Tx

// Querier is what both a read transaction and a write transaction can do,
// so query helpers serve either.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
