package live

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"motcua/server/client"
	"motcua/server/contract"
)

// Source is the part of the server client the board needs; an interface so
// tests can drive a Sync without a network.
type Source interface {
	State(ctx context.Context) (contract.State, error)
	Follow(ctx context.Context, since int64, h client.Handler) error
}

// DefaultRefresh is how often the board re-reads the snapshot to correct
// the estimated waits, which events do not carry exactly.
const DefaultRefresh = 2 * time.Minute

// Sync keeps a Model in step with the server: it loads the snapshot, follows
// events from its sequence number, reloads on resync, and marks the board
// disconnected while the link is down. Every change is passed to OnChange.
type Sync struct {
	Source Source
	Model  *Model
	// OnChange receives the new picture and what changed, from the Sync's
	// goroutines one at a time; it must not block for long (hand audio
	// and drawing to their own goroutines).
	OnChange func(Board, Change)
	// Clock, when set, is corrected to the server's time at every snapshot.
	Clock *ServerClock
	// Refresh is the period of the snapshot re-read; zero means
	// DefaultRefresh, negative disables it.
	Refresh time.Duration
	// Retry is the wait between failed snapshot loads; zero means one second.
	Retry time.Duration

	mu sync.Mutex // serialises emit: follower and refresh both report
}

// Run loads the first snapshot (retrying until the server answers), then
// follows events until ctx ends. It returns ctx's error.
func (s *Sync) Run(ctx context.Context) error {
	done := make(chan struct{})
	defer close(done)
	if err := s.load(ctx, s.Model.Load); err != nil {
		return err
	}
	go s.refreshLoop(ctx, done)
	h := client.HandlerFuncs{
		OnEvent:     func(ev contract.Event) { s.emit(s.Model.Apply(ev)) },
		OnResync:    func() { s.load(ctx, s.Model.Load) },
		OnConnected: s.connected,
	}
	return s.Source.Follow(ctx, s.Model.Board().Seq, h)
}

// load reads the snapshot until it succeeds or ctx ends, showing the board
// as disconnected meanwhile.
func (s *Sync) load(ctx context.Context, apply func(contract.State) Change) error {
	retry := s.Retry
	if retry <= 0 {
		retry = time.Second
	}
	for {
		st, err := s.Source.State(ctx)
		if err == nil {
			s.Clock.Set(st.Now)
			s.emit(apply(st))
			return nil
		}
		s.connected(false, err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(retry):
		}
	}
}

func (s *Sync) refreshLoop(ctx context.Context, done <-chan struct{}) {
	if s.Refresh < 0 {
		return
	}
	every := s.Refresh
	if every == 0 {
		every = DefaultRefresh
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-t.C:
			s.refresh(ctx)
		}
	}
}

// refresh re-reads the snapshot once; a failure waits for the next tick
// (the follower reports the link itself).
func (s *Sync) refresh(ctx context.Context) {
	st, err := s.Source.State(ctx)
	if err != nil {
		return
	}
	s.Clock.Set(st.Now)
	s.emit(s.Model.Refresh(st))
}

func (s *Sync) connected(up bool, err error) {
	if s.Model.SetConnected(up) {
		s.emit(Change{Redraw: true})
	}
}

// emit hands a change to OnChange. A Reload request is served here, in the
// follower's goroutine, so events after it wait for the new snapshot.
func (s *Sync) emit(ch Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch.Reload {
		st, err := s.Source.State(context.Background())
		if err == nil {
			s.Clock.Set(st.Now)
			next := s.Model.Refresh(st)
			next.Announce = append(ch.Announce, next.Announce...)
			next.Settings = next.Settings || ch.Settings
			ch = next
		}
	}
	if s.OnChange != nil && (ch.Redraw || ch.Settings || len(ch.Announce) > 0) {
		s.OnChange(s.Model.Board(), ch)
	}
}

// ServerClock is the server's time as seen from the board: the local clock
// shifted by the difference measured at the last snapshot. Boards and the
// server thus agree on "now" (for the clock shown and for the freshness of
// calls) even when the board's PC clock is wrong. A nil *ServerClock is
// the local clock.
type ServerClock struct {
	offset atomic.Int64 // nanoseconds to add to time.Now
}

// Set records that the server's time is now at this instant.
func (c *ServerClock) Set(server time.Time) {
	if c == nil || server.IsZero() {
		return
	}
	c.offset.Store(int64(server.Sub(time.Now())))
}

// Now is the server's current time.
func (c *ServerClock) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	return time.Now().Add(time.Duration(c.offset.Load()))
}
