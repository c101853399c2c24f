// Package hub fans committed events out to live subscribers (websocket
// connections). It is the gorilla chat example's hub with one difference:
// the hub's state is guarded by a mutex instead of owned by a goroutine, so
// an event reaches every subscriber's buffer in the same call that publishes
// it, without an extra hop.
//
// Each subscriber has a buffered channel. A subscriber whose buffer is full
// is dropped, never waited for: one stalled television must not delay the
// calls on every other screen. A dropped client reconnects with ?since= and
// loses nothing, because the events are in the store.
package hub

import (
	"sync"

	"motcua/server/contract"
)

// Message is one event ready to send: its sequence number and its encoding,
// shared by all subscribers (encoded once).
type Message struct {
	Seq  int64
	Wire []byte
}

// Sub is one subscriber. C carries events published after Subscribe, in
// order; it is closed when the subscriber is dropped or unsubscribed.
type Sub struct {
	C       chan Message
	dropped bool
}

// Dropped tells whether the hub dropped the subscriber for being too slow.
// It is valid once C is closed.
func (s *Sub) Dropped() bool { return s.dropped }

// Hub is the set of live subscribers.
type Hub struct {
	mu   sync.Mutex
	subs map[*Sub]struct{}
	last int64
}

// New returns an empty hub.
func New() *Hub { return &Hub{subs: make(map[*Sub]struct{})} }

// Subscribe adds a subscriber with a buffer of size events.
func (h *Hub) Subscribe(size int) *Sub {
	s := &Sub{C: make(chan Message, size)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Unsubscribe removes a subscriber and closes its channel.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.C)
	}
}

// Publish hands an event to every subscriber without blocking.
func (h *Hub) Publish(ev contract.Event, wire []byte) {
	m := Message{Seq: ev.Seq, Wire: wire}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = ev.Seq
	for s := range h.subs {
		select {
		case s.C <- m:
		default:
			s.dropped = true
			delete(h.subs, s)
			close(s.C)
		}
	}
}

// Len is the number of live subscribers.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// LastSeq is the newest sequence number published.
func (h *Hub) LastSeq() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}
