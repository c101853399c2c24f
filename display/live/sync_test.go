package live_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"motcua/display/live"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// recorder collects what a Sync reports.
type recorder struct {
	mu        sync.Mutex
	announced []contract.Call
	last      live.Board
}

func (r *recorder) change(b live.Board, ch live.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.announced = append(r.announced, ch.Announce...)
	r.last = b
}

func (r *recorder) numbers() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, c := range r.announced {
		out = append(out, c.Number)
	}
	return out
}

func (r *recorder) board() live.Board {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// eventually waits up to 10 s for cond; it is a wait, not a timing claim.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countingSource counts the follower's failed connection attempts, so a
// test can wait for the back-off to have happened instead of sleeping.
type countingSource struct {
	live.Source
	failures atomic.Int64
}

func (c *countingSource) Follow(ctx context.Context, since int64, h client.Handler) error {
	return c.Source.Follow(ctx, since, client.HandlerFuncs{
		OnEvent:  h.Event,
		OnResync: h.Resync,
		OnConnected: func(up bool, err error) {
			if !up {
				c.failures.Add(1)
			}
			h.Connected(up, err)
		},
	})
}

func start(t *testing.T, srv *servertest.Server) (*live.Model, *recorder) {
	m, r, _ := startCounting(t, srv)
	return m, r
}

func startCounting(t *testing.T, srv *servertest.Server) (*live.Model, *recorder, *countingSource) {
	t.Helper()
	m := live.NewModel(srv.Clock.Now)
	r := &recorder{}
	src := &countingSource{Source: srv.Display()}
	s := &live.Sync{Source: src, Model: m, OnChange: r.change, Refresh: -1, Retry: 50 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	eventually(t, "first snapshot and link", func() bool { b := m.Board(); return b.Loaded && b.Connected })
	return m, r, src
}

// settled makes one more call, to counter n, and waits until the board has
// announced it. Events reach the board in sequence order, so once the
// marker is through, any stray announcement of an earlier event would
// already be in r: this replaces "sleep and hope".
func settled(t *testing.T, srv *servertest.Server, m *live.Model, r *recorder, n int) string {
	t.Helper()
	marker := call(t, srv, srv.Staff(), "1.013978", n)
	eventually(t, "marker call "+marker.Number, func() bool {
		got := r.numbers()
		return len(got) > 0 && got[len(got)-1] == marker.Number && currentAt(m.Board(), n) == marker.Number
	})
	return marker.Number
}

// call issues a ticket and calls it to counter n (finishing what n served).
func call(t *testing.T, srv *servertest.Server, staff *client.Client, procedure string, n int) contract.Ticket {
	t.Helper()
	ctx := context.Background()
	if _, err := srv.Kiosk().Issue(ctx, procedure, contract.PriorityNone); err != nil {
		t.Fatal(err)
	}
	tk, err := staff.CallNext(ctx, n)
	if client.Code(err) == contract.CodeCounterBusy {
		if _, err = staff.Finish(ctx, n); err == nil {
			tk, err = staff.CallNext(ctx, n)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func currentAt(b live.Board, n int) string {
	for _, c := range b.Counters {
		if c.Number == n && c.Current != nil {
			return c.Current.Number
		}
	}
	return ""
}

func TestSyncFollowsLiveCalls(t *testing.T) {
	srv := servertest.New(t)
	staff := srv.Staff()
	call(t, srv, staff, "1.013978", 3) // before the board starts: never announced
	m, r := start(t, srv)
	tk := call(t, srv, staff, "1.001612", 4)
	eventually(t, "call on the board", func() bool { return currentAt(m.Board(), 4) == tk.Number })
	eventually(t, "announcement", func() bool { return len(r.numbers()) == 1 })
	if got := r.numbers(); got[0] != tk.Number {
		t.Fatalf("announced %v, want only %s", got, tk.Number)
	}
}

// After the server stops, the board shows it is disconnected; calls made
// while the server restarts are caught up: a recent one is announced once,
// one that is old by the time the board sees it updates the board silently,
// and nothing announced before the cut is read again.
func TestReconnectAndCatchUpAfterRestart(t *testing.T) {
	srv := servertest.New(t)
	staff := srv.Staff()
	m, r, src := startCounting(t, srv)
	first := call(t, srv, staff, "1.013978", 3)
	eventually(t, "first announcement", func() bool { return len(r.numbers()) == 1 })

	srv.Stop()
	eventually(t, "disconnected mark", func() bool { return !m.Board().Connected })
	// Let the follower back off past its first retries.
	eventually(t, "three failed reconnects", func() bool { return src.failures.Load() >= 3 })
	srv.Restart()
	staff = srv.Staff()
	old := call(t, srv, staff, "1.001612", 4)
	srv.Clock.Advance(2 * time.Minute) // the board will see this call two minutes late
	eventually(t, "reconnected and caught up", func() bool {
		b := m.Board()
		return b.Connected && currentAt(b, 4) == old.Number
	})
	fresh := call(t, srv, staff, "1.001776", 5)
	eventually(t, "fresh call", func() bool { return currentAt(m.Board(), 5) == fresh.Number })
	eventually(t, "second announcement", func() bool { return len(r.numbers()) >= 2 })
	marker := settled(t, srv, m, r, 6)
	if got := r.numbers(); len(got) != 3 || got[0] != first.Number || got[1] != fresh.Number || got[2] != marker {
		t.Fatalf("announced %v; want %s, %s then the marker %s (the late %s silent, nothing twice)", got, first.Number, fresh.Number, marker, old.Number)
	}
}

// A cut shorter than the freshness window: the call made meanwhile is
// still announced, exactly once, when the board catches up.
func TestCallDuringShortCutAnnouncedOnce(t *testing.T) {
	srv := servertest.New(t)
	m, r := start(t, srv)
	srv.Stop()
	eventually(t, "disconnected mark", func() bool { return !m.Board().Connected })
	srv.Restart()
	tk := call(t, srv, srv.Staff(), "1.013978", 3)
	eventually(t, "caught up", func() bool { return currentAt(m.Board(), 3) == tk.Number })
	eventually(t, "announcement", func() bool { return len(r.numbers()) == 1 })
	marker := settled(t, srv, m, r, 6)
	if got := r.numbers(); len(got) != 2 || got[0] != tk.Number || got[1] != marker {
		t.Fatalf("announced %v, want %s once, then the marker %s", got, tk.Number, marker)
	}
}
