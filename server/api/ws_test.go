package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
	"motcua/server/store"
)

// follower records what a client.Follow delivers.
type follower struct {
	mu      sync.Mutex
	seqs    []int64
	types   []contract.EventType
	resyncs int
	ups     int
	downs   int
}

func (f *follower) Event(ev contract.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seqs = append(f.seqs, ev.Seq)
	f.types = append(f.types, ev.Type)
}
func (f *follower) Resync() { f.mu.Lock(); f.resyncs++; f.mu.Unlock() }
func (f *follower) Connected(up bool, _ error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if up {
		f.ups++
	} else {
		f.downs++
	}
}

func (f *follower) snapshot() ([]int64, int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int64(nil), f.seqs...), f.ups, f.resyncs
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func lastSeq(t *testing.T, srv *servertest.Server) int64 {
	t.Helper()
	seq, err := store.LastSeq(context.Background(), srv.DB.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func contiguous(t *testing.T, seqs []int64, from, to int64) {
	t.Helper()
	if int64(len(seqs)) != to-from+1 {
		t.Fatalf("got %d events (%v), want seq %d..%d", len(seqs), seqs, from, to)
	}
	for i, s := range seqs {
		if s != from+int64(i) {
			t.Fatalf("event %d has seq %d, want %d (all: %v)", i, s, from+int64(i), seqs)
		}
	}
}

// TestFollowResumesWithoutLossOrRepeat: a display follows, goes away while
// tickets are issued, comes back with since= and gets exactly the missed
// events; then the server restarts under it and it carries on by itself.
func TestFollowResumesWithoutLossOrRepeat(t *testing.T) {
	srv := servertest.New(t)
	kiosk := srv.Kiosk()
	ctx := context.Background()
	start := lastSeq(t, srv)

	f := &follower{}
	fctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.Display().Follow(fctx, start, f); close(done) }()
	waitFor(t, "first connection", func() bool { _, ups, _ := f.snapshot(); return ups == 1 })
	for range 3 {
		if _, err := kiosk.Issue(ctx, "2.000815", ""); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "3 live events", func() bool { s, _, _ := f.snapshot(); return len(s) == 3 })
	stop()
	<-done

	for range 4 { // missed while away
		kiosk.Issue(ctx, "1.001193", "")
	}
	seqs, _, _ := f.snapshot()
	f2 := &follower{}
	fctx, stop = context.WithCancel(ctx)
	defer stop()
	go srv.Display().Follow(fctx, seqs[len(seqs)-1], f2)
	waitFor(t, "4 replayed events", func() bool { s, _, _ := f2.snapshot(); return len(s) == 4 })

	srv.Restart()
	waitFor(t, "reconnect after restart", func() bool { _, ups, _ := f2.snapshot(); return ups == 2 })
	for range 2 {
		if _, err := srv.Kiosk().Issue(ctx, "1.001193", ""); err != nil {
			t.Fatal(err)
		}
	}
	end := lastSeq(t, srv)
	waitFor(t, "events after restart", func() bool { s, _, _ := f2.snapshot(); return len(s) == 6 })
	got, _, resyncs := f2.snapshot()
	contiguous(t, got, start+4, end)
	if resyncs != 0 {
		t.Fatalf("%d resyncs on a plain restart", resyncs)
	}
}

// TestFrameFormat reads raw frames: one JSON event per frame with v, seq,
// type, at and data.
func TestFrameFormat(t *testing.T) {
	srv := servertest.New(t)
	conn := dial(t, srv, "?since=0")
	defer conn.Close()
	if _, err := srv.Kiosk().Issue(context.Background(), "2.000815", contract.PriorityElderly); err != nil {
		t.Fatal(err)
	}
	for {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		typ, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		if typ != websocket.TextMessage {
			t.Fatalf("frame type %d", typ)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(msg, &raw); err != nil {
			t.Fatalf("frame is not one JSON object: %q", msg)
		}
		for _, k := range []string{"v", "seq", "type", "at", "data"} {
			if _, ok := raw[k]; !ok {
				t.Fatalf("frame lacks %q: %s", k, msg)
			}
		}
		var ev contract.Event
		json.Unmarshal(msg, &ev)
		if ev.Type != contract.EventTicketIssued {
			continue // the catalogue event of first start comes first
		}
		var te contract.TicketEvent
		if err := ev.Decode(&te); err != nil || te.Ticket.Priority != contract.PriorityElderly || ev.V != 1 {
			t.Fatalf("ticket.issued data %s", ev.Data)
		}
		return
	}
}

func dial(t *testing.T, srv *servertest.Server, query string) *websocket.Conn {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + srv.DisplayToken}}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/ws"+query, h)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func readEvent(t *testing.T, conn *websocket.Conn) contract.Event {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var ev contract.Event
	if err := conn.ReadJSON(&ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestResyncWhenHistoryIsGone: a client asking for events the server no
// longer keeps, or that it never wrote, is told to reload the state.
func TestResyncWhenHistoryIsGone(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	for range 5 {
		srv.Kiosk().Issue(ctx, "2.000815", "")
	}
	srv.Clock.Advance(30 * 24 * time.Hour)
	srv.Kiosk().Issue(ctx, "2.000815", "")
	if err := srv.DB.Update(ctx, func(tx *store.Tx) error { return tx.PruneEvents(srv.Clock.Now().Add(-time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	old := dial(t, srv, "?since=1")
	defer old.Close()
	if ev := readEvent(t, old); ev.Type != contract.ControlResync {
		t.Fatalf("since=1 after pruning: got %s", ev.Type)
	}
	ahead := dial(t, srv, "?since=999999")
	defer ahead.Close()
	if ev := readEvent(t, ahead); ev.Type != contract.ControlResync {
		t.Fatalf("since ahead of the server: got %s", ev.Type)
	}
	// After a resync the stream goes on live.
	srv.Kiosk().Issue(ctx, "2.000815", "")
	if ev := readEvent(t, ahead); ev.Type != contract.EventTicketIssued || ev.Seq != lastSeq(t, srv) {
		t.Fatalf("after resync: %s seq %d", ev.Type, ev.Seq)
	}
}

// TestClientErrorsAreTyped: the Go client turns error bodies into
// *contract.APIError with the HTTP status.
func TestClientErrorsAreTyped(t *testing.T) {
	srv := servertest.New(t)
	_, err := srv.Staff().CallNext(context.Background(), 1)
	if client.Code(err) != contract.CodeQueueEmpty {
		t.Fatalf("call-next on an empty queue: %v", err)
	}
	var ae *contract.APIError
	if !asAPI(err, &ae) || ae.Status != 404 {
		t.Fatalf("status %v", err)
	}
	if _, err := client.New("ftp://x", ""); err == nil {
		t.Fatal("a non-http server URL was accepted")
	}
}
