// Package server assembles the centre server from its parts — the store,
// the queue engine, authentication, the event hub and the HTTP API — and
// runs it. cmd/motcua-server is a thin shell around it, and tests (here and
// in the kiosk and display) start a real in-process server through
// servertest.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"motcua/server/api"
	"motcua/server/auth"
	"motcua/server/backup"
	"motcua/server/clock"
	"motcua/server/hub"
	"motcua/server/publish"
	"motcua/server/queue"
	"motcua/server/store"
	"motcua/server/web"
)

// DBFile is the database's name inside the data folder.
const DBFile = "motcua.db"

// eventRetention is how long events are kept for clients to resume from.
const eventRetention = 7 * 24 * time.Hour

// Config is what a server needs to start.
type Config struct {
	DataDir string
	Clock   clock.Clock
	Log     *slog.Logger
	// Hash sets the password hashing cost (auth.DefaultParams when zero).
	Hash auth.Params
	// Backup configures the daily automatic backups (none when Dir is
	// empty); see server/backup.
	Backup backup.Schedule
	// BackupChecked, when set, is told the outcome of every check of the
	// backup schedule; BackupTick, when set, replaces the one-minute
	// ticker that triggers the checks. Tests drive the schedule with them
	// and a fake clock.
	BackupChecked func(ran bool, err error)
	BackupTick    <-chan time.Time
}

// Server is a running centre server.
type Server struct {
	DB     *store.DB
	Engine *queue.Engine
	Auth   *auth.Service
	Hub    *hub.Hub
	API    *api.API

	cfg      Config
	shutdown chan struct{}
	once     sync.Once
	http     *http.Server
	lock     *backup.Lock // shared lock on the data folder: a restore refuses while it is held
	backups  *backups
	failures failures // the store's write failures as last seen, for health
}

// Open opens the data folder and builds the server, ready to Serve.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Hash == (auth.Params{}) {
		cfg.Hash = auth.DefaultParams
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	db, lk, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s, err := build(ctx, cfg, db)
	if err != nil {
		db.Close()
		lk.Release()
		return nil, err
	}
	s.lock = lk
	s.startBackups()
	return s, nil
}

func build(ctx context.Context, cfg Config, db *store.DB) (*Server, error) {
	h := hub.New()
	eng, err := queue.Open(ctx, db, cfg.Clock, h)
	if err != nil {
		return nil, err
	}
	au, err := auth.New(db, cfg.Clock, cfg.Hash)
	if err != nil {
		return nil, err
	}
	if err := prune(ctx, db, cfg.Clock); err != nil {
		return nil, err
	}
	s := &Server{DB: db, Engine: eng, Auth: au, Hub: h, cfg: cfg, shutdown: make(chan struct{})}
	s.API = &api.API{Engine: eng, Auth: au, Hub: h, DB: db, Log: cfg.Log, Shutdown: s.shutdown, Problems: s.Problems}
	au.OnRevoke(s.API.Revoked) // a revoked device or ended session loses its websocket at once
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Log.Handler(), slog.LevelWarn),
	}
	go s.pruneEvery(pruneInterval)
	return s, nil
}

// pruneInterval is how often a long-running server drops events older
// than eventRetention: an appliance may run for months between restarts.
const pruneInterval = time.Hour

func prune(ctx context.Context, db *store.DB, c clock.Clock) error {
	return db.Update(ctx, func(tx *store.Tx) error { return tx.PruneEvents(c.Now().Add(-eventRetention)) })
}

func (s *Server) pruneEvery(d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-s.shutdown:
			return
		case <-t.C:
			if err := prune(context.Background(), s.DB, s.cfg.Clock); err != nil && !errors.Is(err, store.ErrClosed) {
				s.cfg.Log.Warn("pruning old events", "err", err)
			}
		}
	}
}

// Handler is everything the server answers over HTTP.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", s.API.Handler())
	pages := web.New(s.Engine, s.Auth)
	for _, p := range web.Paths {
		mux.Handle(p, pages)
	}
	public := publish.NewPages(s.Engine)
	for _, p := range publish.Paths {
		mux.Handle(p, public)
	}
	mux.Handle("/", s.pages())
	return mux
}

// Serve answers requests on ln until Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.http.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops accepting requests, ends websocket sessions, lets the
// requests in flight finish, and closes the database.
func (s *Server) Close() error {
	s.once.Do(func() { close(s.shutdown) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	s.stopBackups()
	return errors.Join(err, s.DB.Close(), s.lock.Release())
}
